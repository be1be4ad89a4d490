// nn.Conv1d and nn.Conv2d, with PyTorch's default init (that of Linear, on the (out, in/groups, *kernel) weight).
import { empty } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { resetLinearLike } from './linear.js';
import { checkOptions, checkSize, tuple } from './options.js';
import { checkChannels, type FactoryOptions, factory, FACTORY_KEYS } from './shared.js';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
export interface ConvLayerOptions extends FactoryOptions {
  stride?: number | number[];
  padding?: number | number[] | 'same' | 'valid';
  dilation?: number | number[];
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
}

abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  weight: Parameter;
  bias: Parameter | null;

  constructor(dims: 1 | 2, inChannels: number, outChannels: number, kernelSize: number | number[], options: ConvLayerOptions) {
    super();
    const where = `nn.Conv${dims}d`;
    const o = checkOptions(where, options, ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', ...FACTORY_KEYS]);
    this.inChannels = checkSize(where, 'inChannels', inChannels);
    this.outChannels = checkSize(where, 'outChannels', outChannels);
    this.groups = checkSize(where, 'groups', o.groups ?? 1);
    if (inChannels % this.groups !== 0) throw new RangeError(`${where}: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0) throw new RangeError(`${where}: outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    this.kernelSize = tuple(where, 'kernelSize', kernelSize, dims, 1);
    this.stride = tuple(where, 'stride', o.stride ?? 1, dims, 1);
    const padding = o.padding ?? 0;
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') throw new RangeError(`${where}: padding must be 'same', 'valid' or sizes, got '${String(padding)}'`);
      if (padding === 'same' && this.stride.some((s) => s !== 1)) throw new RangeError(`${where}: padding 'same' is not supported for strided convolutions (stride ${JSON.stringify(o.stride)})`);
    }
    this.padding = typeof padding === 'string' ? padding : tuple(where, 'padding', padding, dims, 0);
    this.dilation = tuple(where, 'dilation', o.dilation ?? 1, dims, 1);
    this.paddingMode = o.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(this.paddingMode)) throw new RangeError(`${where}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got '${this.paddingMode}'`);
    if (this.paddingMode !== 'zeros' && typeof this.padding === 'string') throw new RangeError(`${where}: paddingMode '${this.paddingMode}' needs numeric padding`);
    this.weight = new Parameter(empty([outChannels, inChannels / this.groups, ...this.kernelSize], factory(o)));
    this.bias = (o.bias ?? true) ? new Parameter(empty([outChannels], factory(o))) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    resetLinearLike(this.weight, this.bias);
  }

  forward(input: Tensor): Tensor {
    const dims = this.kernelSize.length as 1 | 2;
    checkChannels(`nn.${this.className}`, input, dims, this.inChannels);
    const conv = dims === 1 ? F.conv1d : F.conv2d;
    const options = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return conv(input, this.weight, this.bias, { ...options, padding: this.padding });
    // the other modes pad explicitly (last dim first, as F.pad takes it), then convolve without padding
    const p = (this.padding as number[]).slice().reverse().flatMap((x) => [x, x]);
    return conv(F.pad(input, p, { mode: this.paddingMode }), this.weight, this.bias, { ...options, padding: 0 });
  }

  override extraRepr(): string {
    const t = (v: number[]): string => `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${t(this.kernelSize)}, stride=${t(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${t(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${t(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/** `new nn.Conv1d(inChannels, outChannels, kernelSize, { stride, padding, dilation, groups, bias, paddingMode })` */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], options: ConvLayerOptions = {}) {
    super(1, inChannels, outChannels, kernelSize, options);
  }
}

/** `new nn.Conv2d(3, 8, 3, { stride: 2, padding: 1 })` */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], options: ConvLayerOptions = {}) {
    super(2, inChannels, outChannels, kernelSize, options);
  }
}
