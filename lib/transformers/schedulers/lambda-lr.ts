import { setDefaultInitialLr, getInitialLr } from './initial-lr.js';
import { assertSchedulable, type LrLambda, type SchedulableOptimizer } from './types.js';

/** The fields PyTorch's `LambdaLR.state_dict()` carries (minus the lambdas, which are code). */
export interface LambdaLRState {
  base_lrs: number[];
  last_epoch: number;
  _step_count: number;
  _last_lr: number[];
}

/**
 * PyTorch's `torch.optim.lr_scheduler.LambdaLR`: lr of group i = initial_lr_i * lambda_i(last_epoch).
 * Construction performs the initial step (last_epoch -1 -> 0), so the optimizer already runs at lambda(0).
 */
export class LambdaLR {
  readonly optimizer: SchedulableOptimizer;
  readonly lrLambdas: LrLambda[];
  baseLrs: number[];
  lastEpoch: number;
  private stepCount = 0;
  private lastLr: number[] = [];

  constructor(optimizer: SchedulableOptimizer, lrLambda: LrLambda | LrLambda[], lastEpoch = -1) {
    assertSchedulable(optimizer, 'LambdaLR');
    const groups = optimizer.paramGroups;
    if (Array.isArray(lrLambda)) {
      if (lrLambda.length !== groups.length) {
        throw new RangeError(`LambdaLR: expected ${groups.length} lrLambdas (one per param group), got ${lrLambda.length}`);
      }
      this.lrLambdas = [...lrLambda];
    } else {
      this.lrLambdas = groups.map(() => lrLambda as LrLambda);
    }
    if (!Number.isInteger(lastEpoch) || lastEpoch < -1) {
      throw new RangeError(`LambdaLR: lastEpoch must be an integer >= -1, got ${lastEpoch}`);
    }
    if (lastEpoch === -1) {
      this.baseLrs = groups.map((g) => setDefaultInitialLr(g));
    } else {
      // Resuming: like PyTorch, the optimizer must already carry the groups' initial_lr.
      this.baseLrs = groups.map((g, i) => {
        const lr = getInitialLr(g);
        if (lr === undefined) {
          throw new Error(`LambdaLR: param 'initial_lr' is not specified in paramGroups[${i}] when resuming (lastEpoch=${lastEpoch})`);
        }
        return lr;
      });
    }
    this.optimizer = optimizer;
    this.lastEpoch = lastEpoch;
    this.step();
  }

  /** Advance one step and write the new lr into every param group. */
  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const lrs = this.getLr();
    const groups = this.optimizer.paramGroups;
    groups.forEach((g, i) => {
      g.lr = lrs[i]!;
    });
    this.lastLr = groups.map((g) => g.lr);
  }

  /** The lrs for the current `lastEpoch` (PyTorch `get_lr()`), without applying them. */
  getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i]!(this.lastEpoch));
  }

  /** The lrs last written to the optimizer (PyTorch `get_last_lr()`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): LambdaLRState {
    return {
      base_lrs: [...this.baseLrs],
      last_epoch: this.lastEpoch,
      _step_count: this.stepCount,
      _last_lr: [...this.lastLr],
    };
  }

  /** Restores the counters (as PyTorch does, the optimizer's lr is not touched: restore the optimizer too). */
  loadStateDict(state: LambdaLRState): void {
    const n = this.optimizer.paramGroups.length;
    checkNumbers(state.base_lrs, n, 'base_lrs');
    checkNumbers(state._last_lr, n, '_last_lr');
    if (!Number.isInteger(state.last_epoch)) throw new TypeError(`LambdaLR.loadStateDict: last_epoch must be an integer, got ${state.last_epoch}`);
    if (!Number.isInteger(state._step_count)) throw new TypeError(`LambdaLR.loadStateDict: _step_count must be an integer, got ${state._step_count}`);
    this.baseLrs = [...state.base_lrs];
    this.lastEpoch = state.last_epoch;
    this.stepCount = state._step_count;
    this.lastLr = [...state._last_lr];
  }
}

function checkNumbers(v: unknown, n: number, key: string): asserts v is number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number')) {
    throw new TypeError(`LambdaLR.loadStateDict: ${key} must be an array of ${n} numbers (one per param group)`);
  }
}
