// Every layer against Python torch (scripts/gen-nn-references.py; 1.13, and 2.6 where it has its own file): default
// init after torch.manualSeed, forward, input and parameter gradients, buffers after the forward (BatchNorm), dropout draws.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { expectClose, madeWithRunningTorch, load, nnData, type RefTensor } from './helpers/nn-data.js';

const { nn } = torch;
type T = torch.Tensor;

interface LayerCase {
  seed: number;
  init: Record<string, RefTensor>;
  inputs: RefTensor[];
  outputs: RefTensor[];
  outputWeights: RefTensor[];
  inputGrads: (RefTensor | null)[];
  paramGrads: Record<string, RefTensor>;
  stateAfter: Record<string, RefTensor>;
}
const data = nnData<{ cases: Record<string, LayerCase>; batchNormSteps: Record<string, { steps: RefTensor[]; state: Record<string, RefTensor>; probe: RefTensor; evalOutput: RefTensor }> }>('layers');

type Built = { layer: torch.nn.Module; run: (...xs: T[]) => T | [T, T | null] };
const one = (layer: torch.nn.Module & { forward(x: T): T }): Built => ({ layer, run: (x) => layer.call(x) });

// The same layers, built as the Python script builds them.
const BUILD: Record<string, () => Built> = {
  Linear: () => one(new nn.Linear(5, 3)),
  Linear_noBias: () => one(new nn.Linear(5, 3, { bias: false })),
  Bilinear: () => {
    const m = new nn.Bilinear(3, 4, 2);
    return { layer: m, run: (a, b) => m.call(a, b) };
  },
  Embedding_paddingIdx: () => one(new nn.Embedding(10, 4, { paddingIdx: 1 })),
  LayerNorm: () => one(new nn.LayerNorm(6)),
  LayerNorm_2d_eps: () => one(new nn.LayerNorm([3, 6], { eps: 1e-3 })),
  GroupNorm: () => one(new nn.GroupNorm(2, 4)),
  BatchNorm1d_2d: () => one(new nn.BatchNorm1d(3)),
  BatchNorm1d_3d_eval: () => one(new nn.BatchNorm1d(3)),
  BatchNorm2d: () => one(new nn.BatchNorm2d(3, { momentum: 0.3, eps: 1e-3 })),
  BatchNorm2d_noAffine_noStats: () => one(new nn.BatchNorm2d(3, { affine: false, trackRunningStats: false })),
  Conv1d: () => one(new nn.Conv1d(3, 4, 3, { stride: 2, padding: 1 })),
  Conv1d_same_dilation_groups: () => one(new nn.Conv1d(4, 6, 3, { padding: 'same', dilation: 2, groups: 2 })),
  Conv2d: () => one(new nn.Conv2d(3, 4, 3, { stride: 2, padding: 1 })),
  Conv2d_same_groups_noBias: () => one(new nn.Conv2d(2, 4, [3, 2], { padding: 'same', dilation: [2, 1], groups: 2, bias: false })),
  Conv2d_valid_unbatched: () => one(new nn.Conv2d(2, 3, 2, { padding: 'valid' })),
  MaxPool1d: () => one(new nn.MaxPool1d(3, { stride: 2, padding: 1 })),
  MaxPool2d: () => one(new nn.MaxPool2d(2)),
  MaxPool2d_ceil_dilation: () => one(new nn.MaxPool2d(3, { stride: 2, padding: 1, dilation: 2, ceilMode: true })),
  AvgPool1d: () => one(new nn.AvgPool1d(3, { stride: 2, padding: 1, countIncludePad: false })),
  AvgPool2d: () => one(new nn.AvgPool2d(2)),
  AvgPool2d_ceil_divisor: () => one(new nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, divisorOverride: 4 })),
  AdaptiveAvgPool1d: () => one(new nn.AdaptiveAvgPool1d(4)),
  AdaptiveAvgPool2d: () => one(new nn.AdaptiveAvgPool2d([3, 2])),
  ReLU: () => one(new nn.ReLU()),
  GELU: () => one(new nn.GELU()),
  GELU_tanh: () => one(new nn.GELU({ approximate: 'tanh' })),
  SiLU: () => one(new nn.SiLU()),
  Tanh: () => one(new nn.Tanh()),
  Sigmoid: () => one(new nn.Sigmoid()),
  Softmax: () => one(new nn.Softmax(1)),
  LogSoftmax: () => one(new nn.LogSoftmax(-1)),
  LeakyReLU: () => one(new nn.LeakyReLU(0.2)),
  Dropout: () => one(new nn.Dropout(0.3)),
  Dropout_eval: () => one(new nn.Dropout(0.3)),
  MultiheadAttention_self_masks: () => {
    const m = new nn.MultiheadAttention(8, 2);
    return { layer: m, run: (q, kp, am) => m.call(q, q, q, { keyPaddingMask: kp, attnMask: am }) };
  },
  MultiheadAttention_kdim_vdim: () => {
    const m = new nn.MultiheadAttention(8, 2, { batchFirst: true, kdim: 6, vdim: 5 });
    return { layer: m, run: (q, k, v, am) => m.call(q, k, v, { attnMask: am, averageAttnWeights: false }) };
  },
  MultiheadAttention_noWeights_noBias: () => {
    const m = new nn.MultiheadAttention(8, 4, { bias: false, batchFirst: true });
    return { layer: m, run: (q, kv) => m.call(q, kv, kv, { needWeights: false }) };
  },
  MultiheadAttention_dropout: () => {
    const m = new nn.MultiheadAttention(8, 2, { dropout: 0.5, batchFirst: true });
    return { layer: m, run: (q) => m.call(q, q, q) };
  },
  TransformerEncoderLayer: () => {
    const m = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true });
    return { layer: m, run: (x, kp) => m.call(x, { srcKeyPaddingMask: kp }) };
  },
  TransformerEncoderLayer_normFirst_gelu_dropout: () => {
    const m = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.2, activation: 'gelu', normFirst: true });
    return { layer: m, run: (x, am) => m.call(x, { srcMask: am }) };
  },
  TransformerEncoder: () => {
    const m = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.1, batchFirst: true }), 2, { norm: new nn.LayerNorm(8) });
    return { layer: m, run: (x, kp) => m.call(x, { srcKeyPaddingMask: kp }) };
  },
};
const EVAL = new Set(['BatchNorm1d_3d_eval', 'Dropout_eval']);

// float32 on both sides; the differences are summation order (gemm, reductions) between builds
const TOL = { init: 0, forward: 1e-5, grad: 5e-5 };

describe('nn layers match PyTorch (init after manualSeed, forward, backward)', () => {
  it('covers every case of the reference file', () => {
    expect(Object.keys(BUILD).sort()).toEqual(Object.keys(data.cases).sort());
  });
  for (const [name, c] of Object.entries(data.cases)) {
    // the one case that drops out a transposed tensor in training mode (see madeWithRunningTorch)
    it.skipIf(name === 'TransformerEncoder' && !madeWithRunningTorch(data))(name, () => {
      torch.manualSeed(c.seed);
      const { layer, run } = BUILD[name]!();
      layer.train(!EVAL.has(name));
      const sd = layer.stateDict();
      expect(Object.keys(sd), 'state-dict keys in PyTorch order').toEqual(Object.keys(c.init));
      for (const [k, ref] of Object.entries(c.init)) expectClose(sd[k]!, ref, TOL.init, `init ${k}`);
      const xs = c.inputs.map((r) => {
        const t = load(r);
        return t.dtype === 'float32' ? t.requiresGrad_() : t;
      });
      const out = run(...xs);
      const outs = (Array.isArray(out) ? out : [out]).filter((o) => o !== null) as T[];
      expect(outs.length).toBe(c.outputs.length);
      outs.forEach((o, i) => expectClose(o, c.outputs[i]!, TOL.forward, `output ${i}`));
      outs.reduce((acc: T, o, i) => acc.add(o.mul(load(c.outputWeights[i]!)).sum()), torch.zeros([])).backward();
      c.inputGrads.forEach((g, i) => g && expectClose(xs[i]!.grad, g, TOL.grad, `input ${i} grad`));
      const params = Object.fromEntries(layer.namedParameters());
      expect(Object.keys(params).filter((k) => params[k]!.grad !== null).sort()).toEqual(Object.keys(c.paramGrads).sort());
      for (const [k, g] of Object.entries(c.paramGrads)) expectClose(params[k]!.grad, g, TOL.grad, `${k} grad`);
      const after = layer.stateDict();
      for (const [k, ref] of Object.entries(c.stateAfter)) expectClose(after[k]!, ref, TOL.forward, `state after ${k}`);
    });
  }
});

describe('BatchNorm running statistics over several training steps', () => {
  const BN: Record<string, () => torch.nn.Module & { forward(x: T): T }> = {
    BatchNorm1d_momentum: () => new nn.BatchNorm1d(3, { momentum: 0.2 }),
    BatchNorm1d_cumulative: () => new nn.BatchNorm1d(3, { momentum: null }),
    BatchNorm2d: () => new nn.BatchNorm2d(2),
  };
  for (const [name, c] of Object.entries(data.batchNormSteps)) {
    it(name, () => {
      const m = BN[name]!();
      for (const x of c.steps) m.call(load(x));
      m.eval();
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(c.state));
      for (const [k, ref] of Object.entries(c.state)) expectClose(sd[k]!, ref, TOL.forward, k);
      expectClose(m.call(load(c.probe)), c.evalOutput, TOL.forward, 'eval output');
    });
  }
});
