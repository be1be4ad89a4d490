// transformers' TrainingArguments: the same options in camelCase with transformers' defaults and __post_init__
// checks (same messages), `toJSON()` in snake_case as `to_dict()`. Unknown options are an error, not ignored.
import { checkOptions } from '../options.js';
import { cuda, Device } from '../device.js';
import { isSchedulerType, SCHEDULER_TYPES, type SchedulerType } from './schedulers/get-scheduler.js';
import { checkArgumentValues, INTERVAL_STRATEGIES, type IntervalStrategy } from './training-args-checks.js';
import { resolveReportTo, type ReportTarget } from './report-to.js';
import { distributedEnv } from './distributed-env.js';

export type { IntervalStrategy } from './training-args-checks.js';
export type { ReportTarget } from './report-to.js';

export interface TrainingArgumentsOptions {
  /** Where checkpoints (`checkpoint-<step>/`) and the final model go. Required. */
  outputDir: string;
  /** Delete the `checkpoint-*` folders already in outputDir when a fresh (not resumed) train() starts. */
  overwriteOutputDir?: boolean;
  doTrain?: boolean;
  doEval?: boolean;
  doPredict?: boolean;
  evalStrategy?: IntervalStrategy;
  predictionLossOnly?: boolean;
  perDeviceTrainBatchSize?: number;
  perDeviceEvalBatchSize?: number;
  gradientAccumulationSteps?: number;
  /** Recompute activations in backward instead of keeping them (models that support it; see torch.utils.checkpoint). */
  gradientCheckpointing?: boolean;
  /** Epochs or steps (as evalStrategy) to wait before the first evaluation. */
  evalDelay?: number;
  learningRate?: number;
  /** AdamW's decoupled weight decay, applied to every parameter except biases and normalization weights. */
  weightDecay?: number;
  adamBeta1?: number;
  adamBeta2?: number;
  adamEpsilon?: number;
  /** Gradient clipping (total L2 norm); 0 or null disables it. */
  maxGradNorm?: number | null;
  numTrainEpochs?: number;
  /** When > 0, the number of optimizer steps to run (overrides numTrainEpochs). */
  maxSteps?: number;
  lrSchedulerType?: SchedulerType;
  /** Extra arguments of the schedule (`{ numCycles: 2 }`), as transformers' `lr_scheduler_kwargs`. */
  lrSchedulerKwargs?: Record<string, unknown>;
  warmupRatio?: number;
  /** Overrides warmupRatio when > 0. */
  warmupSteps?: number;
  loggingStrategy?: IntervalStrategy;
  loggingFirstStep?: boolean;
  /** Steps between logs; a number < 1 is a fraction of the total steps. */
  loggingSteps?: number;
  /** A NaN/Inf step loss is replaced by the mean of the losses logged so far, as transformers does. */
  loggingNanInfFilter?: boolean;
  saveStrategy?: IntervalStrategy;
  saveSteps?: number;
  /** Keep at most this many checkpoints (oldest deleted first; the best one is kept). */
  saveTotalLimit?: number | null;
  /** Checkpoints hold the model only: no optimizer, scheduler or RNG state (they cannot be resumed exactly). */
  saveOnlyModel?: boolean;
  /** Train on the CPU even when CUDA is available. */
  useCpu?: boolean;
  seed?: number;
  /** Seed of the train sampler's own generator; null: the sampler draws from the global generator (transformers 4.31). */
  dataSeed?: number | null;
  /** Mixed precision: forward passes under bfloat16 autocast (CUDA or CPU). */
  bf16?: boolean;
  /** Mixed precision: float16 autocast with dynamic loss scaling (CUDA only). */
  fp16?: boolean;
  dataloaderDropLast?: boolean;
  evalSteps?: number | null;
  runName?: string | null;
  disableTqdm?: boolean;
  /** Drop the data set columns the model's forward does not take. */
  removeUnusedColumns?: boolean;
  labelNames?: string[] | null;
  loadBestModelAtEnd?: boolean;
  metricForBestModel?: string | null;
  greaterIsBetter?: boolean | null;
  /** When resuming, do not skip the batches already seen (faster, but the data order differs). */
  ignoreDataSkip?: boolean;
  optim?: string;
  reportTo?: ReportTarget | ReportTarget[] | 'all' | 'none';
  resumeFromCheckpoint?: string | null;
  /** The process group's backend under `tstorch run` (WORLD_SIZE > 1): 'gloo' (CPU) or 'nccl' (CUDA); default: 'nccl' on CUDA, else 'gloo'. */
  ddpBackend?: DdpBackend | null;
}

export type DdpBackend = 'gloo' | 'nccl';

type Options = Required<{ [K in keyof TrainingArgumentsOptions]: Exclude<TrainingArgumentsOptions[K], undefined> }>;

/** transformers' defaults (4.31, except optim: 'adamw_torch', the later default and the only one here). */
const DEFAULTS: Omit<Options, 'outputDir'> = {
  overwriteOutputDir: false,
  doTrain: false,
  doEval: false,
  doPredict: false,
  evalStrategy: 'no',
  predictionLossOnly: false,
  perDeviceTrainBatchSize: 8,
  perDeviceEvalBatchSize: 8,
  gradientAccumulationSteps: 1,
  gradientCheckpointing: false,
  evalDelay: 0,
  learningRate: 5e-5,
  weightDecay: 0,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEpsilon: 1e-8,
  maxGradNorm: 1.0,
  numTrainEpochs: 3,
  maxSteps: -1,
  lrSchedulerType: 'linear',
  lrSchedulerKwargs: {},
  warmupRatio: 0,
  warmupSteps: 0,
  loggingStrategy: 'steps',
  loggingFirstStep: false,
  loggingSteps: 500,
  loggingNanInfFilter: true,
  saveStrategy: 'steps',
  saveSteps: 500,
  saveTotalLimit: null,
  saveOnlyModel: false,
  useCpu: false,
  seed: 42,
  dataSeed: null,
  bf16: false,
  fp16: false,
  dataloaderDropLast: false,
  evalSteps: null,
  runName: null,
  disableTqdm: false,
  removeUnusedColumns: true,
  labelNames: null,
  loadBestModelAtEnd: false,
  metricForBestModel: null,
  greaterIsBetter: null,
  ignoreDataSkip: false,
  optim: 'adamw_torch',
  reportTo: 'none',
  resumeFromCheckpoint: null,
  ddpBackend: null,
};

/** Python names that were renamed or that users may bring from older scripts. */
const RENAMED: Readonly<Record<string, string>> = {
  evaluationStrategy: 'evalStrategy',
  noCuda: 'useCpu',
  output_dir: 'outputDir',
};

/** Keys whose values transformers writes as floats (`5e-05`, `3.0`) in to_dict / JSON. */
export const FLOAT_ARGS = new Set([
  'learning_rate',
  'weight_decay',
  'adam_beta1',
  'adam_beta2',
  'adam_epsilon',
  'max_grad_norm',
  'num_train_epochs',
  'warmup_ratio',
]);

export class TrainingArguments {
  readonly outputDir!: string;
  readonly overwriteOutputDir!: boolean;
  readonly doTrain!: boolean;
  readonly doEval!: boolean;
  readonly doPredict!: boolean;
  readonly evalStrategy!: IntervalStrategy;
  readonly predictionLossOnly!: boolean;
  readonly perDeviceTrainBatchSize!: number;
  readonly perDeviceEvalBatchSize!: number;
  readonly gradientAccumulationSteps!: number;
  readonly gradientCheckpointing!: boolean;
  readonly evalDelay!: number;
  readonly learningRate!: number;
  readonly weightDecay!: number;
  readonly adamBeta1!: number;
  readonly adamBeta2!: number;
  readonly adamEpsilon!: number;
  readonly maxGradNorm!: number | null;
  readonly numTrainEpochs!: number;
  readonly maxSteps!: number;
  readonly lrSchedulerType!: SchedulerType;
  readonly lrSchedulerKwargs!: Record<string, unknown>;
  readonly warmupRatio!: number;
  readonly warmupSteps!: number;
  readonly loggingStrategy!: IntervalStrategy;
  readonly loggingFirstStep!: boolean;
  readonly loggingSteps!: number;
  readonly loggingNanInfFilter!: boolean;
  readonly saveStrategy!: IntervalStrategy;
  readonly saveSteps!: number;
  readonly saveTotalLimit!: number | null;
  readonly saveOnlyModel!: boolean;
  readonly useCpu!: boolean;
  readonly seed!: number;
  readonly dataSeed!: number | null;
  readonly bf16!: boolean;
  readonly fp16!: boolean;
  readonly dataloaderDropLast!: boolean;
  readonly evalSteps!: number | null;
  readonly runName!: string | null;
  readonly disableTqdm!: boolean;
  readonly removeUnusedColumns!: boolean;
  readonly labelNames!: string[] | null;
  readonly loadBestModelAtEnd!: boolean;
  readonly metricForBestModel!: string | null;
  readonly greaterIsBetter!: boolean | null;
  readonly ignoreDataSkip!: boolean;
  readonly optim!: string;
  /** Normalized: the list of reporting targets (empty for 'none'). */
  readonly reportTo!: ReportTarget[];
  readonly resumeFromCheckpoint!: string | null;
  readonly ddpBackend!: DdpBackend | null;

  constructor(options: TrainingArgumentsOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('TrainingArguments needs an options object with at least { outputDir }');
    checkOptions('TrainingArguments', options, ['outputDir', ...Object.keys(DEFAULTS)], RENAMED);
    if (typeof options.outputDir !== 'string' || options.outputDir === '') throw new TypeError('TrainingArguments: outputDir must be a non-empty string (the folder for checkpoints)');
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const o = { ...DEFAULTS, ...given } as Options;
    checkArgumentValues(o);
    if (!isSchedulerType(o.lrSchedulerType))
      throw new RangeError(`TrainingArguments: lrSchedulerType '${String(o.lrSchedulerType)}' is not valid; expected one of ${SCHEDULER_TYPES.join(', ')}`);
    Object.assign(this, o, { reportTo: resolveReportTo(o.reportTo) });
    this.postInit(o);
    Object.freeze(this.lrSchedulerKwargs);
  }

  /** transformers' __post_init__: derived defaults and the checks that involve several options. */
  private postInit(o: Options): void {
    const self = this as { -readonly [K in keyof TrainingArguments]: TrainingArguments[K] };
    if (o.evalStrategy !== 'no' && !o.doEval) self.doEval = true;
    if (o.evalStrategy === 'steps' && (o.evalSteps === null || o.evalSteps === 0)) {
      if (o.loggingSteps > 0) self.evalSteps = o.loggingSteps;
      else throw new RangeError(`evaluation strategy ${o.evalStrategy} requires either non-zero evalSteps or loggingSteps`);
    }
    if (o.loggingStrategy === 'steps' && o.loggingSteps === 0) throw new RangeError(`logging strategy ${o.loggingStrategy} requires non-zero loggingSteps`);
    for (const [name, v] of [['loggingSteps', o.loggingSteps], ['evalSteps', self.evalSteps], ['saveSteps', o.saveSteps]] as const) {
      if (v !== null && v > 1 && !Number.isInteger(v)) throw new RangeError(`${name} must be an integer if bigger than 1: ${v}`);
    }
    if (o.loadBestModelAtEnd) {
      if (o.evalStrategy !== o.saveStrategy) {
        throw new RangeError(
          `loadBestModelAtEnd requires the save and eval strategy to match, but found\n- Evaluation strategy: ${o.evalStrategy}\n- Save strategy: ${o.saveStrategy}`,
        );
      }
      if (o.evalStrategy === 'steps') checkSaveMultipleOfEval(o.saveSteps, self.evalSteps!);
    }
    if (o.lrSchedulerType === 'reduce_lr_on_plateau') {
      if (o.evalStrategy === 'no') throw new RangeError('lrSchedulerType reduce_lr_on_plateau requires an eval strategy');
      if (self.metricForBestModel === null) self.metricForBestModel = 'loss';
    }
    if (o.loadBestModelAtEnd && self.metricForBestModel === null) self.metricForBestModel = 'loss';
    if (self.greaterIsBetter === null && self.metricForBestModel !== null) self.greaterIsBetter = !['loss', 'eval_loss'].includes(self.metricForBestModel);
    if (self.runName === null) self.runName = o.outputDir;
    if (o.fp16 && o.bf16) throw new RangeError('At most one of fp16 and bf16 can be True, but not both');
    if (o.fp16 || o.bf16) checkMixedPrecision(o.fp16 ? 'fp16' : 'bf16', this.device);
    checkDdpBackend(o.ddpBackend, this.device);
    if (o.optim !== 'adamw_torch') {
      throw new RangeError(
        `optim '${o.optim}' is not supported: tstorch implements 'adamw_torch' (torch.optim.AdamW on libtorch). ` +
          'Pass optimizers: [optimizer, scheduler] to the Trainer to use another optimizer',
      );
    }
  }

  /** Batch size per step (one device). */
  get trainBatchSize(): number {
    return this.perDeviceTrainBatchSize;
  }
  get evalBatchSize(): number {
    return this.perDeviceEvalBatchSize;
  }
  /** The number of processes (ranks) training together: WORLD_SIZE under `tstorch run`, else 1. */
  get worldSize(): number {
    return distributedEnv().worldSize;
  }
  /** This process's rank among all of them (RANK): 0 is the one that logs and saves. */
  get processIndex(): number {
    return distributedEnv().rank;
  }
  /** This process's rank on its machine (LOCAL_RANK). */
  get localProcessIndex(): number {
    return distributedEnv().localRank;
  }

  #device: Device | undefined;
  /**
   * The device training runs on: CUDA when available and not `useCpu` (under DDP the GPU of LOCAL_RANK), else the
   * CPU. Settled on first use, as transformers' cached `_setup_devices` is: the Trainer asks every step.
   */
  get device(): Device {
    if (this.#device) return this.#device;
    if (this.useCpu || !cuda.isAvailable()) this.#device = new Device('cpu');
    else {
      const env = distributedEnv();
      this.#device = env.worldSize > 1 ? new Device('cuda', env.localRank) : new Device('cuda');
    }
    return this.#device;
  }

  /** Warmup steps for a run of `numTrainingSteps`: warmupSteps, else ceil(numTrainingSteps * warmupRatio). */
  getWarmupSteps(numTrainingSteps: number): number {
    return this.warmupSteps > 0 ? this.warmupSteps : Math.ceil(numTrainingSteps * this.warmupRatio);
  }

  /** transformers' `to_dict()`: snake_case keys in the dataclass order. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of ['outputDir', ...Object.keys(DEFAULTS)] as (keyof TrainingArguments)[]) {
      const value = this[key];
      out[snakeCase(key)] = Array.isArray(value) ? [...value] : value;
    }
    return out;
  }

  toString(): string {
    return `TrainingArguments(\n${Object.entries(this.toJSON())
      .map(([k, v]) => `${k}=${JSON.stringify(v)},`)
      .join('\n')}\n)`;
  }
}

/** fp16 needs CUDA (transformers' rule); bf16 autocasts on CUDA or the CPU. */
function checkDdpBackend(backend: unknown, device: Device): void {
  if (backend === null) return;
  if (backend !== 'gloo' && backend !== 'nccl') throw new RangeError(`TrainingArguments: ddpBackend '${String(backend)}' is not valid; expected 'gloo' (CPU) or 'nccl' (CUDA), or null for the device's default`);
  if (backend === 'nccl' && device.type !== 'cuda')
    throw new RangeError(`TrainingArguments: ddpBackend 'nccl' needs CUDA tensors, but this run is on the CPU (${cuda.isAvailable() ? 'useCpu is set' : 'CUDA is not available'}); use ddpBackend: 'gloo'`);
}

function checkMixedPrecision(kind: 'fp16' | 'bf16', device: Device): void {
  if (kind === 'fp16' && device.type !== 'cuda') {
    throw new RangeError(
      'FP16 Mixed precision training with AMP (fp16: true) can only be used on CUDA devices; this run is on the CPU ' +
        (cuda.isAvailable() ? '(useCpu is set)' : '(CUDA is not available). Use bf16: true for CPU mixed precision'),
    );
  }
}

function checkSaveMultipleOfEval(saveSteps: number, evalSteps: number): void {
  if (saveSteps % evalSteps === 0) return;
  if (evalSteps < 1 || saveSteps < 1) {
    if (!(evalSteps < 1 && saveSteps < 1)) {
      throw new RangeError(
        'loadBestModelAtEnd requires the saving steps to be a multiple of the evaluation steps, which cannot get guaranteed when mixing ratio and ' +
          `absolute steps for saveSteps ${saveSteps} and evalSteps ${evalSteps}.`,
      );
    }
    // ratios: compare on a fine grid, as transformers does, to avoid float remainders
    const large = 1_000_000;
    if (Math.round(saveSteps * large) % Math.round(evalSteps * large) === 0) return;
    throw new RangeError(`loadBestModelAtEnd requires the saving steps to be a multiple of the evaluation steps, but found ${saveSteps}, which is not a multiple of ${evalSteps}.`);
  }
  throw new RangeError(`loadBestModelAtEnd requires the saving steps to be a round multiple of the evaluation steps, but found ${saveSteps}, which is not a round multiple of ${evalSteps}.`);
}

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export { INTERVAL_STRATEGIES };
