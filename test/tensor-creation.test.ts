import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

describe('tensor creation', () => {
  it('infers dtype and shape from JS values as torch.tensor does', () => {
    expect(torch.tensor([[1, 2], [3, 4]]).dtype).toBe('int64');
    expect(torch.tensor([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(torch.tensor([0.5, 1]).dtype).toBe('float32');
    expect(torch.tensor([true, false]).dtype).toBe('bool');
    expect(torch.tensor(3.25).shape).toEqual([]);
    expect(torch.tensor(3.25).item()).toBe(3.25);
    expect(torch.tensor([1n, 2n]).dtype).toBe('int64');
    expect(torch.tensor([[1, 2]], { dtype: 'float64' }).toArray()).toEqual([[1, 2]]);
  });

  it('copies TypedArrays with their natural dtype', () => {
    const cases: [ArrayLike<number | bigint> & { length: number }, string][] = [
      [new Float32Array([1.5, 2]), 'float32'],
      [new Float64Array([1.5, 2]), 'float64'],
      [new Int32Array([1, -2]), 'int32'],
      [new BigInt64Array([1n, -2n]), 'int64'],
      [new Uint8Array([1, 255]), 'uint8'],
    ];
    for (const [data, dtype] of cases) {
      const t = torch.tensor(data as Float32Array);
      expect(t.dtype).toBe(dtype);
      expect(Array.from(t.data() as ArrayLike<number | bigint>, Number)).toEqual(Array.from(data as ArrayLike<number>, Number));
    }
    const src = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = torch.tensor(src, { shape: [2, 3] });
    src[0] = 100; // the tensor owns a copy
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('makes every dtype and converts between them', () => {
    for (const dtype of torch.DTYPES) {
      const t = torch.ones([2, 3], { dtype });
      expect(t.dtype).toBe(dtype);
      expect(t.to('float64').sum().item()).toBe(6);
    }
    expect(torch.tensor([1.5, 2.5], { dtype: 'bfloat16' }).data()).toEqual(new Float32Array([1.5, 2.5]));
    expect(torch.tensor([1.5, -2.7]).to('int32').toArray()).toEqual([1, -2]);
  });

  it('builds shapes with factories and *Like', () => {
    expect(torch.zeros(2, 3).shape).toEqual([2, 3]);
    expect(torch.zeros([2, 3], { dtype: 'int32' }).dtype).toBe('int32');
    expect(torch.full([2], 7).toArray()).toEqual([7, 7]);
    expect(torch.full([2], 7).dtype).toBe('int64');
    expect(torch.full([2], 0.5).dtype).toBe('float32');
    expect(torch.arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(torch.arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(torch.linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(torch.eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    const base = torch.ones([3, 2], { dtype: 'float64' });
    expect(torch.zerosLike(base).dtype).toBe('float64');
    expect(torch.onesLike(base).shape).toEqual([3, 2]);
    expect(torch.fullLike(base, 2).sum().item()).toBe(12);
    expect(torch.randnLike(base).shape).toEqual([3, 2]);
  });

  it('draws reproducible random numbers after manualSeed, the same as PyTorch', () => {
    torch.manualSeed(0);
    const a = torch.rand(3).toArray();
    torch.manualSeed(0);
    expect(torch.rand(3).toArray()).toEqual(a);
    // torch.manual_seed(0); torch.rand(3) in PyTorch 1.13 / 2.x (same CPU generator):
    expect(a as number[]).toEqual([0.49625658988952637, 0.7682217955589294, 0.08847743272781372].map((v) => Math.fround(v)));
    torch.manualSeed(0);
    // torch.manual_seed(0); torch.randn(3) -> tensor([ 1.5410, -0.2934, -2.1788])
    const n = torch.randn(3).toArray() as number[];
    expect(n.map((v) => Math.round(v * 1e4) / 1e4)).toEqual([1.541, -0.2934, -2.1788]);
    const r = torch.randint(0, 10, [1000]);
    expect(r.dtype).toBe('int64');
    expect(r.min().item()).toBeGreaterThanOrEqual(0);
    expect(r.max().item()).toBeLessThan(10);
  });

  it('prints like PyTorch', () => {
    expect(torch.tensor([[1, 2.5], [3, 4]]).toString()).toBe('tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])');
    expect(torch.tensor([1, 2], { dtype: 'float32' }).toString()).toBe('tensor([1., 2.])');
    expect(torch.arange(3).toString()).toBe('tensor([0, 1, 2])');
    expect(torch.tensor([1, 2], { dtype: 'float64' }).toString()).toBe('tensor([1., 2.], dtype=torch.float64)');
    expect(torch.tensor([true, false]).toString()).toBe('tensor([ True, False])');
    expect(torch.tensor([1e-6, 1]).toString()).toBe('tensor([1.0000e-06, 1.0000e+00])');
    expect(torch.ones(2, { requiresGrad: true }).toString()).toBe('tensor([1., 1.], requires_grad=True)');
    expect(torch.ones(2, { requiresGrad: true }).sum().toString()).toBe('tensor(2., grad_fn=<SumBackward0>)');
    expect(torch.arange(2000).toString()).toBe('tensor([   0,    1,    2,  ..., 1997, 1998, 1999])');
  });
});
