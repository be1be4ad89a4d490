import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

describe('autograd', () => {
  it('computes gradients checked by hand', () => {
    // f(x, w) = sum((x * w)^2) -> df/dw = 2 x^2 w, df/dx = 2 w^2 x
    const x = torch.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const w = torch.tensor([0.5, -1, 2], { dtype: 'float64', requiresGrad: true });
    const f = x.mul(w).pow(2).sum();
    expect(f.item()).toBeCloseTo(0.25 + 4 + 36, 12);
    f.backward();
    expect(w.grad!.toArray()).toEqual([1, -8, 36]);
    expect(x.grad!.toArray()).toEqual([0.5, 4, 24]);
    expect(x.isLeaf).toBe(true);
    expect(f.isLeaf).toBe(false);
    expect(f.gradFn).toBe('SumBackward0');
  });

  it('matches analytic gradients of softmax cross entropy', () => {
    // d CE / d logits = softmax(logits) - onehot(target), averaged over the batch
    const logits = torch.tensor([[1, 2, 0.5], [0.1, -1, 3]], { dtype: 'float64', requiresGrad: true });
    const target = torch.tensor([2, 0]);
    const loss = torch.nn.functional.crossEntropy(logits, target);
    loss.backward();
    const sm = (row: number[]) => {
      const e = row.map(Math.exp);
      const z = e.reduce((a, b) => a + b);
      return e.map((v) => v / z);
    };
    const rows = [[1, 2, 0.5], [0.1, -1, 3]];
    const expected = rows.map((r, i) => sm(r).map((p, j) => (p - (j === [2, 0][i] ? 1 : 0)) / 2));
    const grad = logits.grad!.toArray() as number[][];
    expected.forEach((r, i) => r.forEach((v, j) => expect(grad[i]![j]).toBeCloseTo(v, 12)));
  });

  it('accumulates into .grad and can reset it', () => {
    const x = torch.ones(2, { requiresGrad: true });
    x.sum().backward();
    x.sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
    x.grad = null;
    expect(x.grad).toBeNull();
  });

  it('does not record inside noGrad and does inside enableGrad', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const y = torch.noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(torch.isGradEnabled()).toBe(true);
    const z = torch.noGrad(() => torch.enableGrad(() => x.mul(2)));
    expect(z.requiresGrad).toBe(true);
    expect(() => torch.noGrad(() => { throw new Error('inner'); })).toThrow('inner');
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('takes a gradient for non-scalar outputs and retains the graph on request', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = x.mul(3);
    y.backward(torch.tensor([1, 0.5]), { retainGraph: true });
    y.backward(torch.tensor([1, 0.5]));
    expect(x.grad!.toArray()).toEqual([6, 3]);
  });
});
