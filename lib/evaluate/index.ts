// `tstorch/evaluate`: Hugging Face `evaluate.load(...)` for the common classification and regression
// metrics, computed like the evaluate library's sklearn-backed implementations.
import { Accuracy } from './metrics/accuracy.js';
import { MatthewsCorrelation } from './metrics/matthews-correlation.js';
import { Mse } from './metrics/mse.js';
import { F1, Precision, Recall } from './metrics/prf-metrics.js';

export { EvaluationModule, type Batch, type Example, type ComputeInputs } from './module.js';
export type { TensorLike, ToArrayLike, MetricInput, ExampleInput } from './inputs.js';
export type { Average, ZeroDivision } from './prf.js';
export { Accuracy, type AccuracyOptions } from './metrics/accuracy.js';
export { F1, Precision, Recall, type PrfComputeOptions, type PrfScore } from './metrics/prf-metrics.js';
export { MatthewsCorrelation, type MatthewsCorrelationOptions } from './metrics/matthews-correlation.js';
export { Mse, type MseOptions } from './metrics/mse.js';

const METRICS = {
  accuracy: Accuracy,
  f1: F1,
  precision: Precision,
  recall: Recall,
  matthews_correlation: MatthewsCorrelation,
  mse: Mse,
} as const;

// evaluate's config names for these metrics ('multilabel' targets are not supported yet).
const CONFIGS: Record<MetricName, readonly string[]> = {
  accuracy: ['default'],
  f1: ['default'],
  precision: ['default'],
  recall: ['default'],
  matthews_correlation: ['default'],
  mse: ['default', 'multilist'],
};

export type MetricName = keyof typeof METRICS;
export const AVAILABLE_METRICS = Object.keys(METRICS) as MetricName[];

/** `evaluate.load(name)`: a fresh metric instance; `configName` as in evaluate ('multilist' for mse). */
export function load<N extends MetricName>(name: N, configName?: string): InstanceType<(typeof METRICS)[N]>;
export function load(name: string, configName?: string): EvaluationModuleAny;
export function load(name: string, configName = 'default'): EvaluationModuleAny {
  if (!Object.hasOwn(METRICS, name)) {
    throw new RangeError(`evaluate.load: unknown metric '${name}'; available: ${AVAILABLE_METRICS.join(', ')}`);
  }
  const key = name as MetricName;
  if (!CONFIGS[key].includes(configName)) {
    throw new RangeError(`evaluate.load('${name}'): unknown config '${configName}'; available: ${CONFIGS[key].join(', ')}`);
  }
  return new METRICS[key](configName);
}

type EvaluationModuleAny = InstanceType<(typeof METRICS)[MetricName]>;
