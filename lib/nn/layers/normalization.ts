// LayerNorm, GroupNorm and BatchNorm1d/2d. BatchNorm keeps PyTorch's buffer names (running_mean, running_var,
// num_batches_tracked) as its fields so state dicts load both ways; camelCase getters read them.
import { empty, ones, zeros } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { ones_, zeros_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkOptions, checkSize } from './options.js';
import { checkChannels, type FactoryOptions, factory, FACTORY_KEYS } from './shared.js';

export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** `new nn.LayerNorm(normalizedShape, { eps, elementwiseAffine, bias })` */
  constructor(normalizedShape: number | readonly number[], options: { eps?: number; elementwiseAffine?: boolean; bias?: boolean } & FactoryOptions = {}) {
    super();
    const o = checkOptions('nn.LayerNorm', options, ['eps', 'elementwiseAffine', 'bias', ...FACTORY_KEYS]);
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    shape.forEach((s) => checkSize('nn.LayerNorm', 'normalizedShape', s));
    this.normalizedShape = shape;
    this.eps = o.eps ?? 1e-5;
    this.elementwiseAffine = o.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(empty(shape, factory(o))) : null;
    this.bias = this.elementwiseAffine && (o.bias ?? true) ? new Parameter(empty(shape, factory(o))) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  forward(input: Tensor): Tensor {
    const s = input.shape;
    const n = this.normalizedShape.length;
    if (s.length < n || s.slice(s.length - n).some((d, i) => d !== this.normalizedShape[i]))
      throw new RangeError(`nn.LayerNorm: expected input ending in normalizedShape [${this.normalizedShape.join(', ')}], got shape [${s.join(', ')}]`);
    return F.layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `(${this.normalizedShape.join(', ')},), eps=${this.eps}, elementwise_affine=${this.elementwiseAffine ? 'True' : 'False'}`;
  }
}

export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** `new nn.GroupNorm(numGroups, numChannels, { eps, affine })` */
  constructor(numGroups: number, numChannels: number, options: { eps?: number; affine?: boolean } & FactoryOptions = {}) {
    super();
    const o = checkOptions('nn.GroupNorm', options, ['eps', 'affine', ...FACTORY_KEYS]);
    this.numGroups = checkSize('nn.GroupNorm', 'numGroups', numGroups);
    this.numChannels = checkSize('nn.GroupNorm', 'numChannels', numChannels);
    if (numChannels % numGroups !== 0) throw new RangeError(`nn.GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    this.eps = o.eps ?? 1e-5;
    this.affine = o.affine ?? true;
    this.weight = this.affine ? new Parameter(empty([numChannels], factory(o))) : null;
    this.bias = this.affine ? new Parameter(empty([numChannels], factory(o))) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  forward(input: Tensor): Tensor {
    if (input.ndim < 2 || input.shape[1] !== this.numChannels)
      throw new RangeError(`nn.GroupNorm: expected input (N, ${this.numChannels}, *), got shape [${input.shape.join(', ')}]`);
    return F.groupNorm(input, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine ? 'True' : 'False'}`;
  }
}

export interface BatchNormOptions extends FactoryOptions {
  eps?: number;
  /** weight of the batch statistic in the running average; null: a cumulative (equal-weight) average */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(numFeatures: number, options: BatchNormOptions) {
    super();
    const where = `nn.${this.className}`;
    const o = checkOptions(where, options, ['eps', 'momentum', 'affine', 'trackRunningStats', ...FACTORY_KEYS]);
    this.numFeatures = checkSize(where, 'numFeatures', numFeatures);
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum;
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) throw new RangeError(`${where}: momentum must be in [0, 1] or null, got ${this.momentum}`);
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    this.weight = this.affine ? new Parameter(empty([numFeatures], factory(o))) : null;
    this.bias = this.affine ? new Parameter(empty([numFeatures], factory(o))) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], factory(o)));
      this.registerBuffer('running_var', ones([numFeatures], factory(o)));
      this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int64', device: o.device }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
    this.resetParameters();
  }

  get runningMean(): Tensor | null {
    return this.running_mean;
  }
  get runningVar(): Tensor | null {
    return this.running_var;
  }
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    this.running_mean!.zero_();
    this.running_var!.fill_(1);
    this.num_batches_tracked!.zero_();
  }

  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight !== null) ones_(this.weight);
    if (this.bias !== null) zeros_(this.bias);
  }

  protected abstract checkInput(input: Tensor): void;

  forward(input: Tensor): Tensor {
    this.checkInput(input);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked !== null) {
      this.num_batches_tracked.add_(1);
      if (this.momentum === null) factor = 1 / this.num_batches_tracked.item();
    }
    // eval mode uses the running statistics when there are any, batch statistics otherwise
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    const stats = !this.training || this.trackRunningStats;
    return F.batchNorm(input, stats ? this.running_mean : null, stats ? this.running_var : null, {
      weight: this.weight, bias: this.bias, training: useBatchStats, momentum: factor, eps: this.eps,
    });
  }

  override extraRepr(): string {
    const m = this.momentum === null ? 'None' : String(this.momentum);
    const py = (b: boolean): string => (b ? 'True' : 'False');
    return `${this.numFeatures}, eps=${this.eps}, momentum=${m}, affine=${py(this.affine)}, track_running_stats=${py(this.trackRunningStats)}`;
  }
}

/** Batch norm over (N, C) or (N, C, L) inputs. `new nn.BatchNorm1d(numFeatures, { eps, momentum, affine, trackRunningStats })` */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }
  protected checkInput(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new RangeError(`nn.BatchNorm1d: expected 2D or 3D input (got ${input.ndim}D input)`);
    checkChannels('nn.BatchNorm1d', input, input.ndim - 2, this.numFeatures, 'features');
  }
}

/** Batch norm over (N, C, H, W) inputs. */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }
  protected checkInput(input: Tensor): void {
    if (input.ndim !== 4) throw new RangeError(`nn.BatchNorm2d: expected 4D input (got ${input.ndim}D input)`);
    checkChannels('nn.BatchNorm2d', input, 2, this.numFeatures, 'features');
  }
}
