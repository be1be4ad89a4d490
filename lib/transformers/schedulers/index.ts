// Learning-rate schedulers: transformers' `get_scheduler` and its schedule factories on PyTorch-style
// LambdaLR / ReduceLROnPlateau, driving any optimizer whose param groups have a writable `lr`.
export type { SchedulableOptimizer, SchedulableParamGroup, LrLambda } from './types.js';
export { LambdaLR, type LambdaLRState } from './lambda-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauState } from './reduce-lr-on-plateau.js';
export {
  getConstantSchedule,
  getConstantScheduleWithWarmup,
  getLinearScheduleWithWarmup,
  getCosineScheduleWithWarmup,
  getCosineWithHardRestartsScheduleWithWarmup,
  getPolynomialDecayScheduleWithWarmup,
  getInverseSqrtSchedule,
  getCosineWithMinLrScheduleWithWarmup,
  getCosineWithMinLrScheduleWithWarmupLrRate,
  getWsdSchedule,
  type WarmupOptions,
  type WarmupTrainingOptions,
  type MinLrOptions,
  type WsdOptions,
} from './factories.js';
export type { WsdShape } from './lambdas.js';
export {
  getScheduler,
  isSchedulerType,
  SCHEDULER_TYPES,
  type SchedulerType,
  type LRScheduler,
  type GetSchedulerOptions,
} from './get-scheduler.js';
