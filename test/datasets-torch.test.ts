// setFormat('torch') against the real tensor core.
import { describe, expect, it } from 'vitest';
import { Dataset } from 'tstorch/datasets';

describe('torch format', () => {
  const make = () =>
    Dataset.fromDict({
      labels: [3, 1, 4],
      input_ids: [
        [101, 7, 102],
        [101, 8, 102],
        [101, 9, 102],
      ],
      ragged: [[1], [2, 3], []],
      score: [0.5, 1.5, 2.5],
      text: ['a', 'b', 'c'],
    });

  it('rows hold int64 / float32 tensors for numeric columns and keep strings', () => {
    const ds = make().shuffle({ seed: 42 }); // numpy: default_rng(42).permutation(3) = [2, 1, 0]
    ds.setFormat('torch');
    const row = ds.at(0);
    expect(row.labels.dtype).toBe('int64');
    expect(row.labels.shape).toEqual([]);
    expect(row.labels.tolist()).toBe(4);
    expect(row.input_ids.shape).toEqual([3]);
    expect(row.input_ids.tolist()).toEqual([101, 9, 102]);
    expect(row.score.dtype).toBe('float32');
    expect(row.text).toBe('c');
  });

  it('columns become one tensor ([n, len] for equal-length lists); ragged lists a tensor per row', () => {
    const ds = make().withFormat('torch');
    const ids = ds.column('input_ids');
    expect(ids.shape).toEqual([3, 3]);
    expect(ids.dtype).toBe('int64');
    expect(ids.tolist()).toEqual([[101, 7, 102], [101, 8, 102], [101, 9, 102]]);
    expect(ds.column('labels').tolist()).toEqual([3, 1, 4]);
    expect(ds.column('ragged').map((t: { tolist(): number[] }) => t.tolist())).toEqual([[1], [2, 3], []]);
    expect(ds.column('text')).toEqual(['a', 'b', 'c']);
  });

  it('format columns: only those become tensors; outputAllColumns keeps the rest as plain values', () => {
    const ds = make().withFormat('torch', { columns: ['labels'], outputAllColumns: true });
    const row = ds.at(2);
    expect(row.labels.tolist()).toBe(4);
    expect(row.input_ids).toEqual([101, 9, 102]);
  });
});

describe('tutorial pipeline (native loop): tokenizer -> map -> format -> DataLoader', () => {
  it('gives [8, 32] int64 batches of the shuffled selection', async () => {
    const { loadDataset } = await import('tstorch/datasets');
    const { AutoTokenizer } = await import('tstorch/transformers');
    const { DataLoader } = await import('tstorch/utils/data');
    const { fixture } = await import('./helpers/fixtures.js');
    const data = fixture('ag-news-tutorial');
    const dataset = await loadDataset('csv', { dataFiles: { train: `${data}/train.csv`, test: `${data}/test.csv` } });
    const tokenizer = await AutoTokenizer.fromPretrained(fixture('tiny-random-bert-cased'));
    let tokenized = await dataset.map(
      (examples: { text: string[] }) => tokenizer(examples.text, { padding: 'max_length', truncation: true, maxLength: 32 }),
      { batched: true, disableProgress: true },
    );
    tokenized = tokenized.removeColumns(['text']).renameColumn('label', 'labels');
    tokenized.setFormat('torch');
    const small = tokenized.train.shuffle({ seed: 42 }).select([...Array(20).keys()]);
    const batches = [...new DataLoader(small, { batchSize: 8 })];
    expect(batches).toHaveLength(3);
    const first = batches[0] as unknown as Record<string, { shape: number[]; dtype: string; tolist(): unknown }>;
    expect(first.input_ids!.shape).toEqual([8, 32]);
    expect(first.input_ids!.dtype).toBe('int64');
    expect(first.attention_mask!.dtype).toBe('int64');
    expect(first.labels!.tolist()).toEqual(small.select([...Array(8).keys()]).withFormat(null).column('labels'));
    // The first selected row is train row 4959 (numpy permutation), tokenized like the reference tokenizer.
    expect((first.input_ids!.tolist() as number[][])[0]).toEqual(tokenized.train.withFormat(null).at(4959).input_ids);
  });
});
