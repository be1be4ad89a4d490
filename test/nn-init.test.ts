// nn.init against Python torch 1.13 after the same torch.manual_seed: the same bounds and the same draws.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { expectClose, nnData, type RefTensor } from './helpers/nn-data.js';

const { init } = torch.nn;
const data = nnData<{ tensors: Record<string, RefTensor>; gains: Record<string, number> }>('init');

const FNS: Array<[string, (t: torch.Tensor) => torch.Tensor]> = [
  ['uniform_', (t) => init.uniform_(t, -0.5, 2.0)],
  ['normal_', (t) => init.normal_(t, 1.0, 0.3)],
  ['xavierUniform_', (t) => init.xavierUniform_(t, init.calculateGain('tanh'))],
  ['xavierNormal_', (t) => init.xavierNormal_(t)],
  ['kaimingUniform_', (t) => init.kaimingUniform_(t, { a: Math.sqrt(5) })],
  ['kaimingUniform_fanOut_relu', (t) => init.kaimingUniform_(t, { mode: 'fan_out', nonlinearity: 'relu' })],
  ['kaimingNormal_', (t) => init.kaimingNormal_(t)],
  ['kaimingNormal_leaky', (t) => init.kaimingNormal_(t, { a: 0.1, mode: 'fan_out' })],
  ['truncNormal_', (t) => init.truncNormal_(t, 0.5, 1.0, -1.0, 1.5)],
  ['orthogonal_', (t) => init.orthogonal_(t, 2.0)],
];

describe('nn.init draws what PyTorch draws after the same seed', () => {
  FNS.forEach(([name, fn], i) => {
    for (const shape of [[5, 4], [3, 2, 2, 3]]) {
      const key = `${name}_${shape.join('x')}`;
      it(key, () => {
        torch.manualSeed(100 + i);
        const t = torch.empty(shape);
        expect(fn(t)).toBe(t);
        // orthogonal_ goes through LAPACK's QR: equal up to rounding; the rest are the same draws scaled alike
        expectClose(t, data.tensors[key]!, name === 'orthogonal_' ? 1e-5 : 1e-7, key);
      });
    }
  });

  it('calculateGain', () => {
    for (const [k, v] of Object.entries(data.gains)) {
      const gain = k === 'leaky_relu_0.2' ? init.calculateGain('leaky_relu', 0.2) : init.calculateGain(k as torch.nn.init.Nonlinearity);
      expect(gain, k).toBe(v);
    }
  });

  it('runs without recording autograd and rejects bad input', () => {
    const p = new torch.nn.Parameter(torch.empty([3, 2]));
    init.kaimingUniform_(p);
    expect(p.gradFn).toBeNull();
    expect(() => init.xavierUniform_(torch.empty([3]))).toThrow(/fewer than 2 dimensions/);
    expect(() => init.kaimingNormal_(torch.empty([3, 2]), { mode: 'fan_avg' as 'fan_in' })).toThrow(/mode must be 'fan_in' or 'fan_out'/);
    expect(() => init.kaimingNormal_(torch.empty([3, 2]), { nonlinear: 'relu' } as object)).toThrow(/unknown option 'nonlinear'/);
    expect(() => init.calculateGain('swish' as 'relu')).toThrow(/unsupported nonlinearity 'swish'/);
  });
});
