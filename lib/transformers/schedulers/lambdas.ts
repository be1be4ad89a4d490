// The lr multipliers of transformers/optimization.py, one per `_get_*_lr_lambda` there, same arithmetic
// in the same order so that lr = base_lr * lambda(step) matches Python bit for bit (IEEE doubles on both sides;
// only Math.cos / Math.pow / Math.sqrt may differ from libm in the last ulp).

/** Linear ramp 0 -> 1 over `w` steps: `float(step) / float(max(1, w))`. */
function warmup(step: number, numWarmupSteps: number): number {
  return step / Math.max(1, numWarmupSteps);
}

/** `_get_constant_lambda` */
export const constantLambda = (): number => 1;

/** `_get_constant_schedule_with_warmup_lr_lambda` */
export function constantWithWarmupLambda(numWarmupSteps: number) {
  return (step: number): number => (step < numWarmupSteps ? warmup(step, numWarmupSteps) : 1.0);
}

/** `_get_linear_schedule_with_warmup_lr_lambda` */
export function linearLambda(numWarmupSteps: number, numTrainingSteps: number) {
  return (step: number): number => {
    if (step < numWarmupSteps) return warmup(step, numWarmupSteps);
    return Math.max(0.0, (numTrainingSteps - step) / Math.max(1, numTrainingSteps - numWarmupSteps));
  };
}

/** `_get_cosine_schedule_with_warmup_lr_lambda` (min_lr_rate 0 for `cosine`, >0 for `cosine_with_min_lr`) */
export function cosineLambda(numWarmupSteps: number, numTrainingSteps: number, numCycles: number, minLrRate = 0.0) {
  return (step: number): number => {
    if (step < numWarmupSteps) return warmup(step, numWarmupSteps);
    const progress = (step - numWarmupSteps) / Math.max(1, numTrainingSteps - numWarmupSteps);
    let factor = 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress));
    // transformers 4.31's `cosine` has no min_lr_rate term; with rate 0 this line is an exact identity.
    factor = factor * (1 - minLrRate) + minLrRate;
    return Math.max(0, factor);
  };
}

/** `_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda` */
export function cosineWithHardRestartsLambda(numWarmupSteps: number, numTrainingSteps: number, numCycles: number) {
  return (step: number): number => {
    if (step < numWarmupSteps) return warmup(step, numWarmupSteps);
    const progress = (step - numWarmupSteps) / Math.max(1, numTrainingSteps - numWarmupSteps);
    if (progress >= 1.0) return 0.0;
    return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * pyMod(numCycles * progress, 1.0))));
  };
}

/** `_get_polynomial_decay_schedule_with_warmup_lr_lambda` (returns a ratio: LambdaLR multiplies by lr_init) */
export function polynomialDecayLambda(
  numWarmupSteps: number,
  numTrainingSteps: number,
  lrEnd: number,
  power: number,
  lrInit: number,
) {
  return (step: number): number => {
    if (step < numWarmupSteps) return warmup(step, numWarmupSteps);
    if (step > numTrainingSteps) return lrEnd / lrInit;
    const lrRange = lrInit - lrEnd;
    const decaySteps = numTrainingSteps - numWarmupSteps;
    const pctRemaining = 1 - (step - numWarmupSteps) / decaySteps;
    const decay = lrRange * pctRemaining ** power + lrEnd;
    return decay / lrInit;
  };
}

/** `_get_inverse_sqrt_schedule_lr_lambda` */
export function inverseSqrtLambda(numWarmupSteps: number, timescale: number) {
  return (step: number): number => {
    if (step < numWarmupSteps) return warmup(step, numWarmupSteps);
    const shift = timescale - numWarmupSteps;
    return 1.0 / Math.sqrt((step + shift) / timescale);
  };
}

/** `_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda` (`cosine_warmup_with_min_lr`) */
export function cosineWarmupWithMinLrLambda(
  numWarmupSteps: number,
  numTrainingSteps: number,
  numCycles: number,
  minLrRate: number,
  warmupLrRate: number | undefined,
) {
  return (step: number): number => {
    if (step < numWarmupSteps) {
      // Unlike the other schedules this warmup never yields 0: it starts at 1/w (or warmup_lr_rate).
      if (warmupLrRate === undefined) return (step + 1) / Math.max(1, numWarmupSteps);
      return warmupLrRate + ((1.0 - warmupLrRate) * step) / Math.max(1, numWarmupSteps - 1);
    }
    const progress = (step - numWarmupSteps + 1) / Math.max(1, numTrainingSteps - numWarmupSteps);
    let factor = 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress));
    factor = factor * (1 - minLrRate) + minLrRate;
    return Math.max(0, factor);
  };
}

export type WsdShape = 'linear' | 'cosine' | '1-sqrt';

/** `_get_wsd_scheduler_lambda`: warmup, stable at 1, decay, then min_lr_ratio. */
export function wsdLambda(opts: {
  numWarmupSteps: number;
  numStableSteps: number;
  numDecaySteps: number;
  warmupType: WsdShape;
  decayType: WsdShape;
  minLrRatio: number;
  numCycles: number;
}) {
  const { numWarmupSteps, numStableSteps, numDecaySteps, warmupType, decayType, minLrRatio, numCycles } = opts;
  return (step: number): number => {
    if (step < numWarmupSteps) {
      const progress = step / Math.max(1, numWarmupSteps);
      let factor: number;
      if (warmupType === 'linear') factor = progress;
      else if (warmupType === 'cosine') factor = 0.5 * (1.0 - Math.cos(Math.PI * progress));
      else factor = 1.0 - Math.sqrt(1.0 - progress);
      factor = factor * (1.0 - minLrRatio) + minLrRatio;
      return Math.max(0.0, factor);
    }
    if (step < numWarmupSteps + numStableSteps) return 1.0;
    if (step < numWarmupSteps + numStableSteps + numDecaySteps) {
      const progress = (step - numWarmupSteps - numStableSteps) / Math.max(1, numDecaySteps);
      let factor: number;
      if (decayType === 'linear') factor = 1.0 - progress;
      else if (decayType === 'cosine') factor = 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress));
      else factor = 1.0 - Math.sqrt(progress);
      factor = factor * (1.0 - minLrRatio) + minLrRatio;
      return Math.max(0.0, factor);
    }
    return minLrRatio;
  };
}

/** Python's float `%` (result has the sign of the divisor), which JS `%` is not. */
function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}
