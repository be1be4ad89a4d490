// Max, average and adaptive average pooling over 1 or 2 spatial dims.
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import { checkOptions } from './options.js';

type Size = number | number[];

abstract class MaxPoolNd extends Module {
  readonly kernelSize: Size;
  readonly stride: Size;
  readonly padding: Size;
  readonly dilation: Size;
  readonly ceilMode: boolean;
  constructor(kernelSize: Size, options: F.MaxPoolOptions) {
    super();
    const o = checkOptions(`nn.${this.className}`, options, ['stride', 'padding', 'dilation', 'ceilMode']);
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
    super(kernelSize, options);
  }
  forward(input: Tensor): Tensor {
    return F.maxPool1d(input, this.kernelSize, this.options);
  }
}
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: Size, options: F.MaxPoolOptions = {}) {
    super(kernelSize, options);
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
  constructor(kernelSize: Size, options: F.AvgPoolOptions, twoD: boolean) {
    super();
    const keys = ['stride', 'padding', 'ceilMode', 'countIncludePad'] as (keyof F.AvgPoolOptions)[];
    const o = checkOptions(`nn.${this.className}`, options, twoD ? [...keys, 'divisorOverride'] : keys);
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
    super(kernelSize, options, false);
  }
  forward(input: Tensor): Tensor {
    return F.avgPool1d(input, this.kernelSize, this.options);
  }
}
/** `new nn.AvgPool2d(kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride })` */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: Size, options: F.AvgPoolOptions = {}) {
    super(kernelSize, options, true);
  }
  forward(input: Tensor): Tensor {
    return F.avgPool2d(input, this.kernelSize, this.options);
  }
}

/** `new nn.AdaptiveAvgPool1d(outputSize)` */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize: number) {
    super();
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
  }
  forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${JSON.stringify(this.outputSize)}`;
  }
}
