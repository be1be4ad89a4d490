// fp16 / bf16 as transformers does with native AMP: forward passes (and the loss) under autocast; fp16 adds
// dynamic loss scaling (GradScaler): scaled backward, unscale before clipping, a skipped optimizer step (and
// scheduler step) when a gradient overflowed.
import { autocast } from '../../amp/autocast.js';
import { GradScaler } from '../../amp/grad-scaler.js';
import type { Optimizer } from '../../optim/optimizer.js';
import type { Tensor } from '../../tensor.js';
import type { TrainingArguments } from '../training-args.js';

export class MixedPrecision {
  readonly dtype: 'float16' | 'bfloat16' | null;
  readonly deviceType: 'cpu' | 'cuda';
  readonly scaler: GradScaler | null;

  constructor(args: TrainingArguments) {
    this.dtype = args.fp16 ? 'float16' : args.bf16 ? 'bfloat16' : null;
    this.deviceType = args.device.type;
    this.scaler = args.fp16 ? new GradScaler() : null;
  }

  /** Runs a forward pass under autocast (as is when training in float32). */
  run<T>(fn: () => T): T {
    return this.dtype === null ? fn() : autocast(this.deviceType, { dtype: this.dtype }, fn);
  }

  backward(loss: Tensor): void {
    (this.scaler ? this.scaler.scale(loss) : loss).backward();
  }

  /** True gradients before clipping. */
  unscale(optimizer: Optimizer): void {
    this.scaler?.unscale_(optimizer);
  }

  /** The optimizer step; false when fp16 skipped it because of inf/NaN gradients. */
  step(optimizer: Optimizer): boolean {
    if (this.scaler === null) {
      optimizer.step();
      return true;
    }
    const before = this.scaler.getScale();
    this.scaler.step(optimizer);
    this.scaler.update();
    return before <= this.scaler.getScale();
  }
}
