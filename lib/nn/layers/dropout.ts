// nn.Dropout: zeroes elements with probability p in training mode (scaling the rest by 1/(1-p)); identity in eval.
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { Module } from '../module.js';
import { checkOptions, checkProbability } from './options.js';

export class Dropout extends Module {
  readonly p: number;

  /** `new nn.Dropout(p = 0.5)` */
  constructor(p = 0.5, options: object = {}) {
    super();
    checkOptions('nn.Dropout', options, []);
    this.p = checkProbability('nn.Dropout', 'p (dropout probability)', p);
  }

  forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training);
  }

  override extraRepr(): string {
    return `p=${this.p}, inplace=False`;
  }
}
