import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { DataLoader, Generator } from 'tstorch/utils/data';

const range = (n: number) => ({ length: n, at: (i: number) => ({ x: i, y: i % 2 }) });
const xs = (loader: DataLoader) => [...loader].map((b) => b.x!.toArray());

describe('DataLoader', () => {
  it('batches in order with the last batch short, or dropped', () => {
    const loader = new DataLoader(range(10), { batchSize: 4 });
    expect(loader.length).toBe(3);
    expect(xs(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const dropped = new DataLoader(range(10), { batchSize: 4, dropLast: true });
    expect(dropped.length).toBe(2);
    expect(xs(dropped)).toHaveLength(2);
  });

  it('shuffles exactly as PyTorch does after the same manual seed', () => {
    // Python torch 1.13: torch.manual_seed(42); dl = DataLoader(list(range(10)), batch_size=4, shuffle=True)
    // [b.tolist() for b in dl] twice:
    torch.manualSeed(42);
    const loader = new DataLoader(range(10), { batchSize: 4, shuffle: true });
    expect(xs(loader)).toEqual([[8, 0, 9, 1], [4, 5, 6, 3], [2, 7]]);
    expect(xs(loader)).toEqual([[4, 6, 9, 3], [7, 5, 2, 0], [1, 8]]);
    // g = torch.Generator(); g.manual_seed(7); DataLoader(..., shuffle=True, generator=g)
    const seeded = new DataLoader(range(10), { batchSize: 4, shuffle: true, generator: new Generator(7) });
    expect(xs(seeded)).toEqual([[1, 3, 5, 7], [9, 4, 6, 2], [8, 0]]);
    expect(xs(seeded)).toEqual([[5, 1, 6, 0], [9, 7, 8, 4], [3, 2]]);
    expect(xs(new DataLoader(range(10), { batchSize: 4, shuffle: true, seed: 7 }))).toEqual([[1, 3, 5, 7], [9, 4, 6, 2], [8, 0]]);
  });

  it('collates numbers, number lists and tensors into batch tensors with .to(device)', () => {
    const ds = { length: 3, at: (i: number) => ({ ids: [i, i + 1], label: i, w: 0.5, t: torch.ones(2).mul(i), name: `r${i}` }) };
    const [batch] = [...new DataLoader(ds, { batchSize: 3 })];
    expect(batch!.ids!.shape).toEqual([3, 2]);
    expect(batch!.ids!.dtype).toBe('int64');
    expect(batch!.label!.toArray()).toEqual([0, 1, 2]);
    expect(batch!.w!.dtype).toBe('float32');
    expect(batch!.t!.shape).toEqual([3, 2]);
    expect(batch!.name as unknown).toEqual(['r0', 'r1', 'r2']);
    const moved = batch!.to('cpu');
    expect(Object.keys(moved)).toEqual(['ids', 'label', 'w', 't', 'name']);
    expect(moved.label!.device.toString()).toBe('cpu');
  });

  it('uses a custom collateFn and sampler', () => {
    const loader = new DataLoader(range(6), { batchSize: 2, sampler: [5, 4, 3], collateFn: (rows) => rows.map((r) => r.x) });
    expect([...loader]).toEqual([[5, 4], [3]]);
    expect(loader.length).toBe(2);
  });

  it('rejects bad options and ragged rows clearly', () => {
    expect(() => new DataLoader(range(3), { batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => new DataLoader(range(3), { batch_size: 2 } as never)).toThrow(/unknown option 'batch_size'/);
    expect(() => new DataLoader({} as never)).toThrow(/needs a data set with `length` and `at\(index\)`/);
    const ragged = { length: 2, at: (i: number) => ({ ids: Array(i + 1).fill(1) }) };
    expect(() => [...new DataLoader(ragged, { batchSize: 2 })]).toThrow(/cannot stack column 'ids'.*DataCollatorWithPadding/);
  });
});
