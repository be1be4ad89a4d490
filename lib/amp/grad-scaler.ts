// torch.amp.GradScaler: dynamic loss scaling for float16 training. The loss is multiplied by `scale` before
// backward; `step` unscales the gradients, skips the optimizer step when any is inf/NaN, and `update` halves
// the scale after an overflow or doubles it after `growthInterval` clean steps.
import { noGrad } from '../autograd.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor.js';

export interface GradScalerOptions {
  initScale?: number;
  growthFactor?: number;
  backoffFactor?: number;
  growthInterval?: number;
  enabled?: boolean;
}

export class GradScaler {
  private scaleValue: number;
  private growthTracker = 0;
  private readonly unscaled = new Set<Optimizer>();
  private foundInf = false;
  readonly growthFactor: number;
  readonly backoffFactor: number;
  readonly growthInterval: number;
  readonly enabled: boolean;

  constructor(options: GradScalerOptions = {}) {
    this.scaleValue = options.initScale ?? 2 ** 16;
    this.growthFactor = options.growthFactor ?? 2;
    this.backoffFactor = options.backoffFactor ?? 0.5;
    this.growthInterval = options.growthInterval ?? 2000;
    this.enabled = options.enabled ?? true;
    if (!(this.scaleValue > 0) || !(this.growthFactor > 1) || !(this.backoffFactor > 0 && this.backoffFactor < 1))
      throw new RangeError('GradScaler: initScale > 0, growthFactor > 1 and 0 < backoffFactor < 1 are required');
  }

  getScale(): number {
    return this.enabled ? this.scaleValue : 1;
  }

  /** The loss multiplied by the current scale (the loss itself when disabled). */
  scale(loss: Tensor): Tensor {
    return this.enabled ? loss.mul(this.scaleValue) : loss;
  }

  /** Divides the optimizer's gradients by the scale (once per step), noting any inf/NaN. */
  unscale_(optimizer: Optimizer): void {
    if (!this.enabled || this.unscaled.has(optimizer)) return;
    const inv = 1 / this.scaleValue;
    noGrad(() => {
      for (const group of optimizer.paramGroups) {
        for (const p of group.params) {
          const g = p.grad;
          if (!g) continue;
          g.mul_(inv);
          if (g.isfinite().all().item() === 0) this.foundInf = true;
        }
      }
    });
    this.unscaled.add(optimizer);
  }

  /** Unscales if needed, then steps the optimizer unless a gradient overflowed. Returns whether it stepped. */
  step(optimizer: Optimizer): boolean {
    if (!this.enabled) {
      optimizer.step();
      return true;
    }
    this.unscale_(optimizer);
    if (this.foundInf) return false;
    optimizer.step();
    return true;
  }

  update(newScale?: number): void {
    if (!this.enabled) return;
    if (newScale !== undefined) this.scaleValue = newScale;
    else if (this.foundInf) {
      this.scaleValue *= this.backoffFactor;
      this.growthTracker = 0;
    } else if (++this.growthTracker === this.growthInterval) {
      this.scaleValue *= this.growthFactor;
      this.growthTracker = 0;
    }
    this.foundInf = false;
    this.unscaled.clear();
  }

  stateDict(): { scale: number; growth_factor: number; backoff_factor: number; growth_interval: number; _growth_tracker: number } {
    return { scale: this.scaleValue, growth_factor: this.growthFactor, backoff_factor: this.backoffFactor, growth_interval: this.growthInterval, _growth_tracker: this.growthTracker };
  }

  loadStateDict(state: { scale: number; _growth_tracker: number }): void {
    this.scaleValue = state.scale;
    this.growthTracker = state._growth_tracker;
  }
}
