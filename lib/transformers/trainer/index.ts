// The Trainer and its parts, as transformers exports them.
export { Trainer, setSeed, type TrainerOptions, type TrainOptions, type TrainerDataLoader } from './trainer.js';
export { TrainerState, TrainerControl, type LogEntry } from './state.js';
export { CallbackHandler, DefaultFlowCallback, type TrainerCallback, type CallbackExtras, type CallbackEvent, type CallbackLike } from './callbacks.js';
export { ProgressCallback, PrinterCallback, type ConsoleOptions } from './progress-callback.js';
export { EarlyStoppingCallback, type EarlyStoppingOptions } from './early-stopping.js';
export { JsonlCallback, JSONL_LOG_NAME } from './jsonl-callback.js';
export { getLastCheckpoint, sortedCheckpoints, PREFIX_CHECKPOINT_DIR } from './checkpoint-dir.js';
export { appliesWeightDecay } from './decay-groups.js';
export type { EvalPrediction, TrainOutput, PredictionOutput, Metrics, ComputeMetrics } from './types.js';
export type { TrainerModel, ModelOutput } from './model.js';
