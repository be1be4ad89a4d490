// Activations as modules: each forward is the functional op of the same name.
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import { checkOptions } from './options.js';

export class ReLU extends Module {
  forward(input: Tensor): Tensor {
    return F.relu(input);
  }
}

export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  /** `new nn.GELU({ approximate: 'tanh' })` */
  constructor(options: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    const o = checkOptions('nn.GELU', options, ['approximate']);
    const approximate = o.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') throw new RangeError(`nn.GELU: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
    this.approximate = approximate;
  }
  forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  forward(input: Tensor): Tensor {
    return F.silu(input);
  }
}

export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

function checkDim(where: string, dim: number): number {
  if (!Number.isInteger(dim)) throw new TypeError(`${where}: dim must be an integer, got ${dim}`);
  return dim;
}

export class Softmax extends Module {
  readonly dim: number;
  /** `new nn.Softmax(dim)` */
  constructor(dim: number) {
    super();
    this.dim = checkDim('nn.Softmax', dim);
  }
  forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSoftmax extends Module {
  readonly dim: number;
  /** `new nn.LogSoftmax(dim)` */
  constructor(dim: number) {
    super();
    this.dim = checkDim('nn.LogSoftmax', dim);
  }
  forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  /** `new nn.LeakyReLU(negativeSlope = 0.01)` */
  constructor(negativeSlope = 0.01) {
    super();
    if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope)) throw new TypeError(`nn.LeakyReLU: negativeSlope must be a finite number, got ${negativeSlope}`);
    this.negativeSlope = negativeSlope;
  }
  forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negative_slope=${this.negativeSlope}`;
  }
}
