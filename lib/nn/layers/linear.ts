// nn.Linear and nn.Bilinear: y = x Wᵀ + b and y = x1ᵀ W x2 + b, with PyTorch's default init.
import { empty } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkOptions, checkSize } from './options.js';
import { checkLastDim, type FactoryOptions, factory, FACTORY_KEYS } from './shared.js';

/** kaiming_uniform_(a=√5) on the weight, then the bias uniform in ±1/√fanIn: Linear's and Conv's reset_parameters. */
export function resetLinearLike(weight: Parameter, bias: Parameter | null): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias === null) return;
  const [fanIn] = calculateFanInAndFanOut(weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform_(bias, -bound, bound);
}

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  /** `new nn.Linear(inFeatures, outFeatures, { bias, dtype, device })` */
  constructor(inFeatures: number, outFeatures: number, options: { bias?: boolean } & FactoryOptions = {}) {
    super();
    const o = checkOptions('nn.Linear', options, ['bias', ...FACTORY_KEYS]);
    this.inFeatures = checkSize('nn.Linear', 'inFeatures', inFeatures, 0);
    this.outFeatures = checkSize('nn.Linear', 'outFeatures', outFeatures, 0);
    this.weight = new Parameter(empty([outFeatures, inFeatures], factory(o)));
    this.bias = (o.bias ?? true) ? new Parameter(empty([outFeatures], factory(o))) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    resetLinearLike(this.weight, this.bias);
  }

  forward(input: Tensor): Tensor {
    checkLastDim('nn.Linear', input, this.inFeatures, 'inFeatures');
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  /** `new nn.Bilinear(in1Features, in2Features, outFeatures, { bias, dtype, device })` */
  constructor(in1Features: number, in2Features: number, outFeatures: number, options: { bias?: boolean } & FactoryOptions = {}) {
    super();
    const o = checkOptions('nn.Bilinear', options, ['bias', ...FACTORY_KEYS]);
    this.in1Features = checkSize('nn.Bilinear', 'in1Features', in1Features);
    this.in2Features = checkSize('nn.Bilinear', 'in2Features', in2Features);
    this.outFeatures = checkSize('nn.Bilinear', 'outFeatures', outFeatures);
    this.weight = new Parameter(empty([outFeatures, in1Features, in2Features], factory(o)));
    this.bias = (o.bias ?? true) ? new Parameter(empty([outFeatures], factory(o))) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    uniform_(this.weight, -bound, bound);
    if (this.bias !== null) uniform_(this.bias, -bound, bound);
  }

  forward(input1: Tensor, input2: Tensor): Tensor {
    checkLastDim('nn.Bilinear', input1, this.in1Features, 'in1Features');
    checkLastDim('nn.Bilinear', input2, this.in2Features, 'in2Features');
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}
