/**
 * `pytorch_model.bin` as `torch.save` writes it since torch 1.6: a zip archive `<folder>/data.pkl` (the pickled
 * state dict), `<folder>/data/<key>` (one raw storage each), `<folder>/version` and, since torch 1.12,
 * `<folder>/byteorder`. The pickle goes through the restricted unpickler: nothing in the file is executed.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

import { type RawTensor, DTYPE_SIZE } from './raw-tensor.js';
import { isLegacyTorchFile, readLegacyTorchBytes } from './torch-legacy.js';
import { stateDictFromPickle, type TorchStorage, unpickleStateDict } from './torch-state-dict.js';

export interface TorchCheckpoint {
  tensors: Map<string, RawTensor>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZipFile(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** Reverses the bytes of each `itemsize`-byte element (for checkpoints written on big-endian machines). */
function byteswap(data: Uint8Array, itemsize: number): Uint8Array {
  if (itemsize === 1) return data;
  const out = new Uint8Array(data.byteLength);
  for (let i = 0; i < data.byteLength; i += itemsize) {
    for (let j = 0; j < itemsize; j++) out[i + j] = data[i + itemsize - 1 - j]!;
  }
  return out;
}

/** Reads a torch zip checkpoint from bytes already in memory; `file` names it in errors. */
export function parseTorchZip(bytes: Uint8Array, file: string): TorchCheckpoint {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new Error(`invalid torch checkpoint ${file}: cannot read the zip archive (${(err as Error).message})`);
  }
  const pickles = Object.keys(entries).filter((name) => /^[^/]+\/data\.pkl$/.test(name));
  if (pickles.length !== 1) {
    throw new Error(
      `invalid torch checkpoint ${file}: expected one <folder>/data.pkl in the zip archive, found ${pickles.length === 0 ? 'none' : pickles.join(', ')}`,
    );
  }
  const prefix = pickles[0]!.slice(0, -'data.pkl'.length);
  const byteorderEntry = entries[`${prefix}byteorder`];
  const byteorder = byteorderEntry === undefined ? 'little' : new TextDecoder().decode(byteorderEntry).trim();
  if (byteorder !== 'little' && byteorder !== 'big') {
    throw new Error(`invalid torch checkpoint ${file}: ${prefix}byteorder says "${byteorder}", expected "little" or "big"`);
  }

  const storages = new Map<string, TorchStorage>();
  const loadStorage = ({ dtype, key, numel }: { dtype: TorchStorage['dtype']; key: string; numel: number }): TorchStorage => {
    const cached = storages.get(key);
    if (cached !== undefined) {
      if (cached.dtype !== dtype) throw new Error(`invalid torch checkpoint ${file}: storage ${key} is used as both ${cached.dtype} and ${dtype}`);
      return cached;
    }
    const raw = entries[`${prefix}data/${key}`];
    if (raw === undefined) throw new Error(`invalid torch checkpoint ${file}: storage ${prefix}data/${key} is missing from the archive`);
    const expected = numel * DTYPE_SIZE[dtype];
    if (raw.byteLength !== expected) {
      throw new Error(`invalid torch checkpoint ${file}: storage ${prefix}data/${key} has ${raw.byteLength} bytes, expected ${numel} × ${DTYPE_SIZE[dtype]} = ${expected}`);
    }
    const storage: TorchStorage = { kind: 'storage', key, dtype, numel, data: byteorder === 'big' ? byteswap(raw, DTYPE_SIZE[dtype]) : raw };
    storages.set(key, storage);
    return storage;
  };

  const { value } = unpickleStateDict(entries[pickles[0]!]!, file, loadStorage);
  return { tensors: stateDictFromPickle(value, file) };
}

/**
 * Reads `pytorch_model.bin` (or any `torch.save`d state dict) without running any code from it. Zip checkpoints
 * (torch >= 1.6) and the legacy format are read; anything else is an error naming the file.
 */
export function readTorchZip(path: string): TorchCheckpoint {
  const bytes = readFileSync(path);
  if (isZipFile(bytes)) return parseTorchZip(bytes, path);
  if (isLegacyTorchFile(bytes)) return readLegacyTorchBytes(bytes, path);
  throw new Error(`${path} is not a torch checkpoint: it is neither a zip archive (torch >= 1.6) nor a legacy torch pickle`);
}
