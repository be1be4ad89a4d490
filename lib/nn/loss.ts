// Losses as modules: each forward is the functional loss with the options given at construction. Class weights
// are buffers under PyTorch's names (weight, pos_weight), so they move with `to()` and appear in the state dict.
import type { Tensor } from '../tensor.js';
import * as F from './functional.js';
import { checkOptions, checkProbability } from './layers/options.js';
import { Module } from './module.js';

const REDUCTIONS = ['mean', 'sum', 'none'];
function checkReduction(where: string, r: F.Reduction | undefined): F.Reduction {
  const reduction = r ?? 'mean';
  if (!REDUCTIONS.includes(reduction)) throw new RangeError(`${where}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  return reduction;
}

abstract class Loss extends Module {
  readonly reduction: F.Reduction;
  constructor(where: string, reduction: F.Reduction | undefined) {
    super();
    this.reduction = checkReduction(where, reduction);
  }
  abstract forward(input: Tensor, target: Tensor): Tensor;
}

/** A weight buffer; none given reserves the name (PyTorch's register_buffer(name, None)). */
const weightBuffer = (m: Module, name: string, t: Tensor | null | undefined): void => m.registerBuffer(name, t ?? null);

export class CrossEntropyLoss extends Loss {
  declare weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  /** `new nn.CrossEntropyLoss({ weight, ignoreIndex, labelSmoothing, reduction })` */
  constructor(options: F.CrossEntropyOptions = {}) {
    const o = checkOptions('nn.CrossEntropyLoss', options, ['weight', 'ignoreIndex', 'labelSmoothing', 'reduction']);
    super('nn.CrossEntropyLoss', o.reduction);
    weightBuffer(this, 'weight', o.weight);
    this.ignoreIndex = o.ignoreIndex ?? -100;
    this.labelSmoothing = checkProbability('nn.CrossEntropyLoss', 'labelSmoothing', o.labelSmoothing ?? 0);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, labelSmoothing: this.labelSmoothing, reduction: this.reduction });
  }
}

export class NLLLoss extends Loss {
  declare weight: Tensor | null;
  readonly ignoreIndex: number;
  /** `new nn.NLLLoss({ weight, ignoreIndex, reduction })`: input holds log-probabilities */
  constructor(options: Omit<F.CrossEntropyOptions, 'labelSmoothing'> = {}) {
    const o = checkOptions('nn.NLLLoss', options, ['weight', 'ignoreIndex', 'reduction']);
    super('nn.NLLLoss', o.reduction);
    weightBuffer(this, 'weight', o.weight);
    this.ignoreIndex = o.ignoreIndex ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

export class MSELoss extends Loss {
  constructor(options: { reduction?: F.Reduction } = {}) {
    super('nn.MSELoss', checkOptions('nn.MSELoss', options, ['reduction']).reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

export class L1Loss extends Loss {
  constructor(options: { reduction?: F.Reduction } = {}) {
    super('nn.L1Loss', checkOptions('nn.L1Loss', options, ['reduction']).reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

export class SmoothL1Loss extends Loss {
  readonly beta: number;
  /** `new nn.SmoothL1Loss({ beta, reduction })`: quadratic below |x| < beta, linear above */
  constructor(options: { reduction?: F.Reduction; beta?: number } = {}) {
    const o = checkOptions('nn.SmoothL1Loss', options, ['reduction', 'beta']);
    super('nn.SmoothL1Loss', o.reduction);
    this.beta = o.beta ?? 1;
    if (!(this.beta >= 0)) throw new RangeError(`nn.SmoothL1Loss: beta must be >= 0, got ${this.beta}`);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export class BCEWithLogitsLoss extends Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  /** `new nn.BCEWithLogitsLoss({ weight, posWeight, reduction })` */
  constructor(options: F.BCEWithLogitsOptions = {}) {
    const o = checkOptions('nn.BCEWithLogitsLoss', options, ['weight', 'posWeight', 'reduction']);
    super('nn.BCEWithLogitsLoss', o.reduction);
    weightBuffer(this, 'weight', o.weight);
    weightBuffer(this, 'pos_weight', o.posWeight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.pos_weight, reduction: this.reduction });
  }
}

export class BCELoss extends Loss {
  declare weight: Tensor | null;
  /** `new nn.BCELoss({ weight, reduction })`: input holds probabilities */
  constructor(options: { weight?: Tensor | null; reduction?: F.Reduction } = {}) {
    const o = checkOptions('nn.BCELoss', options, ['weight', 'reduction']);
    super('nn.BCELoss', o.reduction);
    weightBuffer(this, 'weight', o.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
