// The training-state files of a checkpoint. transformers writes optimizer.pt / scheduler.pt / rng_state.pth
// with torch.save (pickles); tstorch writes the same state dicts as safetensors + JSON:
// - optimizer.safetensors: tensors `state.<param index>.<name>` (exp_avg, exp_avg_sq); metadata `param_groups`
//   (JSON, torch's param_groups) and `state_scalars` (JSON, e.g. {"0": {"step": 12}}).
// - scheduler.json: the scheduler's state_dict (LambdaLR: base_lrs, last_epoch, _step_count, _last_lr).
// - rng_state.safetensors: `cpu` (torch.get_rng_state() at the save), `epoch_start_cpu` (at the start of the
//   epoch, to redraw its shuffle on resume) and, with dataSeed, the sampler generator's `data_generator*` states.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeFileAtomic } from '../../serialization/atomic-write.js';
import type { RawTensor } from '../../serialization/raw-tensor.js';
import { readSafetensors, writeSafetensors } from '../../serialization/safetensors.js';
import type { OptimizerStateDict } from '../../optim/optimizer.js';
import type { Tensor } from '../../tensor.js';
import { fromRawTensor, toRawTensor } from '../../serialization/tensor-records.js';

export const OPTIMIZER_NAME = 'optimizer.safetensors';
export const SCHEDULER_NAME = 'scheduler.json';
export const RNG_STATE_NAME = 'rng_state.safetensors';
/** One rng state file per rank under DDP (transformers: rng_state_<process_index>.pth). */
export const rankRngStateName = (rank: number): string => `rng_state_${rank}.safetensors`;
export const TRAINING_ARGS_NAME = 'training_args.json';
/** fp16's GradScaler state (transformers: scaler.pt). */
export const SCALER_NAME = 'scaler.json';

export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, [new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n')]);
}

export interface StatefulOptimizer {
  stateDict(): OptimizerStateDict;
  loadStateDict(state: OptimizerStateDict): void;
}
export interface StatefulScheduler {
  stateDict(): object;
  loadStateDict(state: never): void;
}

export function writeOptimizerState(dir: string, optimizer: StatefulOptimizer): void {
  const sd = optimizer.stateDict();
  const tensors = new Map<string, RawTensor>();
  const scalars: Record<string, Record<string, number>> = {};
  for (const [index, entry] of Object.entries(sd.state)) {
    for (const [name, v] of Object.entries(entry)) {
      if (typeof v === 'number') (scalars[index] ??= {})[name] = v;
      else tensors.set(`state.${index}.${name}`, toRawTensor(v));
    }
  }
  writeSafetensors(join(dir, OPTIMIZER_NAME), tensors, { format: 'pt', param_groups: JSON.stringify(sd.param_groups), state_scalars: JSON.stringify(scalars) });
}

export function readOptimizerState(dir: string): OptimizerStateDict {
  const file = join(dir, OPTIMIZER_NAME);
  const { tensors, metadata } = readSafetensors(file);
  if (metadata.param_groups === undefined) throw new Error(`${file}: no param_groups in the metadata; not an optimizer state written by tstorch's Trainer`);
  const state: OptimizerStateDict['state'] = {};
  const scalars = JSON.parse(metadata.state_scalars ?? '{}') as Record<string, Record<string, number>>;
  for (const [index, entry] of Object.entries(scalars)) state[Number(index)] = { ...entry };
  for (const [key, raw] of tensors) {
    const m = /^state\.(\d+)\.(.+)$/.exec(key);
    if (m === null) throw new Error(`${file}: unexpected tensor '${key}' (expected state.<index>.<name>)`);
    (state[Number(m[1])] ??= {})[m[2]!] = fromRawTensor(raw);
  }
  return { state, param_groups: JSON.parse(metadata.param_groups) as OptimizerStateDict['param_groups'] };
}

export function writeSchedulerState(dir: string, scheduler: StatefulScheduler): void {
  writeJson(join(dir, SCHEDULER_NAME), scheduler.stateDict());
}

export function readSchedulerState(dir: string): unknown {
  return JSON.parse(readFileSync(join(dir, SCHEDULER_NAME), 'utf8'));
}

/** Where the loop was at the save, beyond trainer_state.json: what an exact resume needs. */
export interface LoopState {
  /** 'step': saved after an optimizer step, before that epoch's end events; 'epoch_end': after them. */
  saved_at: 'step' | 'epoch_end';
  /** Loss summed since the last log (float32, as transformers' tr_loss tensor) and the step of that log. */
  tr_loss: number;
  globalstep_last_logged: number;
  /** Sum of the logged losses (transformers' _total_loss_scalar), for train_loss. */
  total_loss_scalar: number;
}

export function writeRngState(dir: string, states: Record<string, Tensor>, loop: LoopState, name = RNG_STATE_NAME): void {
  const tensors = new Map<string, RawTensor>();
  for (const [name, t] of Object.entries(states)) tensors.set(name, toRawTensor(t));
  writeSafetensors(join(dir, name), tensors, { format: 'pt', loop: JSON.stringify(loop) });
}

/** The saved generator states by name and the loop state, or null when the checkpoint has none (saveOnlyModel). */
export function readRngState(dir: string, name = RNG_STATE_NAME): { states: Map<string, Tensor>; loop: LoopState | null } | null {
  const file = join(dir, name);
  if (!existsSync(file)) return null;
  const { tensors, metadata } = readSafetensors(file);
  const states = new Map<string, Tensor>();
  for (const [name, raw] of tensors) states.set(name, fromRawTensor(raw));
  return { states, loop: metadata.loop === undefined ? null : (JSON.parse(metadata.loop) as LoopState) };
}
