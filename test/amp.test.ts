import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

describe('autocast', () => {
  it('runs matmul in bfloat16 on the CPU inside the scope and restores after', () => {
    const a = torch.randn(4, 4);
    expect(torch.amp.isAutocastEnabled('cpu')).toBe(false);
    const inside = torch.autocast('cpu', () => {
      expect(torch.amp.isAutocastEnabled('cpu')).toBe(true);
      return a.matmul(a);
    });
    expect(inside.dtype).toBe('bfloat16');
    expect(torch.amp.isAutocastEnabled('cpu')).toBe(false);
    expect(a.matmul(a).dtype).toBe('float32');
    expect(torch.autocast('cpu', { enabled: false }, () => a.matmul(a)).dtype).toBe('float32');
  });

  it('gives clear errors for CUDA without a GPU and bad dtypes', () => {
    if (!torch.cuda.isAvailable()) expect(() => torch.autocast('cuda', () => 1)).toThrow(/CUDA is not available/);
    expect(() => torch.autocast('cpu', { dtype: 'float64' }, () => 1)).toThrow(/CPU autocast supports bfloat16/);
    expect(() => torch.autocast('tpu' as 'cpu', () => 1)).toThrow(/'cuda' or 'cpu'/);
    expect(torch.amp.isAutocastEnabled('cpu')).toBe(false);
  });
});

describe('GradScaler', () => {
  it('scales the loss, unscales gradients, skips steps on overflow and adapts the scale', () => {
    const w = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const opt = new torch.optim.SGD([w], { lr: 0.5 });
    const scaler = new torch.amp.GradScaler({ initScale: 1024, growthInterval: 2 });
    scaler.scale(w.sum()).backward(); // grad = 1024 per element
    expect(w.grad!.toArray()).toEqual([1024, 1024]);
    expect(scaler.step(opt)).toBe(true); // unscaled to 1 before the step
    scaler.update();
    expect(w.toArray()).toEqual([0.5, 1.5]);
    opt.zeroGrad();
    scaler.scale(w.mul(Infinity).sum()).backward();
    expect(scaler.step(opt)).toBe(false);
    scaler.update();
    expect(w.toArray()).toEqual([0.5, 1.5]); // skipped
    expect(scaler.getScale()).toBe(512);
    for (let i = 0; i < 2; i++) {
      opt.zeroGrad();
      scaler.scale(w.sum()).backward();
      scaler.step(opt);
      scaler.update();
    }
    expect(scaler.getScale()).toBe(1024); // grew after 2 clean steps
  });
});
