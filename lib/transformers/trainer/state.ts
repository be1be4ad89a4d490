// TrainerState and TrainerControl as transformers defines them; trainer_state.json is written exactly as
// `json.dumps(dataclasses.asdict(state), indent=2, sort_keys=True) + "\n"`, with Python floats where Python has them.
import { readFileSync } from 'node:fs';

import { dumpsPythonJson, parsePythonJson } from '../../serialization/python-json.js';

/** One entry of `logHistory`: the logged values plus `step` (and `epoch`). */
export type LogEntry = Record<string, number | string>;

export const TRAINER_STATE_NAME = 'trainer_state.json';

export class TrainerState {
  /** Fractional epoch: 1.5 is halfway through the second epoch. */
  epoch: number | null = null;
  globalStep = 0;
  maxSteps = 0;
  loggingSteps = 500;
  evalSteps = 500;
  saveSteps = 500;
  trainBatchSize: number | null = null;
  numTrainEpochs = 0;
  totalFlos = 0;
  logHistory: LogEntry[] = [];
  bestMetric: number | null = null;
  bestModelCheckpoint: string | null = null;
  isLocalProcessZero = true;
  isWorldProcessZero = true;
  isHyperParamSearch = false;
  trialName: string | null = null;
  trialParams: Record<string, unknown> | null = null;
  /** Callback states saved with checkpoints (transformers' `stateful_callbacks`), by callback class name. */
  statefulCallbacks: Record<string, unknown> = {};

  /** The JSON transformers writes (snake_case keys). */
  toJSON(): Record<string, unknown> {
    return {
      best_metric: this.bestMetric,
      best_model_checkpoint: this.bestModelCheckpoint,
      epoch: this.epoch,
      eval_steps: this.evalSteps,
      global_step: this.globalStep,
      is_hyper_param_search: this.isHyperParamSearch,
      is_local_process_zero: this.isLocalProcessZero,
      is_world_process_zero: this.isWorldProcessZero,
      log_history: this.logHistory.map((e) => ({ ...e })),
      logging_steps: this.loggingSteps,
      max_steps: this.maxSteps,
      num_train_epochs: this.numTrainEpochs,
      save_steps: this.saveSteps,
      stateful_callbacks: this.statefulCallbacks,
      total_flos: this.totalFlos,
      train_batch_size: this.trainBatchSize,
      trial_name: this.trialName,
      trial_params: this.trialParams,
    };
  }

  /** trainer_state.json's text: sorted keys, indent 2, Python float syntax (`2.0`, `5e-05`). */
  toJSONString(): string {
    return dumpsPythonJson(this.toJSON(), { isFloat: isFloatPath }) + '\n';
  }

  static fromJSON(json: Record<string, unknown>): TrainerState {
    const s = new TrainerState();
    const get = <T>(key: string, fallback: T): T => (key in json && json[key] !== undefined ? (json[key] as T) : fallback);
    s.epoch = get('epoch', null);
    s.globalStep = get('global_step', 0);
    s.maxSteps = get('max_steps', 0);
    s.loggingSteps = get('logging_steps', 500);
    s.evalSteps = get('eval_steps', 500);
    s.saveSteps = get('save_steps', 500);
    s.trainBatchSize = get('train_batch_size', null);
    s.numTrainEpochs = get('num_train_epochs', 0);
    s.totalFlos = get('total_flos', 0);
    s.logHistory = get<LogEntry[]>('log_history', []).map((e) => ({ ...e }));
    s.bestMetric = get('best_metric', null);
    s.bestModelCheckpoint = get('best_model_checkpoint', null);
    s.isHyperParamSearch = get('is_hyper_param_search', false);
    s.trialName = get('trial_name', null);
    s.trialParams = get('trial_params', null);
    s.statefulCallbacks = get('stateful_callbacks', {});
    return s;
  }

  static loadFromJSON(path: string): TrainerState {
    const { value } = parsePythonJson(readFileSync(path, 'utf8'), path);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${path}: expected a JSON object (trainer_state.json)`);
    return TrainerState.fromJSON(value as Record<string, unknown>);
  }
}

/** Python has these as floats: the epoch, FLOPs, the best metric and every logged value but the step. */
function isFloatPath(path: string): boolean {
  if (path === '/epoch' || path === '/total_flos' || path === '/best_metric') return true;
  const m = /^\/log_history\/\d+\/(.+)$/.exec(path);
  return m !== null && m[1] !== 'step';
}

/** What callbacks tell the training loop to do next; the loop resets each flag once it has acted on it. */
export class TrainerControl {
  shouldTrainingStop = false;
  shouldEpochStop = false;
  shouldSave = false;
  shouldEvaluate = false;
  shouldLog = false;

  toJSON(): Record<string, boolean> {
    return {
      should_epoch_stop: this.shouldEpochStop,
      should_evaluate: this.shouldEvaluate,
      should_log: this.shouldLog,
      should_save: this.shouldSave,
      should_training_stop: this.shouldTrainingStop,
    };
  }
}
