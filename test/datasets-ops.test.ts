import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Dataset, DatasetDict, concatenateDatasets, loadDataset, numpyPermutation } from 'tstorch/datasets';
import { fixture } from './helpers/fixtures.js';

const quiet = { disableProgress: true };
const agNews = () =>
  loadDataset('csv', { dataFiles: { train: fixture('ag-news-tutorial', 'train.csv'), test: fixture('ag-news-tutorial', 'test.csv') } });

// A tokenizer-shaped function: ids per whitespace word, padded/truncated to 8 like padding: 'max_length'.
const fakeTokenize = (batch: { text: string[] }) => {
  const input_ids = batch.text.map((t) => {
    const ids = [101, ...t.split(/\s+/).slice(0, 6).map((w) => 1000 + w.length), 102];
    return [...ids, ...Array(8 - ids.length).fill(0)];
  });
  return {
    input_ids,
    token_type_ids: input_ids.map((r) => r.map(() => 0)),
    attention_mask: input_ids.map((r) => r.map((id) => (id ? 1 : 0))),
  };
};

describe('numpy-compatible shuffle', () => {
  // Reference values printed by numpy 2.4.6: np.random.default_rng(seed).permutation(n)
  it('matches np.random.default_rng(seed).permutation(n)', () => {
    expect([...numpyPermutation(10, 42)]).toEqual([5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
    expect([...numpyPermutation(5, 0)]).toEqual([2, 4, 3, 0, 1]);
    expect([...numpyPermutation(7, 2 ** 40 + 3)]).toEqual([2, 5, 6, 3, 0, 1, 4]);
    expect([...numpyPermutation(20, 2n ** 64n + 5n)]).toEqual([6, 5, 11, 2, 0, 18, 4, 16, 7, 15, 10, 19, 13, 17, 9, 12, 8, 3, 1, 14]);
    const p1000 = numpyPermutation(1000, 42);
    expect([...p1000.slice(0, 12)]).toEqual([978, 933, 859, 916, 127, 608, 856, 260, 147, 810, 635, 972]);
    expect([...p1000.slice(-5)]).toEqual([548, 609, 961, 973, 648]);
    const p100k = numpyPermutation(100_000, 1234);
    expect([...p100k.slice(0, 6)]).toEqual([97287, 80041, 63497, 83214, 89089, 97130]);
    expect([...p100k.slice(-3)]).toEqual([33271, 65267, 48058]);
    const yelp = numpyPermutation(650_000, 42); // the tutorial's train split size
    expect([yelp[0], yelp[1], yelp[649_999]]).toEqual([553156, 61021, 599688]);
  });

  it('agrees with a live numpy when one is installed', (ctx) => {
    let out: string;
    try {
      out = execFileSync('python3', ['-c', 'import numpy as np; print(*np.random.default_rng(7).permutation(3001)[:40])'], { encoding: 'utf8' });
    } catch {
      return ctx.skip();
    }
    expect([...numpyPermutation(3001, 7).slice(0, 40)].join(' ')).toBe(out.trim());
  });

  it('the tutorial selection picks the rows Python picks', async () => {
    const ds = await agNews();
    const small = ds.train.shuffle({ seed: 42 }).select([...Array(1000).keys()]);
    expect(small.length).toBe(1000);
    // numpy: default_rng(42).permutation(6000)[:5] == [4959, 3430, 1991, 3264, 5059]
    const text = ds.train.column('text') as string[];
    expect(small.column('text').slice(0, 5)).toEqual([4959, 3430, 1991, 3264, 5059].map((i) => text[i]));
    expect(small.at(0).text.startsWith('Sysco profit climbs 8 percent on sales.')).toBe(true);
  });
});

describe('Dataset', () => {
  it('rows, columns, iteration and negative indices', () => {
    const ds = Dataset.fromDict({ text: ['a', 'b', 'c'], label: [0, 1, 0] });
    expect(ds.length).toBe(3);
    expect(ds.at(-1)).toEqual({ text: 'c', label: 0 });
    expect(ds.get(1)).toEqual({ text: 'b', label: 1 });
    expect(ds.get('label')).toEqual([0, 1, 0]);
    expect([...ds].map((r) => r.text)).toEqual(['a', 'b', 'c']);
    expect([...ds.iter({ batchSize: 2 })]).toEqual([{ text: ['a', 'b'], label: [0, 1] }, { text: ['c'], label: [0] }]);
    expect(() => ds.at(3)).toThrow(RangeError);
    expect(() => ds.column('labels')).toThrow('column "labels" not found; the data set has columns: "text", "label"');
    expect(String(ds)).toContain("features: ['text', 'label']");
  });

  it('select and shuffle are index views that compose; flattenIndices materialises', () => {
    const ds = Dataset.fromDict({ x: Array.from({ length: 10 }, (_, i) => i * 10) });
    const view = ds.shuffle({ seed: 42 }).select([0, 1, 2]);
    expect(view.column('x')).toEqual([50, 60, 0]); // permutation(10, 42) starts 5, 6, 0
    expect(view.select([2, 0]).column('x')).toEqual([0, 50]);
    expect(view.flattenIndices().column('x')).toEqual([50, 60, 0]);
    expect(() => ds.select([10])).toThrow(/out of range/);
    // Same seed, same order; no seed, a different order (almost surely) but the same rows.
    expect(ds.shuffle({ seed: 3 }).column('x')).toEqual(ds.shuffle({ seed: 3 }).column('x'));
    expect([...ds.shuffle().column('x')].sort((a, b) => a - b)).toEqual(ds.column('x'));
  });

  it('map (batched) adds tokenizer columns stored compactly, keeps inputs, and runs in batches of 1000', async () => {
    const ds = (await agNews()).train;
    const sizes: number[] = [];
    const out = await ds.map(
      (b: { text: string[] }) => {
        sizes.push(b.text.length);
        return fakeTokenize(b);
      },
      { batched: true, ...quiet },
    );
    expect(sizes).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(out.columnNames).toEqual(['label', 'text', 'input_ids', 'token_type_ids', 'attention_mask']);
    expect(out.features.input_ids).toEqual({ dtype: 'list', feature: { dtype: 'int32' } });
    expect(out.features.attention_mask).toEqual({ dtype: 'list', feature: { dtype: 'int8' } });
    expect(out.at(0).input_ids).toEqual([101, 1005, 1003, 1001, 1001, 1007, 1005, 102]);
    expect(out.at(0).label).toBe(2);
    expect(ds.columnNames).toEqual(['label', 'text']); // the source is unchanged
  });

  it('map (per row), withIndices, removeColumns, replacing a column, and a map over a view', async () => {
    const ds = Dataset.fromDict({ text: ['aa', 'b', 'cccc'], label: [1, 2, 3] });
    const lens = await ds.map((r: { text: string }, i?: number) => ({ len: r.text.length, idx: i }), { withIndices: true, ...quiet });
    expect(lens.toList()).toEqual([
      { text: 'aa', label: 1, len: 2, idx: 0 },
      { text: 'b', label: 2, len: 1, idx: 1 },
      { text: 'cccc', label: 3, len: 4, idx: 2 },
    ]);
    const replaced = await ds.map((r: { label: number }) => ({ label: r.label * 0.5 }), { removeColumns: 'text', ...quiet });
    expect(replaced.toDict()).toEqual({ label: [0.5, 1, 1.5] });
    expect(replaced.features.label).toEqual({ dtype: 'float64' });
    const onView = await ds.select([2, 0]).map((r: { text: string }) => ({ up: r.text.toUpperCase() }), quiet);
    expect(onView.toDict()).toEqual({ text: ['cccc', 'aa'], label: [3, 1], up: ['CCCC', 'AA'] });
  });

  it('map may change the row count when the input columns are removed, and awaits async functions', async () => {
    const ds = Dataset.fromDict({ text: ['a b', 'c'] });
    const split = await ds.map(
      async (b: { text: string[] }) => ({ word: b.text.flatMap((t) => t.split(' ')) }),
      { batched: true, removeColumns: ['text'], ...quiet },
    );
    expect(split.column('word')).toEqual(['a', 'b', 'c']);
  });

  it('map reports ragged and mismatched outputs clearly', async () => {
    const ds = Dataset.fromDict({ text: ['a', 'b'], label: [0, 1] });
    await expect(ds.map(() => ({ a: [1, 2], b: [1] }), { batched: true, ...quiet })).rejects.toThrow(
      'map (batched): the returned columns have different lengths: a: 2, b: 1',
    );
    await expect(ds.map(() => ({ a: [1, 2, 3] }), { batched: true, ...quiet })).rejects.toThrow(
      /returned 3 rows for a batch of 2, so the input columns "text", "label" no longer line up; pass them in removeColumns/,
    );
    await expect(ds.map((r: { label: number }) => (r.label ? { a: 1, b: 2 } : { a: 1 }), quiet)).rejects.toThrow(
      /row 1 returned the columns \[a, b\] but earlier rows returned \[a\]/,
    );
    await expect(ds.map(() => ({ a: 'x' }), { batched: true, ...quiet })).rejects.toThrow(/column "a" must be an array/);
    await expect(ds.map((r: { label: number }) => ({ v: r.label ? 'one' : 0 }), quiet)).rejects.toThrow(/column "v": row 1 is string/);
    await expect(ds.map(() => ({}), { batchsize: 2 } as never)).rejects.toThrow(/unknown option 'batchsize' \(did you mean 'batchSize'\?\)/);
    await expect(ds.map(() => ({}), { removeColumns: ['nope'] })).rejects.toThrow(/column "nope" not found/);
  });

  it('map promotes types that differ between batches (ints, then floats)', async () => {
    const ds = Dataset.fromDict({ x: [1, 2, 3, 4] });
    const out = await ds.map((b: { x: number[] }) => ({ y: b.x.map((v) => (v > 2 ? v / 2 : v)) }), { batched: true, batchSize: 2, ...quiet });
    expect(out.features.y).toEqual({ dtype: 'float64' });
    expect(out.column('y')).toEqual([1, 2, 1.5, 2]);
  });

  it('filter keeps matching rows as a view (per row and batched)', async () => {
    const ds = Dataset.fromDict({ x: [5, 1, 4, 2, 3] });
    expect((await ds.filter((r: { x: number }) => r.x > 2, quiet)).column('x')).toEqual([5, 4, 3]);
    const batched = await ds.shuffle({ seed: 0 }).filter((b: { x: number[] }) => b.x.map((v) => v % 2 === 1), { batched: true, ...quiet });
    expect(batched.column('x').every((v: number) => v % 2 === 1)).toBe(true);
    expect(batched.length).toBe(3);
  });

  it('trainTestSplit follows datasets: ceil(test), numpy permutation, test rows first', () => {
    const ds = Dataset.fromDict({ i: Array.from({ length: 10 }, (_, k) => k) });
    const split = ds.trainTestSplit({ testSize: 0.25, seed: 42 });
    expect(split).toBeInstanceOf(DatasetDict);
    // permutation(10, 42) = [5, 6, 0, 7, 3, 2, 4, 9, 1, 8]; n_test = ceil(2.5) = 3
    expect(split.test.column('i')).toEqual([5, 6, 0]);
    expect(split.train.column('i')).toEqual([7, 3, 2, 4, 9, 1, 8]);
    const ordered = ds.trainTestSplit({ testSize: 2, shuffle: false });
    expect(ordered.train.column('i')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ordered.test.column('i')).toEqual([8, 9]);
    expect(() => ds.trainTestSplit({ testSize: 1.5 })).toThrow(/fraction in \(0, 1\)/);
  });

  it('removeColumns, renameColumn(s), selectColumns, addColumn', () => {
    const ds = Dataset.fromDict({ text: ['a', 'b'], label: [0, 1], extra: [true, false] });
    expect(ds.removeColumns(['text', 'extra']).columnNames).toEqual(['label']);
    expect(ds.renameColumn('label', 'labels').columnNames).toEqual(['text', 'labels', 'extra']);
    expect(ds.renameColumns({ text: 'sentence', label: 'y' }).columnNames).toEqual(['sentence', 'y', 'extra']);
    expect(ds.selectColumns(['label', 'text']).columnNames).toEqual(['label', 'text']);
    expect(ds.select([1]).addColumn('n', [7]).toList()).toEqual([{ text: 'b', label: 1, extra: false, n: 7 }]);
    expect(() => ds.removeColumns('nope')).toThrow('column "nope" not found; the data set has columns: "text", "label", "extra"');
    expect(() => ds.renameColumn('text', 'label')).toThrow(/two columns named "label"/);
  });

  it('concatenateDatasets joins rows', () => {
    const a = Dataset.fromDict({ x: [1, 2] });
    const b = Dataset.fromDict({ x: [3.5] });
    expect(concatenateDatasets([a, b.select([0])]).column('x')).toEqual([1, 2, 3.5]);
    expect(() => concatenateDatasets([a, Dataset.fromDict({ y: [1] })])).toThrow(/different columns/);
  });
});

describe('getBatchColumns (DataLoader fast path)', () => {
  it('packs equal-length token lists as [n, len] int64 data and scalars as [n]', async () => {
    const ds = await (await agNews()).train.map(fakeTokenize, { batched: true, ...quiet });
    const view = ds.removeColumns('text').renameColumn('label', 'labels').shuffle({ seed: 42 });
    view.setFormat('torch');
    const batch = view.getBatchColumns([0, 1, 2]);
    expect(Object.keys(batch)).toEqual(['labels', 'input_ids', 'token_type_ids', 'attention_mask']);
    expect(batch.labels).toEqual({ dtype: 'int64', shape: [3], data: Int32Array.from([2, 2, 2]) });
    expect(batch.input_ids!.shape).toEqual([3, 8]);
    expect(batch.input_ids!.dtype).toBe('int64');
    expect(batch.input_ids!.data).toBeInstanceOf(Int32Array);
    expect(Array.from(batch.input_ids!.data as Int32Array).slice(0, 8)).toEqual(ds.at(4959).input_ids); // permutation(6000, 42)[0]
    expect(batch.attention_mask!.data).toBeInstanceOf(Int32Array);
  });

  it('ragged lists come with offsets; floats are float32; format columns limit the output; nulls are refused', () => {
    const ds = Dataset.fromDict({ ids: [[1, 2, 3], [4]], score: [0.5, 1.25], big: [2 ** 40, 1], name: ['a', 'b'] });
    const all = ds.getBatchColumns([1, 0]);
    expect(all.ids).toEqual({ dtype: 'int64', shape: [2], data: Int32Array.from([4, 1, 2, 3]), offsets: Int32Array.from([0, 1, 4]) });
    expect(all.score).toEqual({ dtype: 'float32', shape: [2], data: Float32Array.from([1.25, 0.5]) });
    expect(all.big).toEqual({ dtype: 'int64', shape: [2], data: BigInt64Array.from([1n, 2n ** 40n]) });
    expect(all.name).toEqual({ dtype: 'string', shape: [2], data: ['b', 'a'] });
    expect(Object.keys(ds.withFormat('torch', { columns: ['score'] }).getBatchColumns([0]))).toEqual(['score']);
    const withNull = Dataset.fromList([{ v: 1 }, { v: null }]);
    expect(() => withNull.getBatchColumns([0, 1])).toThrow(/column "v" has a null at row 1/);
  });
});

describe('formats', () => {
  it('setFormat / resetFormat / withFormat keep their bookkeeping; unknown formats are refused', () => {
    const ds = Dataset.fromDict({ a: [1], b: ['x'] });
    ds.setFormat('torch', { columns: ['a'] });
    expect(ds.format).toEqual({ type: 'torch', columns: ['a'], outputAllColumns: false });
    expect(ds.renameColumn('a', 'z').format.columns).toEqual(['z']);
    ds.resetFormat();
    expect(ds.format.type).toBeNull();
    const copy = ds.withFormat('pt');
    expect(copy.format.type).toBe('torch');
    expect(ds.format.type).toBeNull();
    expect(() => ds.setFormat('numpy' as never)).toThrow(/unsupported format "numpy"/);
    expect(() => ds.setFormat('torch', { columns: ['nope'] })).toThrow(/column "nope" not found/);
  });

  it('python format with columns limits rows to those columns unless outputAllColumns', () => {
    const ds = Dataset.fromDict({ a: [1], b: ['x'] });
    expect(ds.withFormat(null, { columns: ['b'] }).at(0)).toEqual({ b: 'x' });
    expect(ds.withFormat(null, { columns: ['b'], outputAllColumns: true }).at(0)).toEqual({ a: 1, b: 'x' });
  });
});

describe('DatasetDict', () => {
  it('applies operations to every split and exposes splits as properties', async () => {
    const dd = await agNews();
    expect(dd.train).toBe(dd.get('train'));
    expect(Object.keys(dd)).toEqual(['train', 'test']);
    const tokenized = await dd.map(fakeTokenize, { batched: true, ...quiet });
    let prepared = tokenized.removeColumns(['text']);
    prepared = prepared.renameColumn('label', 'labels');
    expect(prepared.columnNames).toEqual({
      train: ['labels', 'input_ids', 'token_type_ids', 'attention_mask'],
      test: ['labels', 'input_ids', 'token_type_ids', 'attention_mask'],
    });
    prepared.setFormat('torch');
    expect(prepared.test.format.type).toBe('torch');
    const shuffled = prepared.shuffle({ seed: 42 });
    expect(shuffled.train.getBatchColumns([0]).labels!.data).toEqual(Int32Array.from([2]));
    expect(() => dd.get('validation')).toThrow('split "validation" not found; splits: "train", "test"');
    const filtered = await dd.filter((r: { label: number }) => r.label === 1, quiet);
    expect(filtered.numRows).toEqual({ train: 1493, test: 407 });
  });
});

describe('progress bar', () => {
  it('draws on stderr when it is a terminal, and not when disabled', async () => {
    const ds = Dataset.fromDict({ x: Array.from({ length: 2500 }, (_, i) => i) });
    const stderr = process.stderr as NodeJS.WriteStream & { isTTY: boolean };
    const wasTTY = stderr.isTTY;
    const writes: string[] = [];
    const write = stderr.write;
    stderr.isTTY = true;
    stderr.write = ((chunk: string | Uint8Array) => (writes.push(String(chunk)), true)) as typeof stderr.write;
    try {
      await ds.map((b: { x: number[] }) => ({ y: b.x }), { batched: true, desc: 'Tokenizing' });
      const drawn = writes.join('');
      expect(drawn).toContain('Tokenizing:');
      expect(drawn).toContain('2500/2500');
      expect(drawn).toContain('examples/s'); // tqdm's line, as datasets draws it
      writes.length = 0;
      await ds.map((b: { x: number[] }) => ({ y: b.x }), { batched: true, disableProgress: true });
      expect(writes.join('')).not.toContain('examples');
    } finally {
      stderr.write = write;
      stderr.isTTY = wasTTY;
    }
  });
});
