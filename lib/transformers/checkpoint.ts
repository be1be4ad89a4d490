// Finds and reads a model's weights the way transformers 4.31's from_pretrained looks for them: model.safetensors,
// then model.safetensors.index.json (shards), then pytorch_model.bin, then pytorch_model.bin.index.json, in a local
// folder or a hub repo (downloaded into the HF cache). Nothing in a .bin file is executed (restricted unpickler).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isLocalFolder, resolveRepoFile } from '../hub/index.js';
import type { ConfigHubOptions } from './configuration_utils.js';
import type { RawTensor } from '../serialization/raw-tensor.js';
import { readSafetensorsIndex, readWeightsSafetensors, SAFETENSORS_INDEX_NAME } from '../serialization/safetensors.js';
import { readTorchZip } from '../serialization/torch-zip.js';

export const SAFE_WEIGHTS_NAME = 'model.safetensors';
export const WEIGHTS_NAME = 'pytorch_model.bin';
export const WEIGHTS_INDEX_NAME = 'pytorch_model.bin.index.json';
const SEARCHED = [SAFE_WEIGHTS_NAME, SAFETENSORS_INDEX_NAME, WEIGHTS_NAME, WEIGHTS_INDEX_NAME];

export interface Checkpoint {
  /** Checkpoint key → tensor bytes. */
  tensors: Map<string, RawTensor>;
  /** The file(s) read, for messages. */
  files: string[];
}

/** The shard files an index names (`weight_map` values), each once, in first-use order. */
function shardNames(indexPath: string): string[] {
  let index: unknown;
  try {
    index = JSON.parse(readFileSync(indexPath, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the checkpoint index ${indexPath}: ${(err as Error).message}`);
  }
  const map = (index as { weight_map?: unknown } | null)?.weight_map;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new Error(`invalid checkpoint index ${indexPath}: no "weight_map" object`);
  return [...new Set(Object.values(map as Record<string, unknown>).map(String))];
}

/** Reads the weights of `idOrPath` (local folder or hub repo id). */
export async function loadCheckpoint(idOrPath: string, hub: ConfigHubOptions): Promise<Checkpoint> {
  const find = (name: string): Promise<string | null> => resolveRepoFile(idOrPath, name, { ...hub, optional: true });

  const safe = await find(SAFE_WEIGHTS_NAME);
  if (safe !== null) return { tensors: readWeightsSafetensors(safe).tensors, files: [safe] };

  const safeIndex = await find(SAFETENSORS_INDEX_NAME);
  if (safeIndex !== null) {
    // hub shards land beside the index in the same snapshot folder
    const shards = await Promise.all(shardNames(safeIndex).map((s) => required(find, idOrPath, s)));
    return { tensors: readSafetensorsIndex(safeIndex, { weights: true }).tensors, files: [safeIndex, ...shards] };
  }

  const bin = await find(WEIGHTS_NAME);
  if (bin !== null) return { tensors: readTorchZip(bin).tensors, files: [bin] };

  const binIndex = await find(WEIGHTS_INDEX_NAME);
  if (binIndex !== null) {
    const tensors = new Map<string, RawTensor>();
    const files = [binIndex];
    for (const shard of shardNames(binIndex)) {
      const path = await required(find, idOrPath, shard);
      files.push(path);
      for (const [k, v] of readTorchZip(path).tensors) tensors.set(k, v);
    }
    return { tensors, files };
  }

  const list = `${SEARCHED.slice(0, -1).join(', ')} or ${SEARCHED[SEARCHED.length - 1]}`;
  if (isLocalFolder(idOrPath)) {
    const where = hub.subfolder ? join(idOrPath, hub.subfolder) : idOrPath;
    throw new Error(`Error no file named ${list} found in directory ${where}. (tstorch reads safetensors and PyTorch checkpoints, not TensorFlow or Flax ones.)`);
  }
  throw new Error(`${idOrPath} does not appear to have a file named ${list}.`);
}

async function required(find: (name: string) => Promise<string | null>, idOrPath: string, name: string): Promise<string> {
  const path = await find(name);
  if (path === null) throw new Error(`${idOrPath}: the checkpoint index names the shard ${name}, which does not exist`);
  return path;
}
