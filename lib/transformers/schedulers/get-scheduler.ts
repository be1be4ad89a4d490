// `transformers.get_scheduler`: one entry point by name, with the same argument rules as Python.
import { checkOptions } from '../../options.js';
import {
  getConstantSchedule,
  getConstantScheduleWithWarmup,
  getCosineScheduleWithWarmup,
  getCosineWithHardRestartsScheduleWithWarmup,
  getCosineWithMinLrScheduleWithWarmup,
  getCosineWithMinLrScheduleWithWarmupLrRate,
  getInverseSqrtSchedule,
  getLinearScheduleWithWarmup,
  getPolynomialDecayScheduleWithWarmup,
  getWsdSchedule,
} from './factories.js';
import type { LambdaLR } from './lambda-lr.js';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
import { assertSchedulable, type SchedulableOptimizer } from './types.js';

/** transformers' `SchedulerType` values, in its order. */
export const SCHEDULER_TYPES = [
  'linear',
  'cosine',
  'cosine_with_restarts',
  'polynomial',
  'constant',
  'constant_with_warmup',
  'inverse_sqrt',
  'reduce_lr_on_plateau',
  'cosine_with_min_lr',
  'cosine_warmup_with_min_lr',
  'warmup_stable_decay',
] as const;
export type SchedulerType = (typeof SCHEDULER_TYPES)[number];

export type LRScheduler = LambdaLR | ReduceLROnPlateau;

export interface GetSchedulerOptions {
  optimizer: SchedulableOptimizer;
  numWarmupSteps?: number | null;
  numTrainingSteps?: number | null;
  /**
   * Extra arguments of the chosen schedule (Python's `scheduler_specific_kwargs` / `lr_scheduler_kwargs`),
   * camelCase or snake_case: `{ numCycles: 2 }` or `{ num_cycles: 2 }`.
   */
  schedulerSpecificKwargs?: Record<string, unknown> | null;
}

// The extra arguments each schedule accepts. transformers silently drops kwargs for constant,
// constant_with_warmup and inverse_sqrt; we reject unknown ones instead of ignoring a typo.
const KWARGS: Record<SchedulerType, readonly string[]> = {
  linear: ['lastEpoch'],
  cosine: ['numCycles', 'lastEpoch'],
  cosine_with_restarts: ['numCycles', 'lastEpoch'],
  polynomial: ['lrEnd', 'power', 'lastEpoch'],
  constant: ['lastEpoch'],
  constant_with_warmup: ['lastEpoch'],
  inverse_sqrt: ['timescale', 'lastEpoch'],
  reduce_lr_on_plateau: ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'],
  cosine_with_min_lr: ['numCycles', 'minLr', 'minLrRate', 'lastEpoch'],
  cosine_warmup_with_min_lr: ['numCycles', 'minLr', 'minLrRate', 'warmupLrRate', 'lastEpoch'],
  warmup_stable_decay: [
    'numDecaySteps',
    'numStableSteps',
    'warmupType',
    'decayType',
    'minLrRatio',
    'numCycles',
    'lastEpoch',
  ],
};

export function isSchedulerType(name: unknown): name is SchedulerType {
  return typeof name === 'string' && (SCHEDULER_TYPES as readonly string[]).includes(name);
}

export function getScheduler(name: 'reduce_lr_on_plateau', options: GetSchedulerOptions): ReduceLROnPlateau;
export function getScheduler(name: Exclude<SchedulerType, 'reduce_lr_on_plateau'>, options: GetSchedulerOptions): LambdaLR;
export function getScheduler(name: SchedulerType | string, options: GetSchedulerOptions): LRScheduler;
export function getScheduler(name: SchedulerType | string, options: GetSchedulerOptions): LRScheduler {
  if (!isSchedulerType(name)) {
    throw new RangeError(
      `getScheduler: '${String(name)}' is not a valid scheduler type, please select one of ${SCHEDULER_TYPES.map((t) => `'${t}'`).join(', ')}`,
    );
  }
  checkOptions(`getScheduler('${name}')`, options, ['optimizer', 'numWarmupSteps', 'numTrainingSteps', 'schedulerSpecificKwargs']);
  const { optimizer } = options ?? ({} as GetSchedulerOptions);
  assertSchedulable(optimizer, `getScheduler('${name}')`);
  const kw = normalizeKwargs(name, options.schedulerSpecificKwargs);
  const warmup = options.numWarmupSteps;
  const total = options.numTrainingSteps;

  if (name === 'constant') return getConstantSchedule(optimizer, kw);
  if (name === 'reduce_lr_on_plateau') return new ReduceLROnPlateau(optimizer, kw as ReduceLROnPlateauOptions);

  // Every other schedule has a warmup phase.
  if (warmup === undefined || warmup === null) {
    throw new TypeError(`${name} requires \`numWarmupSteps\`, please provide that argument.`);
  }
  if (name === 'constant_with_warmup') return getConstantScheduleWithWarmup(optimizer, { ...kw, numWarmupSteps: warmup });
  if (name === 'inverse_sqrt') return getInverseSqrtSchedule(optimizer, { ...kw, numWarmupSteps: warmup });
  if (name === 'warmup_stable_decay') {
    if (kw.numDecaySteps === undefined) {
      throw new TypeError('warmup_stable_decay requires `numDecaySteps` in schedulerSpecificKwargs, please provide that argument.');
    }
    return getWsdSchedule(optimizer, {
      ...(kw as { numDecaySteps: number }),
      numWarmupSteps: warmup,
      numTrainingSteps: total ?? undefined,
    });
  }

  // The rest also need the total number of steps.
  if (total === undefined || total === null) {
    throw new TypeError(`${name} requires \`numTrainingSteps\`, please provide that argument.`);
  }
  const common = { ...kw, numWarmupSteps: warmup, numTrainingSteps: total };
  switch (name) {
    case 'linear':
      return getLinearScheduleWithWarmup(optimizer, common);
    case 'cosine':
      return getCosineScheduleWithWarmup(optimizer, common);
    case 'cosine_with_restarts':
      return getCosineWithHardRestartsScheduleWithWarmup(optimizer, common);
    case 'polynomial':
      return getPolynomialDecayScheduleWithWarmup(optimizer, common);
    case 'cosine_with_min_lr':
      return getCosineWithMinLrScheduleWithWarmup(optimizer, common);
    case 'cosine_warmup_with_min_lr':
      return getCosineWithMinLrScheduleWithWarmupLrRate(optimizer, common);
  }
}

/** snake_case -> camelCase keys, and reject arguments the schedule does not take (Python raises TypeError). */
function normalizeKwargs(name: SchedulerType, kwargs: Record<string, unknown> | null | undefined): Record<string, any> {
  const out: Record<string, unknown> = {};
  if (kwargs === undefined || kwargs === null) return out;
  if (typeof kwargs !== 'object' || Array.isArray(kwargs)) {
    throw new TypeError(`getScheduler('${name}'): schedulerSpecificKwargs must be an object, got ${typeof kwargs}`);
  }
  const allowed = KWARGS[name];
  for (const [key, value] of Object.entries(kwargs)) {
    const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (!allowed.includes(camel)) {
      const accepts = allowed.length ? allowed.join(', ') : 'nothing';
      throw new TypeError(`getScheduler('${name}'): unexpected schedulerSpecificKwargs key '${key}'; ${name} accepts ${accepts}`);
    }
    if (camel in out) throw new TypeError(`getScheduler('${name}'): schedulerSpecificKwargs gives '${camel}' twice (camelCase and snake_case)`);
    out[camel] = value;
  }
  return out;
}
