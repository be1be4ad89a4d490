// Adam and AdamW on libtorch's implementations (the same update as torch.optim's single-tensor path).
import { checkOptions } from '../options.js';
import { checkNumber, givenOptions, Optimizer, type GroupOptions, type ParamsOrGroups } from './optimizer.js';

export interface AdamOptions extends GroupOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
}

const KNOWN = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'params'];

function validate(o: AdamOptions, where: string): void {
  checkOptions(where, o, KNOWN);
  checkNumber(o.lr, 'lr', where);
  checkNumber(o.eps, 'eps', where);
  checkNumber(o.weightDecay, 'weightDecay', where);
  const betas = o.betas;
  if (!Array.isArray(betas) || betas.length !== 2 || !betas.every((b) => typeof b === 'number' && b >= 0 && b < 1))
    throw new RangeError(`${where}: betas must be two numbers in [0, 1), got ${JSON.stringify(betas)}`);
}

function nativeAdam(g: AdamOptions): Record<string, number | boolean | undefined> {
  return { lr: g.lr, beta1: g.betas?.[0], beta2: g.betas?.[1], eps: g.eps, weightDecay: g.weightDecay, amsgrad: g.amsgrad };
}

/** torch.optim.AdamW: decoupled weight decay (default 0.01), lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsOrGroups<AdamOptions>, options: AdamOptions = {}) {
    super('adamw', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, ...givenOptions(options) }, validate);
  }
  protected nativeOptions(g: AdamOptions) {
    return nativeAdam(g);
  }
}

/** torch.optim.Adam: L2 weight decay added to the gradient (default 0). */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsOrGroups<AdamOptions>, options: AdamOptions = {}) {
    super('adam', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...givenOptions(options) }, validate);
  }
  protected nativeOptions(g: AdamOptions) {
    return nativeAdam(g);
  }
}
