// What a checkpoint holds besides trainer_state.json, and how the Trainer writes and restores it: the model
// files (as save_model writes them), the optimizer / scheduler / fp16 scaler states, and the generator states an
// exact resume needs (the global CPU generator now and at the start of the epoch, and the dataSeed generator).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { GradScaler } from '../../amp/grad-scaler.js';
import type { Generator } from '../../generator.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { getRngState, setRngState } from '../../runtime.js';
import { writeFileAtomic } from '../../serialization/atomic-write.js';
import { dumpsPythonJson } from '../../serialization/python-json.js';
import { Tensor } from '../../tensor.js';
import type { LRScheduler } from '../schedulers/get-scheduler.js';
import { FLOAT_ARGS, type TrainingArguments } from '../training-args.js';
import {
  OPTIMIZER_NAME,
  readOptimizerState,
  readSchedulerState,
  SCALER_NAME,
  SCHEDULER_NAME,
  TRAINING_ARGS_NAME,
  writeJson,
  writeOptimizerState,
  writeRngState,
  writeSchedulerState,
  type LoopState,
} from './checkpoint-files.js';
import { saveModelWeights, type TrainerModel } from './model.js';

/** Model weights (+ config), the tokenizer when it can save itself, and training_args.json, as save_model. */
export function writeModelFiles(dir: string, model: TrainerModel, processingClass: unknown, args: TrainingArguments): void {
  saveModelWeights(model, dir);
  const tokenizer = processingClass as { savePretrained?: (dir: string) => unknown } | null;
  if (typeof tokenizer?.savePretrained === 'function') tokenizer.savePretrained(dir);
  const json = dumpsPythonJson(args.toJSON(), { sortKeys: false, isFloat: (p) => FLOAT_ARGS.has(p.slice(1)) }) + '\n';
  writeFileAtomic(join(dir, TRAINING_ARGS_NAME), [new TextEncoder().encode(json)]);
}

export interface Resumables {
  optimizer: Optimizer;
  scheduler: LRScheduler;
  scaler: GradScaler | null;
}

export function writeOptimizationState(dir: string, r: Resumables): void {
  writeOptimizerState(dir, r.optimizer);
  writeSchedulerState(dir, r.scheduler);
  if (r.scaler) writeJson(join(dir, SCALER_NAME), r.scaler.stateDict());
}

/** Restores optimizer, scheduler and scaler from a checkpoint; false (and a warning) when it has none. */
export function loadOptimizationState(checkpoint: string, r: Resumables): boolean {
  if (!existsSync(join(checkpoint, OPTIMIZER_NAME)) || !existsSync(join(checkpoint, SCHEDULER_NAME))) {
    process.emitWarning(`${checkpoint} has no optimizer/scheduler state (saved with saveOnlyModel?): they start fresh`);
    return false;
  }
  const sd = readOptimizerState(checkpoint);
  // the states are read onto the CPU: put each beside its parameter (CUDA training)
  const params = r.optimizer.paramGroups.flatMap((g) => g.params);
  for (const [index, entry] of Object.entries(sd.state)) {
    const device = params[Number(index)]?.device;
    for (const [key, v] of Object.entries(entry)) {
      if (!(v instanceof Tensor) || device === undefined || v.device.equals(device)) continue;
      entry[key] = v.to(device);
      v.dispose();
    }
  }
  r.optimizer.loadStateDict(sd);
  for (const entry of Object.values(sd.state)) for (const v of Object.values(entry)) if (v instanceof Tensor) v.dispose();
  (r.scheduler as { loadStateDict(s: unknown): void }).loadStateDict(readSchedulerState(checkpoint));
  if (r.scaler && existsSync(join(checkpoint, SCALER_NAME))) r.scaler.loadStateDict(JSON.parse(readFileSync(join(checkpoint, SCALER_NAME), 'utf8')));
  return true;
}

/**
 * The generators that decide the data order and dropout: the global CPU generator and, with dataSeed, the
 * sampler's own. Their states at the start of each epoch are kept, so that a mid-epoch checkpoint can redraw
 * that epoch's shuffle on resume before skipping the batches already seen.
 */
export class LoopGenerators {
  private epochStart = new Map<string, Tensor>();

  constructor(readonly dataGenerator: Generator | undefined) {}

  /** Call right before an epoch's data loader iterator is created. */
  captureEpochStart(): void {
    for (const t of this.epochStart.values()) t.dispose();
    this.epochStart = new Map([['epoch_start_cpu', getRngState()]]);
    if (this.dataGenerator) this.epochStart.set('epoch_start_data_generator', this.dataGenerator.getState());
  }

  /** The generators now and at the epoch start, by name (the caller disposes them). */
  snapshot(): Record<string, Tensor> {
    const now: Record<string, Tensor> = { cpu: getRngState() };
    if (this.dataGenerator) now.data_generator = this.dataGenerator.getState();
    for (const [name, t] of this.epochStart) now[name] = t.clone();
    return now;
  }

  /** Writes rng_state.safetensors: the generators now, at the epoch start, and the loop counters. */
  write(dir: string, loop: LoopState): void {
    const states = this.snapshot();
    writeRngState(dir, states, loop);
    for (const t of Object.values(states)) t.dispose();
  }

  /** Sets the generators to the saved states: as at the save (''), or as at the epoch start ('epoch_start_'). */
  restore(states: ReadonlyMap<string, Tensor>, prefix: '' | 'epoch_start_'): void {
    const cpu = states.get(`${prefix}cpu`);
    if (cpu === undefined) throw new Error(`the checkpoint's rng state has no '${prefix}cpu' entry`);
    setRngState(cpu);
    const data = states.get(`${prefix}data_generator`);
    if (this.dataGenerator && data) this.dataGenerator.setState(data);
  }
}
