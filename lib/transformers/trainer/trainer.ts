// transformers' Trainer (4.31 semantics, adamw_torch): the training loop, evaluation, prediction and
// checkpoints over tstorch models, data sets and optimizers. train() is async: it yields to the event loop
// between steps (timers, I/O and native finalizers run; paced by loop-turns.ts) and stops cleanly on Ctrl-C.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { noGrad } from '../../autograd.js';
import type { Device } from '../../device.js';
import { Generator } from '../../generator.js';
import { tidy } from '../../memory.js';
import { clipGradNorm } from '../../nn/utils.js';
import { AdamW } from '../../optim/adam.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { manualSeed } from '../../runtime.js';
import { writeFileAtomic } from '../../serialization/atomic-write.js';
import { Tensor } from '../../tensor.js';
import type { CollateFn } from '../../utils/data/collate.js';
import { DataLoader, type MapDataset } from '../../utils/data/dataloader.js';
import { RandomSampler, SequentialSampler, type Sampler } from '../../utils/data/sampler.js';
import { getScheduler, type LRScheduler } from '../schedulers/get-scheduler.js';
import { ReduceLROnPlateau } from '../schedulers/reduce-lr-on-plateau.js';
import { DataCollatorWithPadding, type PaddingTokenizer } from '../data-collator.js';
import { TrainingArguments } from '../training-args.js';
import { CallbackHandler, DefaultFlowCallback, type CallbackLike, type TrainerCallback } from './callbacks.js';
import { rankRngStateName, readRngState, writeRngState, type LoopState } from './checkpoint-files.js';
import { DEFAULT_GENERATOR_SEED, ShardedDataLoader, TrainerDistributed } from './distributed.js';
import type { DistributedDataParallel } from '../../nn/parallel/distributed.js';
import { deleteCheckpoint, getLastCheckpoint, removeStaleTemporaries, rotateCheckpoints, sortedCheckpoints, writeCheckpointDir } from './checkpoint-dir.js';
import { removeUnusedColumns, renameLabelColumns, signatureColumns } from './columns.js';
import { decayParamGroups } from './decay-groups.js';
import { evaluationLoop, type GatherForMetrics, type PredictionStepResult } from './evaluation-loop.js';
import { JsonlCallback } from './jsonl-callback.js';
import { loadOptimizationState, LoopGenerators, writeModelFiles, writeOptimizationState } from './training-state.js';
import { MixedPrecision } from './mixed-precision.js';
import {
  countNonEmbeddingParameters,
  defaultLabelNames,
  floatingPointOps,
  forwardArgNames,
  loadModelWeights,
  type ModelOutput,
  type TrainerModel,
} from './model.js';
import { enableGradientCheckpointing } from '../../utils/checkpoint.js';
import { PrinterCallback, ProgressCallback } from './progress-callback.js';
import { pyRound } from './py-format.js';
import { onInterrupt } from './sigint.js';
import { speedMetrics } from './speed-metrics.js';
import { TRAINER_STATE_NAME, TrainerControl, TrainerState } from './state.js';
import type { ComputeMetrics, Metrics, PredictionOutput, TrainOutput } from './types.js';
import { checkOptions } from '../../options.js';
import { LoopTurns } from './loop-turns.js';
import { awaitOutsideRun, inOwnRngStream } from './rng-scope.js';
import { numpyRandom } from '../../utils/numpy-legacy-random.js';

/** A data loader as the Trainer uses it: batches of named tensors and a length in batches. */
export type TrainerDataLoader = Iterable<Record<string, unknown>> & { readonly length: number; readonly dataset?: MapDataset };

export interface TrainerOptions {
  model: TrainerModel;
  args?: TrainingArguments;
  trainDataset?: MapDataset | null;
  evalDataset?: MapDataset | null;
  /** Turns a list of rows into a batch; default: the data set's packed columns (or default collation), or DataCollatorWithPadding when a tokenizer is given. */
  dataCollator?: CollateFn<Record<string, unknown>> | null;
  /** The tokenizer: pads batches (DataCollatorWithPadding) and is saved with the model. */
  processingClass?: unknown;
  computeMetrics?: ComputeMetrics | null;
  callbacks?: CallbackLike[];
  /** [optimizer, scheduler] to use instead of AdamW + the args' schedule (either may be null). */
  optimizers?: [Optimizer | null, LRScheduler | null];
}

const OPTION_KEYS = ['model', 'args', 'trainDataset', 'evalDataset', 'dataCollator', 'processingClass', 'computeMetrics', 'callbacks', 'optimizers'];

/** Sets the seed of every generator tstorch has (transformers' set_seed: torch's CPU and CUDA generators, numpy's global RNG). */
export function setSeed(seed: number): void {
  manualSeed(seed);
  numpyRandom.seed(seed);
}

export interface TrainOptions {
  /** true: the last checkpoint in args.outputDir; a string: that checkpoint folder. */
  resumeFromCheckpoint?: boolean | string | null;
}

export class Trainer {
  readonly model: TrainerModel;
  readonly args: TrainingArguments;
  trainDataset: MapDataset | null;
  evalDataset: MapDataset | null;
  readonly dataCollator: CollateFn<Record<string, unknown>> | null;
  readonly processingClass: unknown;
  readonly computeMetrics: ComputeMetrics | null;
  optimizer: Optimizer | null;
  lrScheduler: LRScheduler | null;
  state = new TrainerState();
  control = new TrainerControl();
  readonly callbackHandler: CallbackHandler;
  /** The names of the label inputs (args.labelNames, else the model's forward inputs with 'label' in them). */
  readonly labelNames: string[];

  // loop state that checkpoints carry (see checkpoint-files.ts, LoopState)
  private trLoss = 0;
  private totalLossScalar = 0;
  private globalstepLastLogged = 0;
  private lastGradNorm: number | null = null;
  private generators = new LoopGenerators(undefined);
  private nonEmbeddingParams: number | null = null;
  private interrupted = false;
  private lastSavedStep = -1;
  /** Autocast and (fp16) loss scaling from args.fp16 / args.bf16. */
  readonly amp: MixedPrecision;
  /** The job's ranks under `tstorch run` (WORLD_SIZE > 1), null for one process. */
  readonly distributed: TrainerDistributed | null;
  /** During train() under DDP: the model whose forward goes through DistributedDataParallel (transformers' model_wrapped). */
  private ddp: { wrapped: TrainerModel; ddp: DistributedDataParallel<TrainerModel> } | null = null;

  constructor(options: TrainerOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('Trainer needs an options object: { model, args, trainDataset, ... }');
    checkOptions('Trainer', options, OPTION_KEYS);
    const { model } = options;
    if (model === null || typeof model !== 'object' || typeof model.forward !== 'function' || typeof model.namedParameters !== 'function')
      throw new TypeError('Trainer: model must be a model (forward, namedParameters, parameters, train, eval), e.g. from AutoModelForSequenceClassification.fromPretrained');
    if (options.args !== undefined && !(options.args instanceof TrainingArguments)) throw new TypeError('Trainer: args must be a TrainingArguments');
    this.args = options.args ?? new TrainingArguments({ outputDir: 'tmp_trainer' });
    setSeed(this.args.seed);
    this.model = model;
    this.trainDataset = options.trainDataset ?? null;
    this.evalDataset = options.evalDataset ?? null;
    this.processingClass = options.processingClass ?? null;
    this.dataCollator = options.dataCollator ?? defaultCollator(this.processingClass);
    this.computeMetrics = options.computeMetrics ?? null;
    const [optimizer, scheduler] = options.optimizers ?? [null, null];
    this.optimizer = optimizer;
    this.lrScheduler = scheduler;
    this.labelNames = this.args.labelNames ?? defaultLabelNames(model);
    this.amp = new MixedPrecision(this.args);
    this.distributed = TrainerDistributed.setup(this.args);
    if (this.args.evalStrategy !== 'no' && this.evalDataset === null)
      throw new Error(`You have set evalStrategy to '${this.args.evalStrategy}' but you didn't pass an evalDataset to the Trainer`);
    this.moveModelToDevice();
    const reporting: TrainerCallback[] = this.args.reportTo.map(() => new JsonlCallback());
    this.callbackHandler = new CallbackHandler([DefaultFlowCallback, ...reporting, ...(options.callbacks ?? [])]);
    this.callbackHandler.add(this.args.disableTqdm ? new PrinterCallback() : new ProgressCallback());
    this.callbackHandler.extras = { model, processingClass: this.processingClass, optimizer: this.optimizer, lrScheduler: this.lrScheduler };
    this.markProcessZero();
    this.control = this.callbackHandler.onInitEnd(this.args, this.state, this.control);
  }

  /** Rank 0 logs and saves; the state says which rank this is (transformers' is_world/local_process_zero). */
  private markProcessZero(): void {
    this.state.isWorldProcessZero = this.isWorldProcessZero();
    this.state.isLocalProcessZero = this.args.localProcessIndex === 0;
  }

  isWorldProcessZero(): boolean {
    return this.distributed === null || this.distributed.isMain;
  }

  addCallback(callback: CallbackLike): void {
    this.callbackHandler.add(callback);
  }
  popCallback(callback: CallbackLike): TrainerCallback | undefined {
    return this.callbackHandler.pop(callback);
  }
  removeCallback(callback: CallbackLike): void {
    this.callbackHandler.pop(callback);
  }

  get device(): Device {
    return this.args.device;
  }

  private moveModelToDevice(): void {
    const device = this.args.device;
    if (typeof this.model.to !== 'function') return;
    const first = this.model.parameters()[0];
    if (first !== undefined && !first.device.equals(device)) this.model.to(device);
  }

  // ---- data ----

  /** The train order: a RandomSampler on the global generator (transformers 4.31), or on args.dataSeed's generator. */
  getTrainSampler(dataset: MapDataset = this.requireTrainDataset()): Sampler | Iterable<number> {
    return new RandomSampler(dataset.length, this.generators.dataGenerator);
  }

  getTrainDataloader(): TrainerDataLoader {
    const dataset = this.removeUnused(this.requireTrainDataset(), 'training set');
    const sampler = this.getTrainSampler(dataset);
    const dist = this.distributed;
    if (dist !== null) {
      const o = { sampler, batchSize: this.args.trainBatchSize, dropLast: this.args.dataloaderDropLast, collateFn: this.dataCollator };
      return new ShardedDataLoader(dataset, dist, { ...o, generator: this.generators.dataGenerator });
    }
    return new DataLoader<Record<string, unknown>>(dataset, {
      batchSize: this.args.trainBatchSize,
      sampler,
      dropLast: this.args.dataloaderDropLast,
      ...(this.dataCollator ? { collateFn: this.dataCollator } : {}),
    });
  }

  getEvalDataloader(evalDataset: MapDataset | null = null): TrainerDataLoader {
    const dataset = evalDataset ?? this.evalDataset;
    if (dataset === null) throw new Error('Trainer: evaluation requires an evalDataset.');
    return this.sequentialLoader(this.removeUnused(dataset, 'evaluation set'));
  }

  getTestDataloader(testDataset: MapDataset): TrainerDataLoader {
    return this.sequentialLoader(this.removeUnused(testDataset, 'test set'));
  }

  private sequentialLoader(dataset: MapDataset): TrainerDataLoader {
    const dist = this.distributed;
    if (dist !== null)
      return new ShardedDataLoader(dataset, dist, { sampler: new SequentialSampler(dataset), batchSize: this.args.evalBatchSize, dropLast: this.args.dataloaderDropLast, collateFn: this.dataCollator });
    return new DataLoader<Record<string, unknown>>(dataset, {
      batchSize: this.args.evalBatchSize,
      dropLast: this.args.dataloaderDropLast,
      ...(this.dataCollator ? { collateFn: this.dataCollator } : {}),
    });
  }

  private removeUnused(dataset: MapDataset, description: string): MapDataset {
    if (!this.args.removeUnusedColumns) return dataset;
    const keep = signatureColumns(forwardArgNames(this.model), this.labelNames);
    return removeUnusedColumns(dataset, keep, description, this.model.constructor?.name ?? 'model');
  }

  private requireTrainDataset(): MapDataset {
    if (this.trainDataset === null) throw new Error('Trainer: training requires a trainDataset.');
    return this.trainDataset;
  }

  /** The batch as forward takes it: `label`/`label_ids` renamed to `labels`, tensors on the training device. */
  prepareInputs(batch: Record<string, unknown>): Record<string, unknown> {
    const renamed = renameLabelColumns(batch);
    const device = this.args.device;
    if (device.type === 'cpu') return renamed;
    const moved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(renamed)) moved[k] = v instanceof Tensor && !v.device.equals(device) ? v.to(device) : v;
    return moved;
  }

  // ---- optimizer and schedule ----

  /** AdamW (adamw_torch) over two groups: weight decay on weights, none on biases and LayerNorm weights. */
  createOptimizer(): Optimizer {
    if (this.optimizer === null) {
      const a = this.args;
      const groups = decayParamGroups(this.model.namedParameters(), a.weightDecay);
      this.optimizer = new AdamW(groups, { lr: a.learningRate, betas: [a.adamBeta1, a.adamBeta2], eps: a.adamEpsilon });
    }
    return this.optimizer;
  }

  createScheduler(numTrainingSteps: number, optimizer: Optimizer | null = null): LRScheduler {
    if (this.lrScheduler === null) {
      this.lrScheduler = getScheduler(this.args.lrSchedulerType, {
        optimizer: optimizer ?? this.optimizer!,
        numWarmupSteps: this.args.getWarmupSteps(numTrainingSteps),
        numTrainingSteps,
        schedulerSpecificKwargs: this.args.lrSchedulerKwargs,
      });
    }
    return this.lrScheduler;
  }

  createOptimizerAndScheduler(numTrainingSteps: number): void {
    this.createOptimizer();
    this.createScheduler(numTrainingSteps, this.optimizer);
    this.callbackHandler.extras = { ...this.callbackHandler.extras, optimizer: this.optimizer, lrScheduler: this.lrScheduler };
  }

  // ---- steps ----

  /** The loss of one batch (`outputs.loss`), and the outputs with `returnOutputs`. */
  computeLoss(model: TrainerModel, inputs: Record<string, unknown>, returnOutputs: true): [Tensor, ModelOutput];
  computeLoss(model: TrainerModel, inputs: Record<string, unknown>, returnOutputs?: false): Tensor;
  computeLoss(model: TrainerModel, inputs: Record<string, unknown>, returnOutputs = false): Tensor | [Tensor, ModelOutput] {
    const outputs = this.amp.run(() => model.forward(inputs)) as ModelOutput;
    const loss = outputs?.loss;
    if (!(loss instanceof Tensor)) {
      throw new Error(
        `The model did not return a loss from the inputs, only the following keys: ${Object.keys(outputs ?? {}).join(',')}. ` +
          `For reference, the inputs it received are ${Object.keys(inputs).join(',')}.`,
      );
    }
    return returnOutputs ? [loss, outputs] : loss;
  }

  /** Forward and backward of one batch; returns the loss divided by the accumulation steps (float32, as Python). */
  trainingStep(model: TrainerModel, inputs: Record<string, unknown>): number {
    model.train();
    const prepared = this.prepareInputs(inputs);
    const loss = this.computeLoss(model, prepared);
    const ga = this.args.gradientAccumulationSteps;
    this.amp.backward(ga > 1 ? loss.div(ga) : loss);
    return Math.fround(loss.item() / ga);
  }

  /** Loss, logits and labels of one batch without gradients (transformers' prediction_step). */
  predictionStep(model: TrainerModel, inputs: Record<string, unknown>, predictionLossOnly: boolean, ignoreKeys: readonly string[] = []): PredictionStepResult {
    const hasLabels = this.labelNames.length > 0 && this.labelNames.every((n) => inputs[n] instanceof Tensor);
    const labels = hasLabels ? (inputs[this.labelNames[0]!] as Tensor) : null;
    return noGrad(() => {
      let loss: Tensor | null = null;
      let outputs: ModelOutput;
      if (hasLabels) {
        const [l, o] = this.computeLoss(model, inputs, true);
        loss = l.mean();
        outputs = o;
      } else outputs = this.amp.run(() => model.forward(inputs)) as ModelOutput;
      if (predictionLossOnly) return [loss, null, null];
      const logits = Object.entries(outputs).find(([k, v]) => k !== 'loss' && !ignoreKeys.includes(k) && v instanceof Tensor)?.[1] as Tensor | undefined;
      return [loss, logits ?? null, labels];
    });
  }

  // ---- train ----

  /** Trains on its own random stream (see rng-scope.ts): runs at once in one process do not change each other. */
  async train(options: TrainOptions = {}): Promise<TrainOutput> {
    checkOptions('Trainer.train', options, ['resumeFromCheckpoint']);
    return inOwnRngStream(() => this.runTraining(options));
  }

  private async runTraining(options: TrainOptions): Promise<TrainOutput> {
    const args = this.args;
    let resume: string | null = null;
    const given = options.resumeFromCheckpoint ?? args.resumeFromCheckpoint;
    if (given === true) {
      resume = getLastCheckpoint(args.outputDir);
      if (resume === null) throw new Error(`No valid checkpoint found in output directory (${args.outputDir})`);
    } else if (typeof given === 'string') {
      if (!existsSync(given)) throw new Error(`resumeFromCheckpoint: checkpoint folder ${given} does not exist`);
      resume = given;
    }
    setSeed(args.seed);
    removeStaleTemporaries(args.outputDir);
    if (resume === null && args.overwriteOutputDir) for (const dir of sortedCheckpoints(args.outputDir)) deleteCheckpoint(dir);
    if (resume !== null) loadModelWeights(this.model, resume);
    if (args.gradientCheckpointing) enableGradientCheckpointing(this.model);
    // under DDP the shuffle comes from one generator of the sampler's own, synchronized from rank 0 (accelerate)
    const dataSeed = args.dataSeed ?? (this.distributed !== null ? DEFAULT_GENERATOR_SEED : null);
    this.generators = new LoopGenerators(dataSeed !== null ? new Generator(dataSeed) : undefined);
    if (this.distributed !== null) this.ddp = this.distributed.wrap(this.model);
    this.interrupted = false;
    const stopOnInterrupt = onInterrupt(() => {
      this.interrupted = true;
    });
    try {
      return await this.innerTrainingLoop(resume);
    } finally {
      stopOnInterrupt();
      this.ddp?.ddp.dispose();
      this.ddp = null;
    }
  }

  /** Ask a running train() to stop after the current step (what Ctrl-C does); it saves a checkpoint unless saveStrategy is 'no'. */
  stop(): void {
    this.interrupted = true;
  }

  private async innerTrainingLoop(resume: string | null): Promise<TrainOutput> {
    const args = this.args;
    const ga = args.gradientAccumulationSteps;
    const trainDataloader = this.getTrainDataloader();
    const lenDataloader = trainDataloader.length;
    const numUpdateStepsPerEpoch = Math.max(Math.floor(lenDataloader / ga), 1);
    const numExamples = trainDataloader.dataset?.length ?? lenDataloader * args.trainBatchSize;
    let maxSteps: number;
    let numTrainEpochs: number;
    let numTrainSamples: number;
    if (args.maxSteps > 0) {
      maxSteps = args.maxSteps;
      numTrainEpochs = Math.floor(maxSteps / numUpdateStepsPerEpoch) + (maxSteps % numUpdateStepsPerEpoch > 0 ? 1 : 0);
      numTrainSamples = maxSteps * args.trainBatchSize * ga;
    } else {
      maxSteps = Math.ceil(args.numTrainEpochs * numUpdateStepsPerEpoch);
      numTrainEpochs = Math.ceil(args.numTrainEpochs);
      numTrainSamples = numExamples * args.numTrainEpochs;
    }

    this.state = new TrainerState();
    this.markProcessZero();
    this.state.trainBatchSize = args.trainBatchSize;
    const absolute = (steps: number): number => (steps < 1 ? Math.ceil(maxSteps * steps) : steps);
    this.state.loggingSteps = absolute(args.loggingSteps);
    if (args.evalSteps !== null) this.state.evalSteps = absolute(args.evalSteps);
    this.state.saveSteps = absolute(args.saveSteps);
    this.createOptimizerAndScheduler(maxSteps);
    this.nonEmbeddingParams = countNonEmbeddingParameters(this.model);
    this.state.epoch = 0;
    const startTime = performance.now();

    let epochsTrained = 0;
    let stepsTrainedInCurrentEpoch = 0;
    let saved: ReturnType<typeof readRngState> = null;
    this.trLoss = 0;
    this.totalLossScalar = 0;
    this.lastGradNorm = null;
    if (resume !== null && existsSync(join(resume, TRAINER_STATE_NAME))) {
      this.state = TrainerState.loadFromJSON(join(resume, TRAINER_STATE_NAME));
      this.markProcessZero();
      epochsTrained = Math.floor(this.state.globalStep / numUpdateStepsPerEpoch);
      stepsTrainedInCurrentEpoch = args.ignoreDataSkip ? 0 : (this.state.globalStep % numUpdateStepsPerEpoch) * ga;
      loadOptimizationState(resume, this.resumables());
      saved = readRngState(resume, this.distributed !== null ? rankRngStateName(this.distributed.rank) : undefined);
      const loop = saved?.loop ?? null;
      // saved right after an epoch's last step, before its end (evaluation, epoch save): redo that end
      if (loop?.saved_at === 'step' && stepsTrainedInCurrentEpoch === 0 && epochsTrained > 0 && !args.ignoreDataSkip) {
        epochsTrained -= 1;
        stepsTrainedInCurrentEpoch = numUpdateStepsPerEpoch * ga;
      }
      if (loop !== null) {
        this.trLoss = loop.tr_loss;
        this.totalLossScalar = loop.total_loss_scalar;
      }
      this.restoreCallbackStates();
    }
    this.state.maxSteps = maxSteps;
    this.state.numTrainEpochs = numTrainEpochs;
    this.globalstepLastLogged = saved?.loop?.globalstep_last_logged ?? this.state.globalStep;
    this.lastSavedStep = this.state.globalStep;
    this.optimizer!.zeroGrad();
    this.callbackHandler.extras = { ...this.callbackHandler.extras, trainDataloader };
    this.control = this.callbackHandler.onTrainBegin(args, this.state, this.control);

    // batches seen before this run's first one: keeps the accumulation boundaries of an uninterrupted run
    let totalBatchedSamples = epochsTrained * lenDataloader + stepsTrainedInCurrentEpoch;
    for (let epoch = epochsTrained; epoch < numTrainEpochs; epoch++) {
      const stepsInEpoch = lenDataloader;
      this.control = this.callbackHandler.onEpochBegin(args, this.state, this.control);
      const resumingThisEpoch = saved !== null && epoch === epochsTrained;
      // the shuffle of a resumed epoch is redrawn from the generators as they were when the epoch began
      if (resumingThisEpoch) this.generators.restore(saved!.states, stepsTrainedInCurrentEpoch > 0 ? 'epoch_start_' : '');
      this.generators.captureEpochStart();
      const iterator = trainDataloader[Symbol.iterator]();
      let stepsSkipped = 0;
      if (stepsTrainedInCurrentEpoch > 0) {
        for (let k = 0; k < stepsTrainedInCurrentEpoch; k++) if (tidy(() => iterator.next().done === true)) break;
        stepsSkipped = stepsTrainedInCurrentEpoch;
        stepsTrainedInCurrentEpoch = 0;
        if (resumingThisEpoch) this.generators.restore(saved!.states, '');
      }
      let step = -1;
      const turns = new LoopTurns();
      for (;;) {
        const outcome = tidy(() => {
          const next = iterator.next();
          if (next.done) return 'done';
          step += 1;
          totalBatchedSamples += 1;
          if (step % ga === 0) this.control = this.callbackHandler.onStepBegin(args, this.state, this.control);
          const lastShortEpoch = stepsInEpoch <= ga && step + 1 === stepsInEpoch;
          const boundary = totalBatchedSamples % ga === 0 || lastShortEpoch;
          const model = this.ddp?.wrapped ?? this.model;
          // between accumulation boundaries DDP only accumulates locally (accelerate's no_sync)
          const lossStep = this.ddp !== null && !boundary ? this.ddp.ddp.noSync(() => this.trainingStep(model, next.value)) : this.trainingStep(model, next.value);
          if (args.loggingNanInfFilter && !Number.isFinite(lossStep)) {
            // a NaN/Inf loss counts as the mean of the losses since the last log
            this.trLoss = Math.fround(this.trLoss + Math.fround(this.trLoss / (1 + this.state.globalStep - this.globalstepLastLogged)));
          } else this.trLoss = Math.fround(this.trLoss + lossStep);
          this.state.totalFlos += floatingPointOps(this.model, next.value, this.nonEmbeddingParams!);
          if (!boundary) {
            this.control = this.callbackHandler.onSubstepEnd(args, this.state, this.control);
            return 'substep';
          }
          this.optimizerStep();
          this.state.globalStep += 1;
          this.state.epoch = epoch + (step + 1 + stepsSkipped) / stepsInEpoch;
          this.control = this.callbackHandler.onStepEnd(args, this.state, this.control);
          return 'step';
        });
        if (outcome === 'done') break;
        if (outcome === 'step') {
          const evaluating = this.maybeLogSaveEvaluate('step');
          if (evaluating) await awaitOutsideRun(evaluating);
          if (this.interrupted) {
            this.saveOnInterrupt();
            break;
          }
        }
        if (this.control.shouldEpochStop || this.control.shouldTrainingStop) break;
        const turn = turns.due();
        if (turn) await turn;
      }
      if (this.interrupted) break;
      if (step < 0 && stepsSkipped === 0) {
        process.emitWarning(`There seems to be not a single sample in your epoch_iterator, stopping training at step ${this.state.globalStep}!`);
        this.control.shouldTrainingStop = true;
      }
      this.control = this.callbackHandler.onEpochEnd(args, this.state, this.control);
      const evaluating = this.maybeLogSaveEvaluate('epoch_end');
      if (evaluating) await awaitOutsideRun(evaluating);
      if (this.control.shouldTrainingStop) break;
    }

    if (args.loadBestModelAtEnd && this.state.bestModelCheckpoint !== null && !this.interrupted) {
      process.stderr.write(`Loading best model from ${this.state.bestModelCheckpoint} (score: ${this.state.bestMetric}).\n`);
      loadModelWeights(this.model, this.state.bestModelCheckpoint);
    }
    this.totalLossScalar += this.trLoss;
    this.trLoss = 0;
    const trainLoss = this.state.globalStep > 0 ? this.totalLossScalar / this.state.globalStep : 0;
    const metrics: Metrics = speedMetrics('train', startTime, numTrainSamples, maxSteps);
    metrics.total_flos = this.state.totalFlos;
    metrics.train_loss = trainLoss;
    this.log(metrics);
    if (this.state.bestModelCheckpoint !== null && args.saveTotalLimit === 1) {
      for (const dir of sortedCheckpoints(args.outputDir)) if (join(dir) !== join(this.state.bestModelCheckpoint)) deleteCheckpoint(dir);
    }
    this.control = this.callbackHandler.onTrainEnd(args, this.state, this.control);
    return { globalStep: this.state.globalStep, trainingLoss: trainLoss, metrics };
  }

  /** Clip (recording the norm), optimizer step, scheduler step (unless fp16 skipped the step), clear the gradients. */
  private optimizerStep(): void {
    const maxNorm = this.args.maxGradNorm;
    if (maxNorm !== null && maxNorm > 0) {
      this.amp.unscale(this.optimizer!);
      this.lastGradNorm = clipGradNorm(this.model.parameters(), maxNorm).item();
    }
    const stepped = this.amp.step(this.optimizer!);
    if (stepped && !(this.lrScheduler instanceof ReduceLROnPlateau)) this.lrScheduler!.step();
    this.optimizer!.zeroGrad();
  }

  private getLearningRate(): number {
    return this.lrScheduler!.getLastLr()[0]!;
  }

  /**
   * Logs, evaluates and saves as the control asks. Synchronous unless it evaluates (then it returns the promise to
   * await): a step that only logs costs no await, whose random-stream swap would cost more than the step's logging.
   */
  private maybeLogSaveEvaluate(where: LoopState['saved_at']): Promise<void> | undefined {
    if (this.control.shouldLog) {
      // the mean over ranks of their local losses (transformers gathers tr_loss)
      const trLossScalar = this.distributed !== null ? this.distributed.meanOverRanks(this.trLoss) : this.trLoss;
      this.trLoss = 0;
      const logs: Record<string, number> = { loss: pyRound(trLossScalar / (this.state.globalStep - this.globalstepLastLogged), 4) };
      if (this.lastGradNorm !== null) logs.grad_norm = this.lastGradNorm;
      logs.learning_rate = this.getLearningRate();
      this.totalLossScalar += trLossScalar;
      this.globalstepLastLogged = this.state.globalStep;
      this.log(logs);
    }
    if (!this.control.shouldEvaluate) {
      this.maybeSave(null, where);
      return undefined;
    }
    return (async () => {
      const metrics = await awaitOutsideRun(this.evaluate());
      if (this.lrScheduler instanceof ReduceLROnPlateau) this.lrScheduler.step(metrics[this.metricKey()]!);
      this.maybeSave(metrics, where);
    })();
  }

  private maybeSave(metrics: Metrics | null, where: LoopState['saved_at']): void {
    if (!this.control.shouldSave) return;
    this.saveCheckpoint(metrics, where);
    this.control = this.callbackHandler.onSave(this.args, this.state, this.control);
  }

  private saveOnInterrupt(): void {
    const step = this.state.globalStep;
    if (this.args.saveStrategy === 'no') {
      process.stderr.write(`Stopped at step ${step} (saveStrategy 'no': no checkpoint written)\n`);
      return;
    }
    if (this.lastSavedStep !== step) this.saveCheckpoint(null, 'step');
    process.stderr.write(`Stopped at step ${step}: saved checkpoint-${step}; resume with train({ resumeFromCheckpoint: true })\n`);
  }

  private metricKey(): string {
    const name = this.args.metricForBestModel ?? 'loss';
    return name.startsWith('eval_') ? name : `eval_${name}`;
  }

  /** Adds the epoch and step to `logs`, appends it to the log history and calls onLog. */
  log(logs: Record<string, number>): void {
    if (this.state.epoch !== null) logs.epoch = pyRound(this.state.epoch, 2);
    this.state.logHistory.push({ ...logs, step: this.state.globalStep });
    this.control = this.callbackHandler.onLog(this.args, this.state, this.control, logs);
  }

  // ---- evaluate / predict ----

  async evaluate(options: MapDataset | { evalDataset?: MapDataset; ignoreKeys?: string[]; metricKeyPrefix?: string } = {}): Promise<Metrics> {
    const o = isDataset(options) ? { evalDataset: options } : options;
    checkOptions('Trainer.evaluate', o, ['evalDataset', 'ignoreKeys', 'metricKeyPrefix']);
    return inOwnRngStream(() => this.runEvaluation(o));
  }

  private async runEvaluation(o: { evalDataset?: MapDataset; ignoreKeys?: string[]; metricKeyPrefix?: string }): Promise<Metrics> {
    const prefix = o.metricKeyPrefix ?? 'eval';
    const dataloader = this.getEvalDataloader(o.evalDataset ?? null);
    const start = performance.now();
    const lossOnly = this.computeMetrics === null ? true : this.args.predictionLossOnly;
    const out = await evaluationLoop(this.evaluationContext(dataloader), dataloader, lossOnly, o.ignoreKeys ?? [], prefix);
    out.predictions?.dispose();
    out.labelIds?.dispose();
    Object.assign(out.metrics, speedMetrics(prefix, start, out.numSamples, Math.ceil(out.numSamples / this.args.evalBatchSize)));
    this.log(out.metrics);
    this.control = this.callbackHandler.onEvaluate(this.args, this.state, this.control, out.metrics);
    return out.metrics;
  }

  async predict(testDataset: MapDataset, options: { ignoreKeys?: string[]; metricKeyPrefix?: string } = {}): Promise<PredictionOutput> {
    checkOptions('Trainer.predict', options, ['ignoreKeys', 'metricKeyPrefix']);
    return inOwnRngStream(() => this.runPrediction(testDataset, options));
  }

  private async runPrediction(testDataset: MapDataset, options: { ignoreKeys?: string[]; metricKeyPrefix?: string }): Promise<PredictionOutput> {
    const prefix = options.metricKeyPrefix ?? 'test';
    const dataloader = this.getTestDataloader(testDataset);
    const start = performance.now();
    const out = await evaluationLoop(this.evaluationContext(dataloader), dataloader, this.args.predictionLossOnly, options.ignoreKeys ?? [], prefix);
    Object.assign(out.metrics, speedMetrics(prefix, start, out.numSamples, Math.ceil(out.numSamples / this.args.evalBatchSize)));
    this.control = this.callbackHandler.onPredict(this.args, this.state, this.control, out.metrics);
    return { predictions: out.predictions, labelIds: out.labelIds, metrics: out.metrics };
  }

  private evaluationContext(dataloader: TrainerDataLoader) {
    const dist = this.distributed;
    const remainder = dataloader instanceof ShardedDataLoader ? dataloader.remainder : 0;
    const gather: GatherForMetrics | undefined =
      dist === null
        ? undefined
        : {
            all: (t, last) => dist.gatherForMetrics(t, last ? remainder : null),
            rows: (n, last) => (last && remainder > 0 ? remainder : n * dist.worldSize),
          };
    return {
      ...(gather ? { gather } : {}),
      model: this.model,
      computeMetrics: this.computeMetrics,
      prepareInputs: (b: Record<string, unknown>) => this.prepareInputs(b),
      predictionStep: (m: TrainerModel, i: Record<string, unknown>, lossOnly: boolean, ignore: readonly string[]) => this.predictionStep(m, i, lossOnly, ignore),
      onPredictionStep: (dl: unknown) => {
        this.control = this.callbackHandler.onPredictionStep(this.args, this.state, this.control, dl);
      },
    };
  }

  // ---- saving ----

  /** Writes the model (config.json + model.safetensors), the tokenizer and training_args.json to `outputDir`. */
  saveModel(outputDir: string = this.args.outputDir): void {
    if (!this.isWorldProcessZero()) return; // under DDP rank 0 writes, as transformers' should_save
    mkdirSync(outputDir, { recursive: true });
    this.saveModelFiles(outputDir);
  }

  private saveModelFiles(dir: string): void {
    writeModelFiles(dir, this.model, this.processingClass, this.args);
  }

  /** checkpoint-<step>: model, optimizer, scheduler, RNG and trainer state, written atomically; then rotation. */
  private saveCheckpoint(metrics: Metrics | null, where: LoopState['saved_at']): void {
    const args = this.args;
    const step = this.state.globalStep;
    const finalDir = join(args.outputDir, `checkpoint-${step}`);
    if (metrics !== null && args.metricForBestModel !== null) {
      const value = metrics[this.metricKey()];
      if (value === undefined) throw new Error(`metricForBestModel '${args.metricForBestModel}' is not among the evaluation metrics: ${Object.keys(metrics).join(', ')}`);
      const better = args.greaterIsBetter ? value > (this.state.bestMetric ?? -Infinity) : value < (this.state.bestMetric ?? Infinity);
      if (this.state.bestMetric === null || this.state.bestModelCheckpoint === null || better) {
        this.state.bestMetric = value;
        this.state.bestModelCheckpoint = finalDir;
      }
    }
    this.state.statefulCallbacks = this.callbackStates();
    const loop: LoopState = { saved_at: where, tr_loss: this.trLoss, globalstep_last_logged: this.globalstepLastLogged, total_loss_scalar: this.totalLossScalar };
    // under DDP rank 0 writes the checkpoint alone, with every rank's generator states, while the others wait
    const dist = this.distributed;
    const perRank = dist !== null && !args.saveOnlyModel ? { states: dist.gatherTensors(this.generators.snapshot()), loops: dist.gatherObjects(loop) } : null;
    try {
      if (this.isWorldProcessZero()) {
        writeCheckpointDir(args.outputDir, step, (dir) => {
          this.saveModelFiles(dir);
          if (!args.saveOnlyModel) {
            writeOptimizationState(dir, this.resumables());
            if (perRank !== null) perRank.states.forEach((states, r) => writeRngState(dir, states, perRank.loops[r]!, rankRngStateName(r)));
            else this.generators.write(dir, loop);
          }
          writeFileAtomic(join(dir, TRAINER_STATE_NAME), [new TextEncoder().encode(this.state.toJSONString())]);
        });
        rotateCheckpoints(args.outputDir, args.saveTotalLimit, this.state.bestModelCheckpoint);
      }
    } finally {
      for (const states of perRank?.states ?? []) for (const t of Object.values(states)) t.dispose();
    }
    dist?.barrier();
    this.lastSavedStep = step;
  }

  private resumables() {
    return { optimizer: this.optimizer!, scheduler: this.lrScheduler!, scaler: this.amp.scaler };
  }

  private callbackStates(): Record<string, unknown> {
    const out: Record<string, unknown> = { TrainerControl: { args: this.control.toJSON(), attributes: {} } };
    for (const cb of this.callbackHandler.callbacks) if (typeof cb.state === 'function') out[cb.constructor.name] = cb.state();
    return out;
  }

  private restoreCallbackStates(): void {
    for (const cb of this.callbackHandler.callbacks) {
      const saved = this.state.statefulCallbacks[cb.constructor.name];
      if (typeof cb.restoreState === 'function' && saved !== null && typeof saved === 'object') cb.restoreState(saved as Record<string, unknown>);
    }
  }
}

function isDataset(v: unknown): v is MapDataset {
  return v !== null && typeof v === 'object' && typeof (v as MapDataset).at === 'function' && typeof (v as MapDataset).length === 'number';
}

/** transformers' default: DataCollatorWithPadding when a tokenizer is given, else the default collation. */
function defaultCollator(processingClass: unknown): CollateFn<Record<string, unknown>> | null {
  const tok = processingClass as PaddingTokenizer | null;
  return tok !== null && typeof tok?.pad === 'function' ? new DataCollatorWithPadding(tok) : null;
}

