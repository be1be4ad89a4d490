/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N,
 * N bytes of JSON header `{"__metadata__": {str: str}?, name: {dtype, shape, data_offsets: [begin, end]}}`,
 * then the tensors' bytes. Validation follows the Rust crate's `SafeTensors::read_metadata`.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';

import { writeFileAtomic } from './atomic-write.js';
import { assertRawTensor, DTYPE_SIZE, isRawDType, numelOf, type RawDType, type RawTensor } from './raw-tensor.js';

/** The Rust crate refuses headers larger than this (bytes). */
export const SAFETENSORS_MAX_HEADER_SIZE = 100_000_000;

/** Dtypes the format knows but tstorch cannot hold. */
const KNOWN_UNSUPPORTED_DTYPES = new Set(['U16', 'U32', 'U64', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64']);

/** The crate's `Dtype` order (declaration order, ascending): files are laid out by descending rank, then name. */
const DTYPE_RANK: Readonly<Record<RawDType, number>> = {
  BOOL: 0,
  U8: 1,
  I8: 2,
  I16: 5,
  F16: 7,
  BF16: 8,
  I32: 9,
  F32: 11,
  F64: 12,
  I64: 13,
};

export interface SafetensorsFile {
  tensors: Map<string, RawTensor>;
  /** The `__metadata__` block (`{}` when the file has none). */
  metadata: Record<string, string>;
}

export interface ReadSafetensorsOptions {
  /** Read only these tensors (the header is still validated in full). A name missing from the file is an error. */
  onlyNames?: Iterable<string>;
}

interface HeaderEntry {
  name: string;
  dtype: RawDType;
  shape: number[];
  begin: number;
  end: number;
}

interface ParsedHeader {
  /** Bytes before the data section: 8 + header length. */
  dataStart: number;
  entries: HeaderEntry[];
  metadata: Record<string, string>;
}

function fail(path: string, what: string): never {
  throw new Error(`invalid safetensors file ${path}: ${what}`);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Validates the 8-byte prefix against the file size and returns the header length. */
function headerLength(prefix: Uint8Array, fileSize: number, path: string): number {
  if (fileSize < 8) fail(path, `the file has ${fileSize} bytes, fewer than the 8-byte header length`);
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(SAFETENSORS_MAX_HEADER_SIZE)) {
    fail(path, `header length ${n} is over the ${SAFETENSORS_MAX_HEADER_SIZE}-byte limit (corrupt file or not safetensors)`);
  }
  const len = Number(n);
  if (8 + len > fileSize) fail(path, `header length ${len} runs past the end of the file (${fileSize} bytes)`);
  return len;
}

/** Parses and validates the JSON header; `fileSize` is the whole file's size in bytes. */
function parseHeader(headerBytes: Uint8Array, fileSize: number, path: string): ParsedHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    fail(path, 'the header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    fail(path, `the header is not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail(path, 'the header is not a JSON object');

  const metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null) continue;
      if (typeof info !== 'object' || Array.isArray(info)) fail(path, `__metadata__ must be an object of strings, got ${describe(info)}`);
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(path, `__metadata__["${k}"] must be a string, got ${describe(v)}`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(parseEntry(name, info, path));
  }

  // Like the crate: sort by offsets, then the data must be covered exactly, with neither gaps nor overlaps.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of entries) {
    if (e.begin !== cursor) {
      const why = e.begin < cursor ? 'overlaps the previous tensor' : `leaves a hole of ${e.begin - cursor} bytes before it`;
      fail(path, `tensor "${e.name}" has data_offsets [${e.begin}, ${e.end}], which ${why} (expected begin ${cursor})`);
    }
    cursor = e.end;
  }
  const dataStart = 8 + headerBytes.byteLength;
  const dataBytes = fileSize - dataStart;
  if (cursor !== dataBytes) {
    fail(
      path,
      cursor < dataBytes
        ? `the tensors cover ${cursor} bytes but the data section has ${dataBytes} (${dataBytes - cursor} trailing bytes)`
        : `tensor offsets reach byte ${cursor} but the data section has only ${dataBytes} bytes (truncated file?)`,
    );
  }
  return { dataStart, entries, metadata };
}

function parseEntry(name: string, info: unknown, path: string): HeaderEntry {
  if (info === null || typeof info !== 'object' || Array.isArray(info)) {
    fail(path, `tensor "${name}" must be an object {dtype, shape, data_offsets}, got ${describe(info)}`);
  }
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (!isRawDType(dtype)) {
    if (typeof dtype === 'string' && KNOWN_UNSUPPORTED_DTYPES.has(dtype)) {
      fail(path, `tensor "${name}" has dtype ${dtype}, which tstorch does not support (supported: ${Object.keys(DTYPE_SIZE).join(', ')})`);
    }
    fail(path, `tensor "${name}" has unknown dtype ${describe(dtype)} (expected one of ${Object.keys(DTYPE_SIZE).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    fail(path, `tensor "${name}" has shape ${describe(shape)}, expected a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    fail(path, `tensor "${name}" has data_offsets ${describe(offsets)}, expected [begin, end] non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(path, `tensor "${name}" has data_offsets [${begin}, ${end}] with end before begin`);
  let numel: number;
  try {
    numel = numelOf(shape as number[]);
  } catch {
    fail(path, `tensor "${name}" has shape ${describe(shape)} whose element count overflows`);
  }
  const nbytes = numel * DTYPE_SIZE[dtype];
  if (end - begin !== nbytes) {
    fail(
      path,
      `tensor "${name}" (${dtype}, shape [${(shape as number[]).join(', ')}]) needs ${nbytes} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** Reads `length` bytes into a fresh Uint8Array that owns its ArrayBuffer (not a pooled Buffer). */
function readExactly(fd: number, length: number, position: number): Uint8Array {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
  return buf;
}

/** Reads and validates only the header of a safetensors file: names, dtypes, shapes, offsets and metadata. */
export function readSafetensorsHeader(path: string): {
  metadata: Record<string, string>;
  tensors: Map<string, { dtype: RawDType; shape: number[]; dataOffsets: [number, number] }>;
} {
  const fd = openSync(path, 'r');
  try {
    const { header } = readHeaderFromFd(fd, path);
    const tensors = new Map(header.entries.map((e) => [e.name, { dtype: e.dtype, shape: e.shape, dataOffsets: [e.begin, e.end] as [number, number] }]));
    return { metadata: header.metadata, tensors };
  } finally {
    closeSync(fd);
  }
}

function readHeaderFromFd(fd: number, path: string): { header: ParsedHeader; fileSize: number } {
  const fileSize = fstatSync(fd).size;
  const prefix = fileSize >= 8 ? readExactly(fd, 8, 0) : new Uint8Array(8);
  const len = headerLength(prefix, fileSize, path);
  const header = parseHeader(readExactly(fd, len, 8), fileSize, path);
  return { header, fileSize };
}

/**
 * Reads a `.safetensors` file. Each tensor's `data` is a view into one buffer holding the file's data section
 * (no copy per tensor); with `onlyNames`, only the selected tensors' bytes are read.
 */
export function readSafetensors(path: string, options: ReadSafetensorsOptions = {}): SafetensorsFile {
  const fd = openSync(path, 'r');
  try {
    const { header, fileSize } = readHeaderFromFd(fd, path);
    const tensors = new Map<string, RawTensor>();
    if (options.onlyNames === undefined) {
      const data = readExactly(fd, fileSize - header.dataStart, header.dataStart);
      for (const e of header.entries) tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: data.subarray(e.begin, e.end) });
      return { tensors, metadata: header.metadata };
    }
    const byName = new Map(header.entries.map((e) => [e.name, e]));
    const wanted = [...new Set(options.onlyNames)];
    const absent = wanted.filter((n) => !byName.has(n));
    if (absent.length > 0) {
      throw new Error(`tensor${absent.length > 1 ? 's' : ''} ${absent.map((n) => `"${n}"`).join(', ')} not found in safetensors file ${path}`);
    }
    for (const name of wanted) {
      const e = byName.get(name)!;
      tensors.set(name, { dtype: e.dtype, shape: e.shape, data: readExactly(fd, e.end - e.begin, header.dataStart + e.begin) });
    }
    return { tensors, metadata: header.metadata };
  } finally {
    closeSync(fd);
  }
}

/**
 * Model weights must be a PyTorch archive, as transformers 4.31's `load_state_dict` requires: `__metadata__.format`
 * "pt". A file with no format (or another value) was not written by `save_pretrained`; "tf" and "flax" archives
 * hold another framework's layout, which transformers does not convert either.
 */
export function checkWeightsFormat(metadata: Readonly<Record<string, string>>, path: string): void {
  const format = metadata.format;
  if (format === 'pt') return;
  if (format === 'tf' || format === 'flax')
    throw new Error(`Conversion from a ${format} safetensors archive to PyTorch is not implemented yet (${path} has __metadata__.format "${format}")`);
  throw new Error(
    `The safetensors archive passed at ${path} does not contain the valid metadata: __metadata__.format must be "pt", ` +
      `got ${format === undefined ? 'none' : JSON.stringify(format)}. Make sure you save your model with the \`save_pretrained\` method.`,
  );
}

/** `readSafetensors` for model weights: also checks `__metadata__.format` (see checkWeightsFormat). */
export function readWeightsSafetensors(path: string): SafetensorsFile {
  const file = readSafetensors(path);
  checkWeightsFormat(file.metadata, path);
  return file;
}

/** Parses safetensors bytes already in memory (the tensors are views into `bytes`). `name` labels errors. */
export function parseSafetensors(bytes: Uint8Array, name = '<buffer>'): SafetensorsFile {
  const len = headerLength(bytes.subarray(0, 8), bytes.byteLength, name);
  const header = parseHeader(bytes.subarray(8, 8 + len), bytes.byteLength, name);
  const tensors = new Map<string, RawTensor>();
  for (const e of header.entries) {
    // A plain Uint8Array view (never a Buffer, whose slice() would not copy).
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header.dataStart + e.begin, e.end - e.begin) });
  }
  return { tensors, metadata: header.metadata };
}

export interface SafetensorsIndexFile extends SafetensorsFile {
  /** The index's own `metadata` block (e.g. `{ total_size: 123 }`). */
  indexMetadata: Record<string, unknown>;
  /** Absolute paths of the shard files, in first-use order of the weight map. */
  shards: string[];
}

export const SAFETENSORS_INDEX_NAME = 'model.safetensors.index.json';

/**
 * Reads a sharded checkpoint: `model.safetensors.index.json` (`{metadata, weight_map: {tensor: shard file}}`) and
 * every shard it names. `dirOrIndex` is the folder or the index file itself. Every tensor must be in the shard the
 * weight map names; the `__metadata__` of the shards are merged (the first shard wins on conflicts).
 */
export function readSafetensorsIndex(dirOrIndex: string, options: { weights?: boolean } = {}): SafetensorsIndexFile {
  const indexPath = dirOrIndex.endsWith('.json') ? dirOrIndex : join(dirOrIndex, SAFETENSORS_INDEX_NAME);
  const dir = dirname(indexPath);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(indexPath, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`safetensors index not found: ${indexPath}`);
    throw new Error(`invalid safetensors index ${indexPath}: ${e.message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`invalid safetensors index ${indexPath}: not a JSON object`);
  const { weight_map: weightMap, metadata } = json as Record<string, unknown>;
  if (weightMap === null || typeof weightMap !== 'object' || Array.isArray(weightMap)) {
    throw new Error(`invalid safetensors index ${indexPath}: "weight_map" must be an object {tensor name: shard file}`);
  }
  if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw new Error(`invalid safetensors index ${indexPath}: "metadata" must be an object`);
  }

  const byShard = new Map<string, string[]>();
  for (const [tensor, shard] of Object.entries(weightMap as Record<string, unknown>)) {
    if (typeof shard !== 'string' || shard === '') {
      throw new Error(`invalid safetensors index ${indexPath}: weight_map["${tensor}"] must be a file name, got ${describe(shard)}`);
    }
    const resolved = normalize(join(dir, shard));
    if (isAbsolute(shard) || !resolved.startsWith(normalize(dir) + sep)) {
      throw new Error(`invalid safetensors index ${indexPath}: shard "${shard}" for "${tensor}" is outside the checkpoint folder`);
    }
    const list = byShard.get(resolved) ?? [];
    list.push(tensor);
    byShard.set(resolved, list);
  }

  const tensors = new Map<string, RawTensor>();
  const merged: Record<string, string> = {};
  for (const [shardPath, names] of byShard) {
    const shard = options.weights ? readWeightsSafetensors(shardPath) : readSafetensors(shardPath);
    for (const name of names) {
      if (!shard.tensors.has(name)) {
        throw new Error(`safetensors index ${indexPath} maps "${name}" to ${shardPath}, but that shard has no such tensor`);
      }
    }
    for (const [name, t] of shard.tensors) {
      if (tensors.has(name)) throw new Error(`tensor "${name}" is in more than one shard of ${indexPath} (again in ${shardPath})`);
      tensors.set(name, t);
    }
    for (const [k, v] of Object.entries(shard.metadata)) if (!(k in merged)) merged[k] = v;
  }
  return { tensors, metadata: merged, indexMetadata: { ...((metadata ?? {}) as Record<string, unknown>) }, shards: [...byShard.keys()] };
}

/** Byte-wise UTF-8 comparison, as Rust's `str::cmp`. */
function compareUtf8(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Lays out tensors exactly as the Rust crate's `serialize` does: sorted by dtype (descending, in the crate's
 * `Dtype` order) then name, header `{"__metadata__":…, name:{dtype,shape,data_offsets}…}` as compact JSON padded
 * with spaces to a multiple of 8 bytes. Returns the 8-byte length + header, and the tensors in file order.
 */
export function buildSafetensorsHeader(
  tensors: Map<string, RawTensor> | Record<string, RawTensor>,
  metadata: Record<string, string> | null = { format: 'pt' },
): { header: Uint8Array; ordered: Array<[string, RawTensor]> } {
  const list: Array<[string, RawTensor]> = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  for (const [name, t] of list) {
    if (name === '__metadata__') throw new Error('a tensor cannot be named "__metadata__" in a safetensors file');
    assertRawTensor(t, `tensor "${name}"`);
  }
  if (metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new TypeError('safetensors metadata must be an object of strings');
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TypeError(`safetensors metadata["${k}"] must be a string, got ${describe(v)}`);
    }
  }
  list.sort(([an, a], [bn, b]) => DTYPE_RANK[b.dtype] - DTYPE_RANK[a.dtype] || compareUtf8(an, bn));

  // Built by hand rather than with one JSON.stringify of an object: JavaScript objects move integer-like keys
  // first, and the order here must be the crate's. JSON.stringify escapes strings as serde_json does.
  const parts: string[] = [];
  if (metadata !== null) {
    const sorted = Object.entries(metadata).sort(([a], [b]) => compareUtf8(a, b));
    parts.push(`"__metadata__":{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  let offset = 0;
  for (const [name, t] of list) {
    const end = offset + t.data.byteLength;
    parts.push(`${JSON.stringify(name)}:{"dtype":"${t.dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const jsonBytes = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  const pad = (8 - (jsonBytes.byteLength % 8)) % 8;
  const out = new Uint8Array(8 + jsonBytes.byteLength + pad);
  new DataView(out.buffer).setBigUint64(0, BigInt(jsonBytes.byteLength + pad), true);
  out.set(jsonBytes, 8);
  out.fill(0x20, 8 + jsonBytes.byteLength);
  return { header: out, ordered: list };
}

/** Serialises tensors to safetensors bytes in memory (see `buildSafetensorsHeader` for the layout). */
export function serializeSafetensors(
  tensors: Map<string, RawTensor> | Record<string, RawTensor>,
  metadata: Record<string, string> | null = { format: 'pt' },
): Uint8Array {
  const { header, ordered } = buildSafetensorsHeader(tensors, metadata);
  const total = ordered.reduce((n, [, t]) => n + t.data.byteLength, header.byteLength);
  const out = new Uint8Array(total);
  out.set(header, 0);
  let pos = header.byteLength;
  for (const [, t] of ordered) {
    out.set(t.data, pos);
    pos += t.data.byteLength;
  }
  return out;
}

/**
 * Writes a `.safetensors` file atomically (temporary file in the same folder, fsync, rename), laid out byte for
 * byte as Python `safetensors.torch.save_file` lays it out. `metadata` defaults to `{format: 'pt'}` as
 * transformers' `save_pretrained` writes; pass `null` for none.
 */
export function writeSafetensors(
  path: string,
  tensors: Map<string, RawTensor> | Record<string, RawTensor>,
  metadata: Record<string, string> | null = { format: 'pt' },
): void {
  const { header, ordered } = buildSafetensorsHeader(tensors, metadata);
  writeFileAtomic(path, [header, ...ordered.map(([, t]) => t.data)]);
}
