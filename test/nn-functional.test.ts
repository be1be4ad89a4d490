// torch.nn.functional ops against Python torch 1.13 (scripts/gen-nn-references.py), and the libtorch 1.13 GELU case.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { expectClose, load, nnData, type RefTensor } from './helpers/nn-data.js';

const F = torch.nn.functional;
type T = torch.Tensor;
interface FunctionalCase {
  inputs: RefTensor[];
  output: RefTensor;
  outputWeight: RefTensor;
  inputGrads: (RefTensor | null)[];
}
const data = nnData<{ cases: Record<string, FunctionalCase> }>('functional');

const FNS: Record<string, (...xs: T[]) => T> = {
  sdpa: (q, k, v) => F.scaledDotProductAttention(q!, k!, v!),
  sdpa_boolMask: (q, k, v, m) => F.scaledDotProductAttention(q!, k!, v!, { attnMask: m }),
  sdpa_floatMask: (q, k, v, m) => F.scaledDotProductAttention(q!, k!, v!, { attnMask: m }),
  sdpa_causal: (q, k, v) => F.scaledDotProductAttention(q!, k!, v!, { isCausal: true }),
  pad_constant: (x) => F.pad(x!, [1, 2, 2, 1], { value: 0.5 }),
  pad_reflect: (x) => F.pad(x!, [1, 2, 2, 1], { mode: 'reflect' }),
  pad_replicate: (x) => F.pad(x!, [1, 2, 2, 1], { mode: 'replicate' }),
  pad_circular: (x) => F.pad(x!, [1, 2, 2, 1], { mode: 'circular' }),
  flip: (x) => F.flip(x!, [1, 3]),
  leakyRelu: (x) => F.leakyRelu(x!, 0.3),
};

describe('functional ops match PyTorch 1.13', () => {
  it('covers every case of the reference file', () => {
    expect(Object.keys(FNS).sort()).toEqual(Object.keys(data.cases).sort());
  });
  for (const [name, c] of Object.entries(data.cases)) {
    it(name, () => {
      const xs = c.inputs.map((r) => {
        const t = load(r);
        return t.dtype === 'float32' ? t.requiresGrad_() : t;
      });
      const out = FNS[name]!(...xs);
      expectClose(out, c.output, 1e-5, 'output');
      out.mul(load(c.outputWeight)).sum().backward();
      c.inputGrads.forEach((g, i) => g && expectClose(xs[i]!.grad, g, 1e-5, `input ${i} grad`));
    });
  }

  it('scaledDotProductAttention applies dropout to the attention weights and checks its arguments', () => {
    const q = torch.randn([2, 3, 4]);
    const v = torch.randn([2, 3, 4]);
    torch.manualSeed(0);
    const a = F.scaledDotProductAttention(q, q, v, { dropoutP: 0.5 });
    torch.manualSeed(0);
    expect(F.scaledDotProductAttention(q, q, v, { dropoutP: 0.5 }).equal(a)).toBe(true);
    expect(a.equal(F.scaledDotProductAttention(q, q, v))).toBe(false);
    expect(() => F.scaledDotProductAttention(q, q, v, { isCausal: true, attnMask: torch.ones([3, 3], { dtype: 'bool' }) })).toThrow(/attnMask and isCausal cannot both be set/);
    expect(() => F.scaledDotProductAttention(q, torch.randn([2, 3, 5]), v)).toThrow(/same last dim/);
    expect(() => F.scaledDotProductAttention(q, q, v, { dropout: 0.1 } as object)).toThrow(/unknown option 'dropout'; expected one of attnMask, dropoutP/);
  });
});

describe('GELU backward on libtorch 1.13 (../shared/notes/libtorch-1.13-gelu.md)', () => {
  // the incoming gradient laid out differently from the input: 1.13's float32 kernel returned garbage here
  const x = torch.randn([2, 64, 300]);
  const g = torch.randn([2, 300, 64]).transpose(1, 2);
  const x64 = x.double().requiresGrad_();
  F.gelu(x64).backward(g.double());
  const want = x64.grad!;
  for (const [name, gelu] of [
    ['F.gelu', (t: T) => F.gelu(t)],
    ['nn.GELU', (t: T) => new torch.nn.GELU().call(t)],
    ['F.gelu tanh', (t: T) => F.gelu(t, { approximate: 'tanh' })],
  ] as const) {
    it(`${name}: right gradient for a non-contiguous incoming gradient`, () => {
      const xi = x.clone().requiresGrad_();
      gelu(xi).backward(g);
      const ref = name === 'F.gelu tanh' ? tanhReference() : want;
      expect(xi.grad!.double().sub(ref).abs().max().item()).toBeLessThan(1e-5);
    });
  }
  function tanhReference(): T {
    const xt = x.double().requiresGrad_();
    F.gelu(xt, { approximate: 'tanh' }).backward(g.double());
    return xt.grad!;
  }
  it('gelu without grad, and a bad approximate', () => {
    const xi = torch.randn([3, 4]).requiresGrad_();
    const y = F.gelu(xi).sum();
    y.backward();
    expect(xi.grad!.shape).toEqual([3, 4]);
    expect(() => F.gelu(xi, { approximate: 'fast' as 'tanh' })).toThrow(/approximate must be 'none' or 'tanh'/);
  });
});
