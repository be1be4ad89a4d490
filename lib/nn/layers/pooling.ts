// Max, average and adaptive average pooling over 1 or 2 spatial dims.
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import { checkOptions, tuple } from './options.js';

type Size = number | number[];

abstract class MaxPoolNd extends Module {
  readonly kernelSize: Size;
  readonly stride: Size;
  readonly padding: Size;
  readonly dilation: Size;
  readonly ceilMode: boolean;
  constructor(dims: 1 | 2, kernelSize: Size, options: F.MaxPoolOptions) {
    super();
    const where = `nn.${this.className}`;
    const o = checkOptions(where, options, ['stride', 'padding', 'dilation', 'ceilMode']);
    tuple(where, 'kernelSize', kernelSize, dims, 1);
    this.kernelSize = kernelSize;
    this.stride = (o.stride as Size | null | undefined) ?? kernelSize;
    this.padding = (o.padding as Size | undefined) ?? 0;
    this.dilation = (o.dilation as Size | undefined) ?? 1;
    this.ceilMode = o.ceilMode ?? false;
  }
  protected get options(): F.MaxPoolOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
  }
  override extraRepr(): string {
    return `kernel_size=${String(this.kernelSize)}, stride=${String(this.stride)}, padding=${String(this.padding)}, dilation=${String(this.dilation)}, ceil_mode=${this.ceilMode ? 'True' : 'False'}`;
  }
}
/** `new nn.MaxPool1d(kernelSize, { stride, padding, dilation, ceilMode })`; stride defaults to kernelSize. */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: Size, options: F.MaxPoolOptions = {}) {
    super(1, kernelSize, options);
  }
  forward(input: Tensor): Tensor {
    return F.maxPool1d(input, this.kernelSize, this.options);
  }
}
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: Size, options: F.MaxPoolOptions = {}) {
    super(2, kernelSize, options);
  }
  forward(input: Tensor): Tensor {
    return F.maxPool2d(input, this.kernelSize, this.options);
  }
}

abstract class AvgPoolNd extends Module {
  readonly kernelSize: Size;
  readonly stride: Size;
  readonly padding: Size;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(dims: 1 | 2, kernelSize: Size, options: F.AvgPoolOptions) {
    super();
    const where = `nn.${this.className}`;
    const keys = ['stride', 'padding', 'ceilMode', 'countIncludePad'] as (keyof F.AvgPoolOptions)[];
    const o = checkOptions(where, options, dims === 2 ? [...keys, 'divisorOverride'] : keys);
    tuple(where, 'kernelSize', kernelSize, dims, 1);
    this.kernelSize = kernelSize;
    this.stride = (o.stride as Size | null | undefined) ?? kernelSize;
    this.padding = (o.padding as Size | undefined) ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride ?? null;
  }
  protected get options(): F.AvgPoolOptions {
    const o: F.AvgPoolOptions = { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad };
    return this.divisorOverride === null ? o : { ...o, divisorOverride: this.divisorOverride };
  }
  override extraRepr(): string {
    return `kernel_size=${String(this.kernelSize)}, stride=${String(this.stride)}, padding=${String(this.padding)}`;
  }
}
/** `new nn.AvgPool1d(kernelSize, { stride, padding, ceilMode, countIncludePad })` */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: Size, options: Omit<F.AvgPoolOptions, 'divisorOverride'> = {}) {
    super(1, kernelSize, options);
  }
  forward(input: Tensor): Tensor {
    return F.avgPool1d(input, this.kernelSize, this.options);
  }
}
/** `new nn.AvgPool2d(kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride })` */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: Size, options: F.AvgPoolOptions = {}) {
    super(2, kernelSize, options);
  }
  forward(input: Tensor): Tensor {
    return F.avgPool2d(input, this.kernelSize, this.options);
  }
}

/** `new nn.AdaptiveAvgPool1d(outputSize)` */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize: number) {
    super();
    tuple('nn.AdaptiveAvgPool1d', 'outputSize', outputSize, 1, 1);
  }
  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool1d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}
/** `new nn.AdaptiveAvgPool2d(outputSize)`: a number, or [h, w] where null keeps that input dim. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | (number | null)[]) {
    super();
    const given = typeof outputSize === 'number' ? outputSize : outputSize.map((s) => s ?? 1);
    tuple('nn.AdaptiveAvgPool2d', 'outputSize', given, 2, 1);
  }
  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${JSON.stringify(this.outputSize)}`;
  }
}
