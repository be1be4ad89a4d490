import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset, DatasetDict, loadDataset } from 'tstorch/datasets';
import { fixture } from './helpers/fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tstorch-datasets-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};
const counts = (values: number[]) => values.reduce<Record<number, number>>((m, v) => ((m[v] = (m[v] ?? 0) + 1), m), {});

describe('real fixtures', () => {
  it('ag-news-tutorial CSV: the tutorial call, 6000/1600 rows, int labels 0..3 with the documented counts', async () => {
    const data = fixture('ag-news-tutorial');
    const ds = await loadDataset('csv', { dataFiles: { train: `${data}/train.csv`, test: `${data}/test.csv` } });
    expect(ds).toBeInstanceOf(DatasetDict);
    expect(ds.keys()).toEqual(['train', 'test']);
    expect(ds.numRows).toEqual({ train: 6000, test: 1600 });
    expect(ds.train.columnNames).toEqual(['label', 'text']);
    expect(ds.train.features).toEqual({ label: { dtype: 'int64' }, text: { dtype: 'string' } });
    expect(counts(ds.train.column('label'))).toEqual({ 0: 1519, 1: 1493, 2: 1470, 3: 1518 });
    expect(counts(ds['test'].column('label'))).toEqual({ 0: 381, 1: 407, 2: 430, 3: 382 });
    // Quoted text with commas, doubled quotes and literal backslashes comes back verbatim.
    expect(ds.train.at(0)).toEqual({
      label: 2,
      text: "Fears for T N pension after talks. Unions representing workers at Turner   Newall say they are 'disappointed' after talks with stricken parent firm Federal Mogul.",
    });
    expect(ds.train.at(1).text).toContain('A second\\team of rocketeers');
  });

  it('ag-news-tutorial JSON Lines gives the same rows as the CSV', async () => {
    const data = fixture('ag-news-tutorial');
    const json = await loadDataset('json', { dataFiles: { test: `${data}/test.jsonl` }, split: 'test' });
    const csv = await loadDataset('csv', { dataFiles: { test: `${data}/test.csv` }, split: 'test' });
    expect(json).toBeInstanceOf(Dataset);
    expect(json.length).toBe(1600);
    expect(json.features).toEqual(csv.features);
    expect(json.column('text')).toEqual(csv.column('text'));
    expect(json.column('label')).toEqual(csv.column('label'));
  });

  it('SST-2 TSV: tab delimiter from the extension, header, trailing spaces kept, 0/1 labels', async () => {
    const data = fixture('sst2');
    const ds = await loadDataset('csv', { dataFiles: { test: `${data}/test.tsv`, validation: `${data}/dev.tsv` } });
    expect(ds.numRows).toEqual({ test: 872, validation: 6735 });
    expect(ds.test.columnNames).toEqual(['sentence', 'label']);
    expect(ds.test.at(0)).toEqual({ sentence: "it 's a charming and often affecting journey . ", label: 1 });
    expect(counts(ds.test.column('label'))).toEqual({ 0: 428, 1: 444 });
    expect(counts(ds.validation.column('label'))).toEqual({ 0: 2994, 1: 3741 });
  });

  it('yelp sample: no header, columnNames, 1-based stars, escaped newlines and quotes kept literally', async () => {
    const data = fixture('yelp-review-full-sample');
    const ds = await loadDataset('csv', {
      dataFiles: { train: `${data}/train.csv`, test: `${data}/test.csv` },
      columnNames: ['label', 'text'],
    });
    expect(ds.numRows).toEqual({ train: 5, test: 5 });
    expect(ds.train.column('label')).toEqual([5, 2, 4, 4, 1]);
    expect(ds.test.column('label')).toEqual([1, 1, 1, 1, 1]);
    expect(ds.train.at(0).text.startsWith('dr. goldberg offers everything i look for in a general practitioner.')).toBe(true);
    const review = ds.test.at(0).text as string;
    expect(review).toContain('\\nI took the tire');
    expect(review).not.toContain('\n');
    expect(review).toContain('new tire \\"this time\\". ');
    // The HF dataset's label is class - 1.
    const shifted = await ds.train.map((r: { label: number }) => ({ label: r.label - 1 }), { disableProgress: true });
    expect(shifted.column('label')).toEqual([4, 1, 3, 3, 0]);
  });

  it('raw AG News: three unnamed columns, 7600 rows, 1900 per class', async () => {
    const ds = await loadDataset('csv', {
      dataFiles: fixture('ag-news', 'test.csv'),
      columnNames: ['label', 'title', 'description'],
      split: 'train',
    });
    expect(ds.shape).toEqual([7600, 3]);
    expect(counts(ds.column('label'))).toEqual({ 1: 1900, 2: 1900, 3: 1900, 4: 1900 });
  });
});

describe('formats written here', () => {
  it('Parquet (hyparquet-writer): types, nulls, row groups and ClassLabel names from the datasets metadata', async () => {
    const n = 2500;
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'text', data: Array.from({ length: n }, (_, i) => (i === 7 ? null : `review ${i}`)) },
        { name: 'label', data: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 5)), type: 'INT64' },
        { name: 'score', data: Float32Array.from({ length: n }, (_, i) => i / 4) },
        { name: 'ids', data: Array.from({ length: n }, (_, i) => [101, i, 102]) },
      ],
      rowGroupSize: 1000,
      kvMetadata: [
        {
          key: 'huggingface',
          value: JSON.stringify({
            info: { features: { label: { names: ['1 star', '2 star', '3 stars', '4 stars', '5 stars'], _type: 'ClassLabel' }, text: { dtype: 'string', _type: 'Value' } } },
          }),
        },
      ],
    });
    const path = write('pq/train-00000-of-00001.parquet', new Uint8Array(buf));
    const ds = await loadDataset('parquet', { dataFiles: path, split: 'train' });
    expect(ds.length).toBe(n);
    expect(ds.features).toEqual({
      text: { dtype: 'string' },
      label: { dtype: 'int64', names: ['1 star', '2 star', '3 stars', '4 stars', '5 stars'] },
      score: { dtype: 'float32' },
      ids: { dtype: 'list', feature: { dtype: 'int64' } },
    });
    expect(ds.at(1234)).toEqual({ text: 'review 1234', label: 4, score: 308.5, ids: [101, 1234, 102] });
    expect(ds.at(7).text).toBeNull();
    expect(ds.column('label').slice(0, 6)).toEqual([0, 1, 2, 3, 4, 0]);
    // A folder of Parquet files loads by name too.
    const byFolder = await loadDataset(join(dir, 'pq'));
    expect(byFolder.numRows).toEqual({ train: n });
  });

  it('JSON Lines with missing keys, floats, lists and nested objects; JSON arrays; field; gzip', async () => {
    const lines = [
      { id: 1, text: 'a', score: 1, tags: [1, 2], meta: { k: 'x' } },
      { id: 2, text: 'b', score: 2.5, tags: [] },
      { id: 3, score: null, tags: [3], meta: { k: 'y' } },
    ];
    const jsonl = write('j/data.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n\n');
    const ds = await loadDataset('json', { dataFiles: jsonl, split: 'train' });
    expect(ds.columnNames).toEqual(['id', 'text', 'score', 'tags', 'meta']);
    expect(ds.features.id).toEqual({ dtype: 'int64' });
    expect(ds.features.score).toEqual({ dtype: 'float64' });
    expect(ds.features.tags).toEqual({ dtype: 'list', feature: { dtype: 'int64' } });
    expect(ds.toList()).toEqual([
      { id: 1, text: 'a', score: 1, tags: [1, 2], meta: { k: 'x' } },
      { id: 2, text: 'b', score: 2.5, tags: [], meta: null },
      { id: 3, text: null, score: null, tags: [3], meta: { k: 'y' } },
    ]);
    const array = write('j/array.json', JSON.stringify(lines.slice(0, 2), null, 2));
    expect((await loadDataset('json', { dataFiles: array, split: 'train' })).column('text')).toEqual(['a', 'b']);
    const nested = write('j/nested.json', JSON.stringify({ version: 1, data: lines.slice(0, 2) }));
    expect((await loadDataset('json', { dataFiles: nested, field: 'data', split: 'train' })).length).toBe(2);
    const gz = write('j/data.jsonl.gz', gzipSync(lines.map((l) => JSON.stringify(l)).join('\n')));
    expect((await loadDataset('json', { dataFiles: gz, split: 'train' })).column('id')).toEqual([1, 2, 3]);
  });

  it('CSV typing like pandas: ints, floats with NaN for empty, bools, strings with null', async () => {
    const path = write('c/types.csv', 'i,f,b,s,m\n1,1.5,True,x,3\n-2,2,False,,\n30,1e3,True,"q,""z""",5\n');
    const ds = await loadDataset('csv', { dataFiles: path, split: 'train' });
    expect(ds.features).toEqual({
      i: { dtype: 'int64' },
      f: { dtype: 'float64' },
      b: { dtype: 'bool' },
      s: { dtype: 'string' },
      m: { dtype: 'float64' },
    });
    expect(ds.column('i')).toEqual([1, -2, 30]);
    expect(ds.column('f')).toEqual([1.5, 2, 1000]);
    expect(ds.column('b')).toEqual([true, false, true]);
    expect(ds.column('s')).toEqual(['x', null, 'q,"z"']);
    expect(ds.column('m')).toEqual([3, NaN, 5]);
  });

  it('CSV: embedded newlines in quotes, custom delimiter, quoteChar null, globs and several files per split', async () => {
    write('g/part-a.csv', 'label;text\n0;"line one\nline two"\n');
    write('g/part-b.csv', 'label;text\n1;plain\n');
    const ds = await loadDataset('csv', { dataFiles: { train: join(dir, 'g', 'part-*.csv') }, delimiter: ';', split: 'train' });
    expect(ds.toList()).toEqual([
      { label: 0, text: 'line one\nline two' },
      { label: 1, text: 'plain' },
    ]);
    const renamed = await loadDataset('csv', { dataFiles: join(dir, 'g', 'part-b.csv'), delimiter: ';', header: true, columnNames: ['y', 'z'], split: 'train' });
    expect(renamed.toList()).toEqual([{ y: 1, z: 'plain' }]);
    const raw = write('g/quotes.tsv', 'text\tlabel\n"quoted" word\t1\nsay "hi\t0\n');
    const noQuote = await loadDataset('csv', { dataFiles: raw, quoteChar: null, split: 'train' });
    expect(noQuote.column('text')).toEqual(['"quoted" word', 'say "hi']);
  });

  it('text: one row per line in a text column; folder loading infers splits from file names', async () => {
    write('t/train.txt', 'first line\r\nsecond line\n\nfourth\n');
    write('t/test.txt', 'only\n');
    const ds = await loadDataset(join(dir, 't'));
    expect(ds.keys()).toEqual(['train', 'test']);
    expect(ds.train.column('text')).toEqual(['first line', 'second line', '', 'fourth']);
    expect(ds.train.features).toEqual({ text: { dtype: 'string' } });
  });

  it('split slicing: "train[:3]", percentages and "a+b"', async () => {
    const path = write('s/data.csv', 'x\n' + Array.from({ length: 10 }, (_, i) => i).join('\n') + '\n');
    const two = write('s/other.csv', 'x\n100\n101\n');
    expect((await loadDataset('csv', { dataFiles: path, split: 'train[:3]' })).column('x')).toEqual([0, 1, 2]);
    expect((await loadDataset('csv', { dataFiles: path, split: 'train[-2:]' })).column('x')).toEqual([8, 9]);
    expect((await loadDataset('csv', { dataFiles: path, split: 'train[20%:40%]' })).column('x')).toEqual([2, 3]);
    const both = await loadDataset('csv', { dataFiles: { a: path, b: two }, split: 'a[:2]+b' });
    expect(both.column('x')).toEqual([0, 1, 100, 101]);
  });
});

describe('load errors', () => {
  it('names a missing file', async () => {
    const missing = join(dir, 'nope', 'train.csv');
    await expect(loadDataset('csv', { dataFiles: missing })).rejects.toThrow(`data file not found: ${missing}`);
    await expect(loadDataset('csv', { dataFiles: join(dir, 'nope', '*.csv') })).rejects.toThrow(/no file matches/);
  });

  it('gives file and line of malformed CSV and JSON', async () => {
    const csv = write('bad/rows.csv', 'a,b\n1,2\n3,4,5\n');
    await expect(loadDataset('csv', { dataFiles: csv })).rejects.toThrow(new RegExp(`${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, line 3: .*2 fields`));
    const unclosed = write('bad/quote.csv', 'a,b\n1,"open\n');
    await expect(loadDataset('csv', { dataFiles: unclosed })).rejects.toThrow(/quote\.csv, line \d+: malformed CSV/);
    const jsonl = write('bad/rows.jsonl', '{"a": 1}\n{"a": 2}\n{"a": \n');
    await expect(loadDataset('json', { dataFiles: jsonl })).rejects.toThrow(/rows\.jsonl, line 3: malformed JSON Lines/);
    const json = write('bad/array.json', '[\n  {"a": 1},\n  {"a": }\n]');
    await expect(loadDataset('json', { dataFiles: json })).rejects.toThrow(/array\.json, line 3: malformed JSON/);
    const mixed = write('bad/mixed.jsonl', '{"a": 1}\n{"a": "x"}\n');
    await expect(loadDataset('json', { dataFiles: mixed })).rejects.toThrow(/mixed\.jsonl.*column "a": row 1 is string/);
  });

  it('rejects unknown options, unknown splits, and columnNames that do not fit', async () => {
    const path = write('e/data.csv', 'a,b\n1,2\n');
    await expect(loadDataset('csv', { dataFiles: path, delimeter: ';' } as never)).rejects.toThrow(/unknown option 'delimeter' \(did you mean 'delimiter'\?\); expected one of .*delimiter/);
    await expect(loadDataset('csv', { dataFiles: path, split: 'test' })).rejects.toThrow(/split "test" not found .*"train"/);
    await expect(loadDataset('csv', { dataFiles: path, columnNames: ['x'] })).rejects.toThrow(/line 1: expected 1 fields \(x\) but found 2/);
    await expect(loadDataset('csv')).rejects.toThrow(/needs the dataFiles option/);
    await expect(loadDataset('no such thing!')).rejects.toThrow(/neither a builder/);
  });
});
