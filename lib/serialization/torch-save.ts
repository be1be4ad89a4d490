// torch.save / torch.load for state dicts: safetensors by default (written atomically), PyTorch `.pt` / `.bin`
// state dicts read through the weights-only pickle reader. Also the records a module's weights are saved as.
import { readFileSync } from 'node:fs';

import type { Tensor } from '../tensor.js';
import type { Module } from '../nn/module.js';
import type { RawTensor } from './raw-tensor.js';
import { parseSafetensors, writeSafetensors } from './safetensors.js';
import { fromRawTensor, toRawTensor } from './tensor-records.js';
import { isLegacyTorchFile, readLegacyTorchBytes } from './torch-legacy.js';
import { isZipFile, parseTorchZip } from './torch-zip.js';

/** The state dict of `module` as safetensors records, tied aliases dropped (each shared tensor once, as transformers saves). */
export function stateDictRecords(module: Module): Map<string, RawTensor> {
  const aliases = new Set<string>();
  for (const [prefix, m] of module.namedModules()) for (const [alias] of m._stateAliases()) aliases.add(prefix === '' ? alias : `${prefix}.${alias}`);
  const records = new Map<string, RawTensor>();
  const sd = module.stateDict();
  for (const [name, t] of Object.entries(sd)) {
    if (!aliases.has(name)) records.set(name, toRawTensor(t));
    t.dispose();
  }
  return records;
}

/**
 * `torch.save(stateDict, path)`: the tensors as a safetensors file (metadata `{"format": "pt"}`), written
 * atomically. Values must be Tensors; a Map or plain object.
 */
export function save(stateDict: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>, path: string): void {
  if (typeof path !== 'string' || path === '') throw new TypeError('torch.save(stateDict, path): path must be a non-empty string');
  if (stateDict === null || typeof stateDict !== 'object') throw new TypeError(`torch.save(stateDict, "${path}"): expected a state dict (an object or Map of Tensors), got ${stateDict === null ? 'null' : typeof stateDict}`);
  const entries = stateDict instanceof Map ? [...(stateDict as ReadonlyMap<string, Tensor>)] : Object.entries(stateDict);
  const records = new Map<string, RawTensor>();
  for (const [name, t] of entries) {
    if (t === null || typeof t !== 'object' || typeof (t as Tensor).numel !== 'function')
      throw new TypeError(`torch.save("${path}"): "${name}" must be a Tensor, got ${t === null ? 'null' : typeof t} (only state dicts of tensors are saved)`);
    records.set(name, toRawTensor(t));
  }
  writeSafetensors(path, records, { format: 'pt' });
}

/**
 * `torch.load(path)`: a state dict (name → Tensor, on the CPU) from a safetensors file or a PyTorch `.pt` /
 * `.bin` state dict (zip or legacy format, read without running any of its code).
 */
export function load(path: string): Record<string, Tensor> {
  if (typeof path !== 'string' || path === '') throw new TypeError('torch.load(path): path must be a non-empty string');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`torch.load: cannot read "${path}": ${(e as Error).message}`);
  }
  const tensors = isZipFile(bytes) ? parseTorchZip(bytes, path).tensors : isLegacyTorchFile(bytes) ? readLegacyTorchBytes(bytes, path).tensors : parseSafetensors(bytes, path).tensors;
  const out: Record<string, Tensor> = {};
  for (const [name, raw] of tensors) out[name] = fromRawTensor(raw);
  return out;
}
