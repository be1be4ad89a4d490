// What the Trainer needs of a model (tstorch's nn.Module / PreTrainedModel satisfy it), and the few questions
// it asks a model: which inputs forward takes, which of them are labels, how to save and restore its weights.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { noGrad } from '../../autograd.js';
import type { DeviceLike } from '../../device.js';
import { Module } from '../../nn/module.js';
import { readWeightsSafetensors, writeSafetensors } from '../../serialization/safetensors.js';
import { stateDictRecords } from '../../serialization/torch-save.js';
import type { RawTensor } from '../../serialization/raw-tensor.js';
import type { Tensor } from '../../tensor.js';
import { fromRawTensor, toRawTensor } from '../../serialization/tensor-records.js';

/** A forward's result: `loss` when labels were given, then the outputs (logits first), as ModelOutput. */
export type ModelOutput = { loss?: Tensor } & { [name: string]: Tensor | Tensor[] | undefined };

export interface TrainerModel {
  forward(inputs: Record<string, unknown>): ModelOutput | object;
  namedParameters(): Array<[string, Tensor]>;
  parameters(): Tensor[];
  train(mode?: boolean): unknown;
  eval(): unknown;
  to?(device: DeviceLike): unknown;
  /** Writes config.json + model.safetensors (PreTrainedModel). */
  savePretrained?(dir: string): unknown;
  loadStateDict?(stateDict: Record<string, Tensor>, options?: { strict?: boolean }): unknown;
  /** transformers' floating_point_ops; default 6 × tokens × non-embedding parameters. */
  floatingPointOps?(inputs: Record<string, unknown>): number;
}

export const WEIGHTS_NAME = 'model.safetensors';

/** Inputs a BERT-style forward takes, for models that do not list theirs. */
const DEFAULT_FORWARD_ARGS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids', 'head_mask', 'inputs_embeds', 'labels'];

/** The snake_case inputs the model's forward takes: `forwardArgNames` of the model or its class, else BERT's. */
export function forwardArgNames(model: TrainerModel): string[] {
  const own = (model as { forwardArgNames?: unknown }).forwardArgNames;
  const ofClass = (model.constructor as { forwardArgNames?: unknown } | undefined)?.forwardArgNames;
  const names = Array.isArray(own) ? own : Array.isArray(ofClass) ? ofClass : DEFAULT_FORWARD_ARGS;
  return names.filter((n): n is string => typeof n === 'string');
}

/** transformers' find_labels: forward arguments that are labels ('labels', 'start_positions', ...). */
export function defaultLabelNames(model: TrainerModel): string[] {
  const names = forwardArgNames(model).filter((n) => n.includes('label') || n === 'start_positions' || n === 'end_positions');
  return names.length > 0 ? names : ['labels'];
}

/**
 * Saves the weights: `savePretrained` when the model has it; an nn.Module's whole state dict (a tree holding
 * pretrained models included) as model.safetensors, with config.json when the module has a config; else the
 * parameters.
 */
export function saveModelWeights(model: TrainerModel, dir: string): void {
  if (typeof model.savePretrained === 'function') {
    model.savePretrained(dir);
    return;
  }
  let tensors: Map<string, RawTensor>;
  if (model instanceof Module) tensors = stateDictRecords(model);
  else {
    tensors = new Map();
    for (const [name, p] of model.namedParameters()) tensors.set(name, toRawTensor(p.detach()));
  }
  writeSafetensors(join(dir, WEIGHTS_NAME), tensors, { format: 'pt' });
  const config = (model as { config?: { savePretrained?: unknown } }).config;
  if (typeof config?.savePretrained === 'function') (config as { savePretrained(dir: string): unknown }).savePretrained(dir);
}

/** Loads `dir/model.safetensors` into the model (as transformers' `_load_from_checkpoint`). */
export function loadModelWeights(model: TrainerModel, dir: string): void {
  const file = join(dir, WEIGHTS_NAME);
  if (!existsSync(file)) throw new Error(`Can't find a valid checkpoint at ${dir}: ${WEIGHTS_NAME} is missing`);
  const { tensors } = readWeightsSafetensors(file);
  const loaded: Record<string, Tensor> = {};
  for (const [name, raw] of tensors) loaded[name] = fromRawTensor(raw);
  try {
    if (typeof model.loadStateDict === 'function') {
      model.loadStateDict(loaded, { strict: false });
      return;
    }
    noGrad(() => {
      for (const [name, p] of model.namedParameters()) {
        const t = loaded[name];
        if (t === undefined) throw new Error(`${file} has no tensor '${name}'`);
        p.copy_(t);
      }
    });
  } finally {
    for (const t of Object.values(loaded)) t.dispose();
  }
}

/** 6 × tokens × non-embedding parameters (transformers' estimate), or the model's own count. */
export function floatingPointOps(model: TrainerModel, inputs: Record<string, unknown>, nonEmbeddingParams: number): number {
  if (typeof model.floatingPointOps === 'function') return model.floatingPointOps(inputs);
  const ids = inputs.input_ids as Tensor | undefined;
  return ids && typeof ids.numel === 'function' ? 6 * ids.numel() * nonEmbeddingParams : 0;
}

/** Parameters outside embedding tables (names ending in `embeddings.weight`), as num_parameters(exclude_embeddings). */
export function countNonEmbeddingParameters(model: TrainerModel): number {
  let n = 0;
  for (const [name, p] of model.namedParameters()) if (!/embeddings?\.weight$/.test(name)) n += p.numel();
  return n;
}
