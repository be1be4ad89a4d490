// camelCase ports of the schedule factories in transformers/optimization.py. Each returns a PyTorch-style
// LambdaLR driving the optimizer's param groups.
import { LambdaLR } from './lambda-lr.js';
import {
  constantLambda,
  constantWithWarmupLambda,
  cosineLambda,
  cosineWarmupWithMinLrLambda,
  cosineWithHardRestartsLambda,
  inverseSqrtLambda,
  linearLambda,
  polynomialDecayLambda,
  wsdLambda,
  type WsdShape,
} from './lambdas.js';
import { assertSchedulable, type SchedulableOptimizer } from './types.js';
import { optionalLastEpoch, optionalNumber, requireCount } from './validate.js';

interface Resume {
  /** Index of the last step when resuming (PyTorch `last_epoch`); -1 starts fresh. */
  lastEpoch?: number;
}
export interface WarmupOptions extends Resume {
  numWarmupSteps: number;
}
export interface WarmupTrainingOptions extends WarmupOptions {
  numTrainingSteps: number;
}

/** `get_constant_schedule` */
export function getConstantSchedule(optimizer: SchedulableOptimizer, options: Resume = {}): LambdaLR {
  return new LambdaLR(optimizer, constantLambda, optionalLastEpoch('getConstantSchedule', options.lastEpoch));
}

/** `get_constant_schedule_with_warmup` */
export function getConstantScheduleWithWarmup(optimizer: SchedulableOptimizer, options: WarmupOptions): LambdaLR {
  const who = 'getConstantScheduleWithWarmup';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  return new LambdaLR(optimizer, constantWithWarmupLambda(w), optionalLastEpoch(who, options.lastEpoch));
}

/** `get_linear_schedule_with_warmup` */
export function getLinearScheduleWithWarmup(optimizer: SchedulableOptimizer, options: WarmupTrainingOptions): LambdaLR {
  const who = 'getLinearScheduleWithWarmup';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const n = requireCount(who, 'numTrainingSteps', options.numTrainingSteps);
  return new LambdaLR(optimizer, linearLambda(w, n), optionalLastEpoch(who, options.lastEpoch));
}

/** `get_cosine_schedule_with_warmup` (numCycles 0.5: one half-cosine from the peak to 0) */
export function getCosineScheduleWithWarmup(
  optimizer: SchedulableOptimizer,
  options: WarmupTrainingOptions & { numCycles?: number },
): LambdaLR {
  const who = 'getCosineScheduleWithWarmup';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const n = requireCount(who, 'numTrainingSteps', options.numTrainingSteps);
  const cycles = optionalNumber(who, 'numCycles', options.numCycles, 0.5);
  return new LambdaLR(optimizer, cosineLambda(w, n, cycles), optionalLastEpoch(who, options.lastEpoch));
}

/** `get_cosine_with_hard_restarts_schedule_with_warmup` (numCycles 1) */
export function getCosineWithHardRestartsScheduleWithWarmup(
  optimizer: SchedulableOptimizer,
  options: WarmupTrainingOptions & { numCycles?: number },
): LambdaLR {
  const who = 'getCosineWithHardRestartsScheduleWithWarmup';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const n = requireCount(who, 'numTrainingSteps', options.numTrainingSteps);
  const cycles = optionalNumber(who, 'numCycles', options.numCycles, 1);
  return new LambdaLR(optimizer, cosineWithHardRestartsLambda(w, n, cycles), optionalLastEpoch(who, options.lastEpoch));
}

/** `get_polynomial_decay_schedule_with_warmup` (lrEnd 1e-7, power 1.0); decays from `defaults.lr` to lrEnd. */
export function getPolynomialDecayScheduleWithWarmup(
  optimizer: SchedulableOptimizer,
  options: WarmupTrainingOptions & { lrEnd?: number; power?: number },
): LambdaLR {
  const who = 'getPolynomialDecayScheduleWithWarmup';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const n = requireCount(who, 'numTrainingSteps', options.numTrainingSteps);
  const lrEnd = optionalNumber(who, 'lrEnd', options.lrEnd, 1e-7);
  const power = optionalNumber(who, 'power', options.power, 1.0);
  const lrInit = defaultLr(optimizer, who);
  if (!(lrInit > lrEnd)) throw new RangeError(`${who}: lrEnd (${lrEnd}) must be smaller than initial lr (${lrInit})`);
  return new LambdaLR(optimizer, polynomialDecayLambda(w, n, lrEnd, power, lrInit), optionalLastEpoch(who, options.lastEpoch));
}

/** `get_inverse_sqrt_schedule` (timescale defaults to numWarmupSteps, or 10000 when that is 0) */
export function getInverseSqrtSchedule(
  optimizer: SchedulableOptimizer,
  options: WarmupOptions & { timescale?: number },
): LambdaLR {
  const who = 'getInverseSqrtSchedule';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const timescale = optionalNumber(who, 'timescale', options.timescale, w || 10_000);
  if (!(timescale > 0)) throw new RangeError(`${who}: \`timescale\` must be > 0, got ${timescale}`);
  return new LambdaLR(optimizer, inverseSqrtLambda(w, timescale), optionalLastEpoch(who, options.lastEpoch));
}

export interface MinLrOptions {
  /** Final lr (absolute). Exactly one of minLr / minLrRate. */
  minLr?: number;
  /** Final lr as a fraction of `defaults.lr`. */
  minLrRate?: number;
}

/** `get_cosine_with_min_lr_schedule_with_warmup`: cosine from the peak down to minLr instead of 0. */
export function getCosineWithMinLrScheduleWithWarmup(
  optimizer: SchedulableOptimizer,
  options: WarmupTrainingOptions & MinLrOptions & { numCycles?: number },
): LambdaLR {
  const who = 'getCosineWithMinLrScheduleWithWarmup';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const n = requireCount(who, 'numTrainingSteps', options.numTrainingSteps);
  const cycles = optionalNumber(who, 'numCycles', options.numCycles, 0.5);
  const rate = minLrRate(optimizer, options, who);
  return new LambdaLR(optimizer, cosineLambda(w, n, cycles, rate), optionalLastEpoch(who, options.lastEpoch));
}

/**
 * `get_cosine_with_min_lr_schedule_with_warmup_lr_rate` (`cosine_warmup_with_min_lr`, newer transformers):
 * like cosine_with_min_lr, but warmup starts at 1/numWarmupSteps (or warmupLrRate) and decay is one step ahead.
 */
export function getCosineWithMinLrScheduleWithWarmupLrRate(
  optimizer: SchedulableOptimizer,
  options: WarmupTrainingOptions & MinLrOptions & { numCycles?: number; warmupLrRate?: number },
): LambdaLR {
  const who = 'getCosineWithMinLrScheduleWithWarmupLrRate';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const n = requireCount(who, 'numTrainingSteps', options.numTrainingSteps);
  const cycles = optionalNumber(who, 'numCycles', options.numCycles, 0.5);
  const rate = minLrRate(optimizer, options, who);
  const warmupRate = options.warmupLrRate ?? undefined;
  if (warmupRate !== undefined) optionalNumber(who, 'warmupLrRate', warmupRate, 0);
  return new LambdaLR(
    optimizer,
    cosineWarmupWithMinLrLambda(w, n, cycles, rate, warmupRate),
    optionalLastEpoch(who, options.lastEpoch),
  );
}

export interface WsdOptions extends Resume {
  numWarmupSteps: number;
  numDecaySteps: number;
  /** Total steps; the stable phase is numTrainingSteps - numWarmupSteps - numDecaySteps unless numStableSteps is given. */
  numTrainingSteps?: number;
  numStableSteps?: number;
  warmupType?: WsdShape;
  decayType?: WsdShape;
  minLrRatio?: number;
  numCycles?: number;
}

const WSD_SHAPES: readonly WsdShape[] = ['linear', 'cosine', '1-sqrt'];

/** `get_wsd_schedule`: warmup (linear), stable, decay (cosine) to minLrRatio. */
export function getWsdSchedule(optimizer: SchedulableOptimizer, options: WsdOptions): LambdaLR {
  const who = 'getWsdSchedule';
  const w = requireCount(who, 'numWarmupSteps', options?.numWarmupSteps);
  const d = requireCount(who, 'numDecaySteps', options.numDecaySteps);
  const hasTotal = options.numTrainingSteps !== undefined && options.numTrainingSteps !== null;
  const hasStable = options.numStableSteps !== undefined && options.numStableSteps !== null;
  if (!hasTotal && !hasStable) throw new TypeError(`${who}: either \`numTrainingSteps\` or \`numStableSteps\` must be specified.`);
  if (hasTotal && hasStable) {
    process.emitWarning(`${who}: both numTrainingSteps and numStableSteps are specified; numStableSteps will be used.`);
  }
  const warmupType = options.warmupType ?? 'linear';
  const decayType = options.decayType ?? 'cosine';
  if (!WSD_SHAPES.includes(warmupType)) {
    throw new RangeError(`${who}: unknown warmupType '${warmupType}', expected 'linear', 'cosine' or '1-sqrt'`);
  }
  if (!WSD_SHAPES.includes(decayType)) {
    throw new RangeError(`${who}: unknown decayType '${decayType}', expected 'linear', 'cosine' or '1-sqrt'`);
  }
  const numStableSteps = hasStable
    ? requireCount(who, 'numStableSteps', options.numStableSteps)
    : requireCount(who, 'numTrainingSteps', options.numTrainingSteps) - w - d;
  const lambda = wsdLambda({
    numWarmupSteps: w,
    numStableSteps,
    numDecaySteps: d,
    warmupType,
    decayType,
    minLrRatio: optionalNumber(who, 'minLrRatio', options.minLrRatio, 0),
    numCycles: optionalNumber(who, 'numCycles', options.numCycles, 0.5),
  });
  return new LambdaLR(optimizer, lambda, optionalLastEpoch(who, options.lastEpoch));
}

/** `optimizer.defaults["lr"]`, falling back to the first group's starting lr for optimizers without `defaults`. */
function defaultLr(optimizer: SchedulableOptimizer, who: string): number {
  assertSchedulable(optimizer, who);
  const lr = optimizer.defaults?.lr ?? initialLrOf(optimizer);
  if (typeof lr !== 'number' || !Number.isFinite(lr)) throw new TypeError(`${who}: optimizer.defaults.lr must be a number`);
  return lr;
}

function initialLrOf(optimizer: SchedulableOptimizer): number {
  const g = optimizer.paramGroups[0]!;
  const initial = (g as unknown as Record<string, unknown>).initial_lr;
  return typeof initial === 'number' ? initial : g.lr;
}

function minLrRate(optimizer: SchedulableOptimizer, options: MinLrOptions, who: string): number {
  const hasMin = options.minLr !== undefined && options.minLr !== null;
  const hasRate = options.minLrRate !== undefined && options.minLrRate !== null;
  if (hasMin && hasRate) throw new TypeError(`${who}: only one of \`minLr\` or \`minLrRate\` should be set`);
  if (hasMin) return optionalNumber(who, 'minLr', options.minLr, 0) / defaultLr(optimizer, who);
  if (!hasRate) throw new TypeError(`${who}: one of \`minLr\` or \`minLrRate\` should be set (schedulerSpecificKwargs)`);
  return optionalNumber(who, 'minLrRate', options.minLrRate, 0);
}
