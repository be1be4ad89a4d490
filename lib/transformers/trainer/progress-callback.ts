// The console output of a run, as transformers' ProgressCallback (a bar over the optimizer steps, one line per
// log written above it) and PrinterCallback (disableTqdm: the log lines only).
import { ProgressBar, type ProgressStream } from '../../utils/progress.js';
import type { TrainingArguments } from '../training-args.js';
import type { CallbackExtras, TrainerCallback } from './callbacks.js';
import { pyDictRepr } from './py-format.js';
import type { TrainerControl, TrainerState } from './state.js';

export interface ConsoleOptions {
  /** Where log lines go (default process.stdout, as Python's print / tqdm.write). */
  out?: ProgressStream;
  /** Where the bars are drawn (default process.stderr, as tqdm). */
  barStream?: ProgressStream;
}

function withoutFlos(logs: Record<string, number> | undefined): Record<string, number> {
  const { total_flos: _ignored, ...rest } = logs ?? {};
  return rest;
}

export class ProgressCallback implements TrainerCallback {
  private trainingBar: ProgressBar | null = null;
  private predictionBar: ProgressBar | null = null;
  private currentStep = 0;
  private readonly out: ProgressStream;
  private readonly barStream: ProgressStream;

  constructor(options: ConsoleOptions = {}) {
    this.out = options.out ?? process.stdout;
    this.barStream = options.barStream ?? process.stderr;
  }

  onTrainBegin(_a: TrainingArguments, state: TrainerState): void {
    if (!state.isWorldProcessZero) return; // under DDP rank 0 shows the progress
    this.trainingBar = new ProgressBar({ total: state.maxSteps, file: this.barStream, initial: state.globalStep });
    this.currentStep = state.globalStep;
  }

  onStepEnd(_a: TrainingArguments, state: TrainerState): void {
    this.trainingBar?.update(state.globalStep - this.currentStep);
    this.currentStep = state.globalStep;
  }

  onPredictionStep(_a: TrainingArguments, state: TrainerState, _c: TrainerControl, extras: CallbackExtras): void {
    if (!state.isWorldProcessZero) return;
    const loader = extras.evalDataloader as { length?: number } | undefined;
    if (typeof loader?.length !== 'number') return;
    this.predictionBar ??= new ProgressBar({ total: loader.length, leave: this.trainingBar === null, file: this.barStream });
    this.predictionBar.update(1);
  }

  onEvaluate(): void {
    this.closePrediction();
  }
  onPredict(): void {
    this.closePrediction();
  }

  onLog(_a: TrainingArguments, _s: TrainerState, _c: TrainerControl, extras: CallbackExtras): void {
    if (this.trainingBar === null) return;
    // tqdm.write: clear the bar's line, print, redraw the bar
    if (this.barStream.isTTY) this.barStream.write('\r\x1b[2K');
    this.out.write(pyDictRepr(withoutFlos(extras.logs)) + '\n');
    this.trainingBar.refresh();
  }

  onTrainEnd(): void {
    this.trainingBar?.close();
    this.trainingBar = null;
  }

  private closePrediction(): void {
    this.predictionBar?.close();
    this.predictionBar = null;
  }
}

export class PrinterCallback implements TrainerCallback {
  private readonly out: ProgressStream;
  constructor(options: ConsoleOptions = {}) {
    this.out = options.out ?? process.stdout;
  }
  onLog(_a: TrainingArguments, state: TrainerState, _c: TrainerControl, extras: CallbackExtras): void {
    if (!state.isLocalProcessZero) return;
    this.out.write(pyDictRepr(withoutFlos(extras.logs)) + '\n');
  }
}
