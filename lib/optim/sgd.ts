import { checkOptions } from '../options.js';
import { checkNumber, givenOptions, Optimizer, type GroupOptions, type ParamsOrGroups } from './optimizer.js';

export interface SGDOptions extends GroupOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

const KNOWN = ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'params'];

/** torch.optim.SGD on libtorch's implementation; `lr` is required as in PyTorch. */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsOrGroups<SGDOptions>, options: SGDOptions) {
    super('sgd', params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...givenOptions(options) }, (o, where) => {
      checkOptions(where, o, KNOWN);
      checkNumber(o.lr, 'lr', where);
      checkNumber(o.momentum, 'momentum', where);
      if (o.nesterov && (!o.momentum || o.dampening)) throw new RangeError(`${where}: nesterov needs momentum > 0 and dampening 0`);
    });
  }
  protected nativeOptions(g: SGDOptions) {
    return { lr: g.lr, momentum: g.momentum, dampening: g.dampening, weightDecay: g.weightDecay, nesterov: g.nesterov };
  }
}
