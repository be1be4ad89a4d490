// Per-option type and range checks of TrainingArguments, so a wrong value fails at construction with the
// option's name instead of deep inside train().

export const INTERVAL_STRATEGIES = ['no', 'steps', 'epoch'] as const;
export type IntervalStrategy = (typeof INTERVAL_STRATEGIES)[number];

type Check = (v: unknown) => string | null;

const bool: Check = (v) => (typeof v === 'boolean' ? null : 'a boolean');
const num = (min: number, minInclusive = true): Check => (v) =>
  typeof v === 'number' && Number.isFinite(v) && (minInclusive ? v >= min : v > min) ? null : `a finite number ${minInclusive ? '>=' : '>'} ${min}`;
const int = (min: number): Check => (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? null : `an integer >= ${min}`);
const nullable = (c: Check): Check => (v) => (v === null ? null : c(v));
const str: Check = (v) => (typeof v === 'string' ? null : 'a string');
const strategy: Check = (v) => ((INTERVAL_STRATEGIES as readonly unknown[]).includes(v) ? null : `one of ${INTERVAL_STRATEGIES.map((s) => `'${s}'`).join(', ')}`);
const unit: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? null : 'a number in [0, 1]');
const plainObject: Check = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'an object');
const stringList: Check = (v) => (v === null || (Array.isArray(v) && v.every((x) => typeof x === 'string')) ? null : 'an array of strings or null');
const reportTo: Check = (v) => (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')) ? null : 'a string or an array of strings');

const CHECKS: Record<string, Check> = {
  overwriteOutputDir: bool,
  doTrain: bool,
  doEval: bool,
  doPredict: bool,
  evalStrategy: strategy,
  predictionLossOnly: bool,
  perDeviceTrainBatchSize: int(1),
  perDeviceEvalBatchSize: int(1),
  gradientAccumulationSteps: int(1),
  evalDelay: num(0),
  learningRate: num(0),
  weightDecay: num(0),
  adamBeta1: unit,
  adamBeta2: unit,
  adamEpsilon: num(0),
  maxGradNorm: nullable(num(0)),
  numTrainEpochs: num(0),
  maxSteps: (v) => (typeof v === 'number' && Number.isInteger(v) && (v === -1 || v >= 0) ? null : 'an integer: -1 (use numTrainEpochs) or >= 0'),
  lrSchedulerType: str,
  lrSchedulerKwargs: plainObject,
  warmupRatio: (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? null : 'a number in [0, 1] (warmup_ratio must lie in range [0,1])'),
  warmupSteps: int(0),
  loggingStrategy: strategy,
  loggingFirstStep: bool,
  loggingSteps: num(0),
  loggingNanInfFilter: bool,
  saveStrategy: strategy,
  saveSteps: num(0, false),
  saveTotalLimit: nullable(int(1)),
  saveOnlyModel: bool,
  useCpu: bool,
  seed: int(0),
  dataSeed: nullable(int(0)),
  bf16: bool,
  fp16: bool,
  dataloaderDropLast: bool,
  evalSteps: nullable(num(0)),
  runName: nullable(str),
  disableTqdm: bool,
  removeUnusedColumns: bool,
  labelNames: stringList,
  loadBestModelAtEnd: bool,
  metricForBestModel: nullable(str),
  greaterIsBetter: nullable(bool),
  ignoreDataSkip: bool,
  optim: str,
  reportTo,
  resumeFromCheckpoint: nullable(str),
};

/** Throws a TypeError/RangeError naming the first option whose value has the wrong type or range. */
export function checkArgumentValues(options: Record<string, unknown>): void {
  for (const [key, check] of Object.entries(CHECKS)) {
    const v = options[key];
    const expected = check(v);
    if (expected === null) continue;
    const Err = typeof v === 'number' ? RangeError : TypeError;
    throw new Err(`TrainingArguments: ${key} must be ${expected}, got ${describe(v)}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(String).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  return `${typeof v} ${String(v)}`;
}
