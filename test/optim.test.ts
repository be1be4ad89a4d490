import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

/** AdamW written out from the paper / torch.optim.AdamW's documented algorithm, in plain JS doubles. */
function adamwReference(p0: number[], grads: number[][], o: { lr: number; b1: number; b2: number; eps: number; wd: number }) {
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, t0) => {
    const t = t0 + 1;
    for (let i = 0; i < p.length; i++) {
      p[i]! *= 1 - o.lr * o.wd;
      m[i] = o.b1 * m[i]! + (1 - o.b1) * g[i]!;
      v[i] = o.b2 * v[i]! + (1 - o.b2) * g[i]! * g[i]!;
      const denom = Math.sqrt(v[i]!) / Math.sqrt(1 - o.b2 ** t) + o.eps;
      p[i]! -= (o.lr / (1 - o.b1 ** t)) * (m[i]! / denom);
    }
  });
  return p;
}

describe('optimizers', () => {
  it('AdamW applies the documented update step by step', () => {
    const w = torch.tensor([0.5, -1.5, 2], { dtype: 'float64', requiresGrad: true });
    const opt = new torch.optim.AdamW([w], { lr: 0.1, weightDecay: 0.01 });
    const grads: number[][] = [];
    for (let step = 0; step < 5; step++) {
      const loss = w.pow(3).sum(); // grad = 3 w^2
      grads.push((w.detach().toArray() as number[]).map((x) => 3 * x * x));
      loss.backward();
      opt.step();
      opt.zeroGrad();
    }
    const expected = adamwReference([0.5, -1.5, 2], grads, { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.01 });
    (w.toArray() as number[]).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 12));
    expect(w.grad).toBeNull();
  });

  it('SGD with momentum follows v = mu v + g, p -= lr v', () => {
    const w = torch.tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    let p = 1;
    let v = 0;
    for (let i = 0; i < 3; i++) {
      w.mul(w).sum().backward(); // grad 2p
      opt.step();
      opt.zeroGrad({ setToNone: false });
      v = 0.9 * v + 2 * p;
      p -= 0.1 * v;
      expect(w.grad!.item()).toBe(0);
    }
    expect(w.item()).toBeCloseTo(p, 14);
  });

  it('has live learning rates per param group', () => {
    const a = torch.zeros([2], { requiresGrad: true });
    const b = torch.zeros([2], { requiresGrad: true });
    const opt = new torch.optim.AdamW([{ params: [a] }, { params: [b], weightDecay: 0 }], { lr: 5e-5 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([5e-5, 5e-5]);
    expect(opt.paramGroups[1]!.options.weightDecay).toBe(0);
    expect(opt.paramGroups[0]!.options.weightDecay).toBe(0.01);
    // an option passed as undefined keeps its default, as an omitted one does
    expect(new torch.optim.AdamW([a], { weightDecay: undefined }).paramGroups[0]!.options.weightDecay).toBe(0.01);
    opt.paramGroups[0]!.lr = 0;
    a.sum().backward();
    b.sum().backward();
    opt.step();
    expect(a.toArray()).toEqual([0, 0]); // lr 0: no change
    expect((b.toArray() as number[])[0]).toBeCloseTo(-5e-5, 9);
  });

  it('saves and restores its state so training continues identically', () => {
    const run = (resumeAt: number | null) => {
      torch.manualSeed(1);
      const w = torch.randn([4], { requiresGrad: true });
      let opt = new torch.optim.AdamW([w], { lr: 0.05 });
      for (let i = 0; i < 6; i++) {
        if (i === resumeAt) {
          const sd = opt.stateDict();
          opt = new torch.optim.AdamW([w], { lr: 0.05 });
          opt.loadStateDict(sd);
        }
        w.sin().sum().backward();
        opt.step();
        opt.zeroGrad();
      }
      return w.toArray();
    };
    expect(run(3)).toEqual(run(null));
    const w = torch.ones([2], { requiresGrad: true });
    const opt = new torch.optim.AdamW([w]);
    w.sum().backward();
    opt.step();
    const sd = opt.stateDict();
    expect(sd.state[0]!.step).toBe(1);
    expect(sd.param_groups[0]).toMatchObject({ lr: 1e-3, weight_decay: 0.01, betas: [0.9, 0.999], params: [0] });
  });

  it('rejects bad options with clear errors', () => {
    const w = torch.zeros([1], { requiresGrad: true });
    expect(() => new torch.optim.AdamW([w], { lr: -1 })).toThrow(/lr must be a number >= 0, got -1/);
    expect(() => new torch.optim.AdamW([w], { betas: [0.9, 1.5] })).toThrow(/betas must be two numbers in \[0, 1\)/);
    expect(() => new torch.optim.AdamW([w], { learningRate: 1 } as never)).toThrow(/unknown option 'learningRate'/);
    expect(() => new torch.optim.AdamW([])).toThrow(/empty parameter list/);
    expect(() => new torch.optim.AdamW([w.mul(2)])).toThrow(/not a leaf tensor/);
    expect(() => new torch.optim.SGD([w], {} as never)).toThrow(/lr must be a number/);
  });
});

describe('clipGradNorm', () => {
  it('returns the total norm and scales gradients to maxNorm', () => {
    const a = torch.tensor([3, 0], { dtype: 'float64', requiresGrad: true });
    const b = torch.tensor([4], { dtype: 'float64', requiresGrad: true });
    a.mul(torch.tensor([1, 0], { dtype: 'float64' })).mul(3).sum().add(b.mul(4).sum()).backward(); // grads [3,0] and [4]
    const norm = torch.nn.utils.clipGradNorm([a, b], 1);
    expect(norm.item()).toBeCloseTo(5, 12);
    const coef = 1 / (5 + 1e-6);
    expect((a.grad!.toArray() as number[])[0]).toBeCloseTo(3 * coef, 12);
    expect(b.grad!.item()).toBeCloseTo(4 * coef, 12);
    // below the threshold nothing changes
    const n2 = torch.nn.utils.clipGradNorm([a, b], 10);
    expect(n2.item()).toBeCloseTo(1, 5);
    expect(b.grad!.item()).toBeCloseTo(4 * coef, 12);
  });
});
