// transformers' EarlyStoppingCallback: stop when the monitored metric (args.metricForBestModel) has not improved
// by more than `earlyStoppingThreshold` for `earlyStoppingPatience` evaluations in a row.
import type { TrainingArguments } from '../training-args.js';
import type { CallbackExtras, TrainerCallback } from './callbacks.js';
import type { TrainerControl, TrainerState } from './state.js';

export interface EarlyStoppingOptions {
  earlyStoppingPatience?: number;
  earlyStoppingThreshold?: number;
}

export class EarlyStoppingCallback implements TrainerCallback {
  readonly earlyStoppingPatience: number;
  readonly earlyStoppingThreshold: number;
  /** Evaluations in a row without improvement. */
  earlyStoppingPatienceCounter = 0;

  constructor(options: EarlyStoppingOptions = {}) {
    this.earlyStoppingPatience = options.earlyStoppingPatience ?? 1;
    this.earlyStoppingThreshold = options.earlyStoppingThreshold ?? 0.0;
    if (!Number.isInteger(this.earlyStoppingPatience) || this.earlyStoppingPatience < 1)
      throw new RangeError(`EarlyStoppingCallback: earlyStoppingPatience must be an integer >= 1, got ${this.earlyStoppingPatience}`);
    if (!(this.earlyStoppingThreshold >= 0)) throw new RangeError(`EarlyStoppingCallback: earlyStoppingThreshold must be >= 0, got ${this.earlyStoppingThreshold}`);
  }

  onTrainBegin(args: TrainingArguments): void {
    if (!args.loadBestModelAtEnd) throw new Error('EarlyStoppingCallback requires loadBestModelAtEnd = true');
    if (args.metricForBestModel === null) throw new Error('EarlyStoppingCallback requires metricForBestModel to be defined');
    if (args.evalStrategy === 'no') throw new Error("EarlyStoppingCallback requires evalStrategy 'steps' or 'epoch'");
  }

  onEvaluate(args: TrainingArguments, state: TrainerState, control: TrainerControl, extras: CallbackExtras): void {
    let name = args.metricForBestModel!;
    if (!name.startsWith('eval_')) name = `eval_${name}`;
    const value = extras.metrics?.[name];
    if (value === undefined) {
      process.emitWarning(`early stopping required metricForBestModel, but did not find ${name} so early stopping is disabled`);
      return;
    }
    const better = args.greaterIsBetter ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    const improved =
      state.bestMetric === null || (better(value, state.bestMetric) && Math.abs(value - state.bestMetric) > this.earlyStoppingThreshold);
    this.earlyStoppingPatienceCounter = improved ? 0 : this.earlyStoppingPatienceCounter + 1;
    if (this.earlyStoppingPatienceCounter >= this.earlyStoppingPatience) control.shouldTrainingStop = true;
  }

  state(): Record<string, unknown> {
    return {
      args: { early_stopping_patience: this.earlyStoppingPatience, early_stopping_threshold: this.earlyStoppingThreshold },
      attributes: { early_stopping_patience_counter: this.earlyStoppingPatienceCounter },
    };
  }

  restoreState(state: Record<string, unknown>): void {
    const counter = (state.attributes as Record<string, unknown> | undefined)?.early_stopping_patience_counter;
    if (typeof counter === 'number') this.earlyStoppingPatienceCounter = counter;
  }
}
