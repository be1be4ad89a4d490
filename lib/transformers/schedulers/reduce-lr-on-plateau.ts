import { assertSchedulable, type SchedulableOptimizer } from './types.js';

export interface ReduceLROnPlateauOptions {
  /** 'min': reduce when the metric stops decreasing (a loss); 'max': stops increasing (an accuracy). */
  mode?: 'min' | 'max';
  /** new_lr = lr * factor; must be < 1. Default 0.1. */
  factor?: number;
  /** Steps without improvement tolerated before reducing. Default 10. */
  patience?: number;
  /** Minimum change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** 'rel': best * (1 -/+ threshold); 'abs': best -/+ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting bad steps again. Default 0. */
  cooldown?: number;
  /** Lower bound on the lr, for all groups or one per group. Default 0. */
  minLr?: number | number[];
  /** Reductions smaller than eps are skipped. Default 1e-8. */
  eps?: number;
}

/** PyTorch's `ReduceLROnPlateau.state_dict()` fields (everything except the optimizer). */
export interface ReduceLROnPlateauState {
  factor: number;
  default_min_lr: number | null;
  min_lrs: number[];
  patience: number;
  cooldown: number;
  cooldown_counter: number;
  mode: 'min' | 'max';
  threshold: number;
  threshold_mode: 'rel' | 'abs';
  best: number;
  num_bad_epochs: number;
  mode_worse: number;
  eps: number;
  last_epoch: number;
  _last_lr: number[];
}

/** PyTorch's `torch.optim.lr_scheduler.ReduceLROnPlateau`: lower the lr when a metric stops improving. */
export class ReduceLROnPlateau {
  readonly optimizer: SchedulableOptimizer;
  private s: ReduceLROnPlateauState;

  constructor(optimizer: SchedulableOptimizer, options: ReduceLROnPlateauOptions = {}) {
    assertSchedulable(optimizer, 'ReduceLROnPlateau');
    const factor = options.factor ?? 0.1;
    if (!(factor < 1.0)) throw new RangeError(`ReduceLROnPlateau: factor should be < 1.0, got ${factor}`);
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    let minLrs: number[];
    let defaultMinLr: number | null;
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new RangeError(`ReduceLROnPlateau: expected ${n} minLr values (one per param group), got ${minLr.length}`);
      minLrs = [...minLr];
      defaultMinLr = null;
    } else {
      minLrs = new Array<number>(n).fill(minLr);
      defaultMinLr = minLr;
    }
    const mode = options.mode ?? 'min';
    const thresholdMode = options.thresholdMode ?? 'rel';
    checkModes(mode, thresholdMode);
    this.optimizer = optimizer;
    this.s = {
      factor,
      default_min_lr: defaultMinLr,
      min_lrs: minLrs,
      patience: options.patience ?? 10,
      cooldown: options.cooldown ?? 0,
      cooldown_counter: 0,
      mode,
      threshold: options.threshold ?? 1e-4,
      threshold_mode: thresholdMode,
      best: worst(mode),
      num_bad_epochs: 0,
      mode_worse: worst(mode),
      eps: options.eps ?? 1e-8,
      last_epoch: 0,
      _last_lr: optimizer.paramGroups.map((g) => g.lr),
    };
  }

  /** Record one evaluation of the monitored metric; reduces the lr after more than `patience` bad steps. */
  step(metric: number): void {
    if (typeof metric !== 'number') {
      throw new TypeError(`ReduceLROnPlateau.step(metric): metric must be a number (e.g. the eval loss), got ${typeof metric}`);
    }
    const s = this.s;
    s.last_epoch += 1;
    if (this.isBetter(metric, s.best)) {
      s.best = metric;
      s.num_bad_epochs = 0;
    } else {
      s.num_bad_epochs += 1;
    }
    if (s.cooldown_counter > 0) {
      s.cooldown_counter -= 1;
      s.num_bad_epochs = 0; // bad steps during cooldown do not count
    }
    if (s.num_bad_epochs > s.patience) {
      this.reduceLr();
      s.cooldown_counter = s.cooldown;
      s.num_bad_epochs = 0;
    }
    s._last_lr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.s._last_lr];
  }

  get best(): number {
    return this.s.best;
  }

  get numBadEpochs(): number {
    return this.s.num_bad_epochs;
  }

  get inCooldown(): boolean {
    return this.s.cooldown_counter > 0;
  }

  stateDict(): ReduceLROnPlateauState {
    return { ...this.s, min_lrs: [...this.s.min_lrs], _last_lr: [...this.s._last_lr] };
  }

  loadStateDict(state: ReduceLROnPlateauState): void {
    checkModes(state.mode, state.threshold_mode);
    this.s = { ...state, min_lrs: [...state.min_lrs], _last_lr: [...state._last_lr], mode_worse: worst(state.mode) };
  }

  private isBetter(a: number, best: number): boolean {
    const { mode, threshold_mode: tm, threshold } = this.s;
    if (mode === 'min' && tm === 'rel') return a < best * (1.0 - threshold);
    if (mode === 'min') return a < best - threshold;
    if (tm === 'rel') return a > best * (threshold + 1.0);
    return a > best + threshold;
  }

  private reduceLr(): void {
    const s = this.s;
    const groups = this.optimizer.paramGroups;
    if (groups.length !== s.min_lrs.length) {
      if (s.default_min_lr === null) {
        throw new Error(`ReduceLROnPlateau: the optimizer has ${groups.length} param groups but minLr was given for ${s.min_lrs.length}`);
      }
      s.min_lrs = new Array<number>(groups.length).fill(s.default_min_lr);
    }
    groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * s.factor, s.min_lrs[i]!);
      if (oldLr - newLr > s.eps) g.lr = newLr;
    });
  }
}

function worst(mode: 'min' | 'max'): number {
  return mode === 'min' ? Infinity : -Infinity;
}

function checkModes(mode: string, thresholdMode: string): void {
  if (mode !== 'min' && mode !== 'max') throw new RangeError(`ReduceLROnPlateau: mode '${mode}' is unknown, expected 'min' or 'max'`);
  if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
    throw new RangeError(`ReduceLROnPlateau: thresholdMode '${thresholdMode}' is unknown, expected 'rel' or 'abs'`);
  }
}
