// Trainer callbacks as transformers' TrainerCallback / CallbackHandler / DefaultFlowCallback: every event gets
// (args, state, control, extras); a callback may return a control object, which then replaces the current one.
import type { TrainingArguments } from '../training-args.js';
import { TrainerControl, type TrainerState } from './state.js';

/** What each event receives besides args/state/control (transformers' **kwargs). */
export interface CallbackExtras {
  model?: unknown;
  processingClass?: unknown;
  optimizer?: unknown;
  lrScheduler?: unknown;
  trainDataloader?: unknown;
  evalDataloader?: unknown;
  /** onLog: the values just logged. */
  logs?: Record<string, number>;
  /** onEvaluate / onPredict: the metrics. */
  metrics?: Record<string, number>;
}

export type CallbackEvent =
  | 'onInitEnd'
  | 'onTrainBegin'
  | 'onTrainEnd'
  | 'onEpochBegin'
  | 'onEpochEnd'
  | 'onStepBegin'
  | 'onSubstepEnd'
  | 'onStepEnd'
  | 'onEvaluate'
  | 'onPredict'
  | 'onSave'
  | 'onLog'
  | 'onPredictionStep';

type Handler = (args: TrainingArguments, state: TrainerState, control: TrainerControl, extras: CallbackExtras) => TrainerControl | void;

/** Implement any subset of the events. */
export type TrainerCallback = { [E in CallbackEvent]?: Handler } & {
  /** State saved in checkpoints (trainer_state.json → stateful_callbacks) and given back on resume. */
  state?(): Record<string, unknown>;
  restoreState?(state: Record<string, unknown>): void;
};

export type CallbackLike = TrainerCallback | (new () => TrainerCallback);

/** Runs the events of every callback in order, with transformers' flag resets around them. */
export class CallbackHandler {
  readonly callbacks: TrainerCallback[] = [];
  extras: CallbackExtras = {};

  constructor(callbacks: readonly CallbackLike[]) {
    for (const cb of callbacks) this.add(cb);
  }

  add(callback: CallbackLike): void {
    const cb = typeof callback === 'function' ? new callback() : callback;
    if (cb === null || typeof cb !== 'object') throw new TypeError('addCallback needs a callback object or class');
    const cls = cb.constructor;
    if (cls !== Object && this.callbacks.some((c) => c.constructor === cls)) {
      process.emitWarning(`You are adding a ${cls.name} to the callbacks of this Trainer, but there is already one. The current list of callbacks is: ${this.describe()}`);
    }
    this.callbacks.push(cb);
  }

  /** Removes and returns the first callback that is `callback` or an instance of it. */
  pop(callback: CallbackLike): TrainerCallback | undefined {
    const i = this.callbacks.findIndex((c) => (typeof callback === 'function' ? c instanceof callback : c === callback));
    return i < 0 ? undefined : this.callbacks.splice(i, 1)[0];
  }

  describe(): string {
    return this.callbacks.map((c) => c.constructor?.name ?? 'Object').join('\n');
  }

  onInitEnd(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    return this.call('onInitEnd', a, s, c);
  }
  onTrainBegin(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    c.shouldTrainingStop = false;
    return this.call('onTrainBegin', a, s, c);
  }
  onTrainEnd(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    return this.call('onTrainEnd', a, s, c);
  }
  onEpochBegin(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    c.shouldEpochStop = false;
    return this.call('onEpochBegin', a, s, c);
  }
  onEpochEnd(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    return this.call('onEpochEnd', a, s, c);
  }
  onStepBegin(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    c.shouldLog = false;
    c.shouldEvaluate = false;
    c.shouldSave = false;
    return this.call('onStepBegin', a, s, c);
  }
  onSubstepEnd(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    return this.call('onSubstepEnd', a, s, c);
  }
  onStepEnd(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    return this.call('onStepEnd', a, s, c);
  }
  onEvaluate(a: TrainingArguments, s: TrainerState, c: TrainerControl, metrics: Record<string, number>): TrainerControl {
    c.shouldEvaluate = false;
    return this.call('onEvaluate', a, s, c, { metrics });
  }
  onPredict(a: TrainingArguments, s: TrainerState, c: TrainerControl, metrics: Record<string, number>): TrainerControl {
    return this.call('onPredict', a, s, c, { metrics });
  }
  onSave(a: TrainingArguments, s: TrainerState, c: TrainerControl): TrainerControl {
    c.shouldSave = false;
    return this.call('onSave', a, s, c);
  }
  onLog(a: TrainingArguments, s: TrainerState, c: TrainerControl, logs: Record<string, number>): TrainerControl {
    c.shouldLog = false;
    return this.call('onLog', a, s, c, { logs });
  }
  onPredictionStep(a: TrainingArguments, s: TrainerState, c: TrainerControl, evalDataloader: unknown): TrainerControl {
    return this.call('onPredictionStep', a, s, c, { evalDataloader });
  }

  private call(event: CallbackEvent, args: TrainingArguments, state: TrainerState, control: TrainerControl, more: CallbackExtras = {}): TrainerControl {
    const extras = { ...this.extras, ...more };
    for (const cb of this.callbacks) {
      const handler = cb[event];
      if (typeof handler !== 'function') continue;
      const result = handler.call(cb, args, state, control, extras);
      // like Python, a callback may skip returning control when it did not replace it
      if (result instanceof TrainerControl) control = result;
    }
    return control;
  }
}

/** The flow every Trainer has first: when to log, evaluate and save, and when training ends. */
export class DefaultFlowCallback implements TrainerCallback {
  onStepEnd(args: TrainingArguments, state: TrainerState, control: TrainerControl): TrainerControl {
    if (state.globalStep === 1 && args.loggingFirstStep) control.shouldLog = true;
    if (args.loggingStrategy === 'steps' && state.globalStep % state.loggingSteps === 0) control.shouldLog = true;
    if (args.evalStrategy === 'steps' && state.globalStep % state.evalSteps === 0 && args.evalDelay <= state.globalStep) control.shouldEvaluate = true;
    if (args.saveStrategy === 'steps' && state.saveSteps > 0 && state.globalStep % state.saveSteps === 0) control.shouldSave = true;
    if (state.globalStep >= state.maxSteps) control.shouldTrainingStop = true;
    return control;
  }

  onEpochEnd(args: TrainingArguments, state: TrainerState, control: TrainerControl): TrainerControl {
    if (args.loggingStrategy === 'epoch') control.shouldLog = true;
    if (args.evalStrategy === 'epoch' && args.evalDelay <= (state.epoch ?? 0)) control.shouldEvaluate = true;
    if (args.saveStrategy === 'epoch') control.shouldSave = true;
    return control;
  }
}
