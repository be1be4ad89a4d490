import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

const t = (data: Parameters<typeof torch.tensor>[0], dtype?: torch.DType) => torch.tensor(data, dtype ? { dtype } : undefined);

describe('elementwise ops', () => {
  it('broadcasts and promotes types as PyTorch', () => {
    const a = t([[1, 2, 3], [4, 5, 6]]);
    const b = t([10, 20, 30]);
    expect(a.add(b).toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(a.add(b, 2).toArray()).toEqual([[21, 42, 63], [24, 45, 66]]);
    expect(a.sub(1).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(a.add(1).dtype).toBe('int64');
    expect(a.add(0.5).dtype).toBe('float32');
    expect(a.div(2).toArray()).toEqual([[0.5, 1, 1.5], [2, 2.5, 3]]);
    expect(a.div(4, 'floor').toArray()).toEqual([[0, 0, 0], [1, 1, 1]]);
    expect(a.mul(t([[2], [3]])).toArray()).toEqual([[2, 4, 6], [12, 15, 18]]);
    expect(t([1, 2, 3], 'float32').pow(2).toArray()).toEqual([1, 4, 9]);
    expect(t([-1.5, 2], 'float32').abs().toArray()).toEqual([1.5, 2]);
    expect(t([4, 9], 'float32').sqrt().toArray()).toEqual([2, 3]);
    expect(t([-2, 0, 3], 'float32').clamp(-1, 1).toArray()).toEqual([-1, 0, 1]);
    expect(t([-2, 0, 3], 'float32').relu().toArray()).toEqual([0, 0, 3]);
  });

  it('runs in-place variants on the same tensor', () => {
    const x = torch.zeros(3);
    const same = x.add_(1).mul_(3).sub_(t([1, 2, 3]));
    expect(same).toBe(x);
    expect(x.toArray()).toEqual([2, 1, 0]);
    x.fill_(7);
    expect(x.toArray()).toEqual([7, 7, 7]);
    x.zero_();
    expect(x.sum().item()).toBe(0);
  });

  it('compares and selects', () => {
    const x = t([1, 5, 3]);
    expect(x.gt(2).toArray()).toEqual([false, true, true]);
    expect(x.eq(t([1, 0, 3])).toArray()).toEqual([true, false, true]);
    expect(torch.where(x.gt(2), x, 0).toArray()).toEqual([0, 5, 3]);
    expect(torch.where(x.gt(2), 1, t([7, 8, 9])).toArray()).toEqual([7, 1, 1]);
    expect(x.maskedFill(x.lt(4), -1).toArray()).toEqual([-1, 5, -1]);
    expect(x.gt(0).all().item()).toBe(1);
  });
});

describe('linear algebra and reductions', () => {
  it('multiplies matrices', () => {
    const a = t([[1, 2], [3, 4]], 'float32');
    expect(a.matmul(a).toArray()).toEqual([[7, 10], [15, 22]]);
    expect(torch.matmul(a, t([1, 1], 'float32')).toArray()).toEqual([3, 7]);
    expect(torch.bmm(a.unsqueeze(0), a.unsqueeze(0)).shape).toEqual([1, 2, 2]);
  });

  it('reduces along dims with keepdim', () => {
    const a = t([[1, 7, 3], [4, 2, 6]], 'float32');
    expect(a.sum().item()).toBe(23);
    expect(a.sum(0).toArray()).toEqual([5, 9, 9]);
    expect(a.sum(1, { keepdim: true }).shape).toEqual([2, 1]);
    expect(a.sum([0, 1]).item()).toBe(23);
    expect(a.mean(1).toArray()).toEqual([11 / 3, 4].map(Math.fround));
    expect(a.max().item()).toBe(7);
    const [values, indices] = a.max(1);
    expect(values.toArray()).toEqual([7, 6]);
    expect(indices.toArray()).toEqual([1, 2]);
    expect(a.min(0)[0].toArray()).toEqual([1, 2, 3]);
    expect(a.argmax(-1).toArray()).toEqual([1, 2]);
    expect(torch.argmax(a, -1).dtype).toBe('int64');
    expect(a.argmax().item()).toBe(1);
    expect(t([1, 2, 3, 4], 'float64').std().item()).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('computes softmax and logSoftmax', () => {
    const x = t([[1, 2, 3]], 'float64');
    const e = [1, 2, 3].map(Math.exp);
    const z = e.reduce((p, q) => p + q);
    const sm = x.softmax(-1).toArray() as number[][];
    e.forEach((v, i) => expect(sm[0]![i]).toBeCloseTo(v / z, 12));
    const lsm = torch.logSoftmax(x, 1).toArray() as number[][];
    e.forEach((v, i) => expect(lsm[0]![i]).toBeCloseTo(Math.log(v / z), 12));
  });
});

describe('shapes and indexing', () => {
  const x = torch.arange(24).reshape(2, 3, 4);
  it('reshapes, views and permutes', () => {
    expect(x.view(6, 4).shape).toEqual([6, 4]);
    expect(x.reshape([-1]).shape).toEqual([24]);
    expect(x.transpose(0, 2).shape).toEqual([4, 3, 2]);
    expect(x.permute(2, 0, 1).shape).toEqual([4, 2, 3]);
    expect(x.transpose(0, 1).isContiguous()).toBe(false);
    expect(x.transpose(0, 1).contiguous().isContiguous()).toBe(true);
    expect(x.unsqueeze(0).shape).toEqual([1, 2, 3, 4]);
    expect(x.unsqueeze(1).squeeze(1).shape).toEqual([2, 3, 4]);
    expect(x.flatten(1).shape).toEqual([2, 12]);
    expect(torch.cat([x, x], 1).shape).toEqual([2, 6, 4]);
    expect(torch.stack([x, x]).shape).toEqual([2, 2, 3, 4]);
    expect(x.split(1, 0).length).toBe(2);
    expect(x.chunk(2, 2)[1]!.shape).toEqual([2, 3, 2]);
  });
  it('selects, narrows, slices and indexes with tensors', () => {
    expect(x.select(0, 1).select(0, 2).toArray()).toEqual([20, 21, 22, 23]);
    expect(x.narrow(2, 1, 2).shape).toEqual([2, 3, 2]);
    expect(x.slice(2, 0, null, 2).select(0, 0).select(0, 0).toArray()).toEqual([0, 2]);
    const idx = t([2, 0]);
    expect(x.select(0, 0).index([idx]).toArray()).toEqual([[8, 9, 10, 11], [0, 1, 2, 3]]);
    expect(x.select(0, 0).index([null, idx]).toArray()).toEqual([[2, 0], [6, 4], [10, 8]]);
    const flat = torch.arange(5);
    expect(flat.index([flat.gt(2)]).toArray()).toEqual([3, 4]);
    expect(flat.indexSelect(0, idx).toArray()).toEqual([2, 0]);
    expect(t([[1, 2], [3, 4]]).gather(1, t([[1], [0]])).toArray()).toEqual([[2], [3]]);
  });
});

describe('conversion', () => {
  it('clones, detaches and moves between dtypes', () => {
    const a = torch.ones(2, { requiresGrad: true });
    const c = a.clone();
    expect(c.requiresGrad).toBe(true);
    expect(a.detach().requiresGrad).toBe(false);
    expect(a.to('float64').dtype).toBe('float64');
    expect(a.to({ dtype: 'float16' }).dtype).toBe('float16');
    expect(a.to('cpu').device.toString()).toBe('cpu');
    expect(a.to(torch.device('cpu'), 'int32').dtype).toBe('int32');
  });
});
