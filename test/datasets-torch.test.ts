// setFormat('torch') against the real tensor core; skipped where the native addon is not built.
import { describe, expect, it } from 'vitest';
import { Dataset, torchReady } from '../lib/datasets/index.js';

const available = await torchReady().then(
  () => true,
  () => false,
);

describe.skipIf(!available)('torch format', () => {
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
