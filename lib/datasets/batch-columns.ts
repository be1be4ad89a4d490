// Packs rows of columns into flat, rectangular arrays: the DataLoader's collate turns each into a tensor in
// one native call. Numbers follow the torch formatter of `datasets`: integers -> int64, floats -> float32.
import type { Chunk, Column, NumericChunk } from './columns.js';
import { isFloatDtype, isIntDtype, type ListFeature } from './features.js';
import { stackTensors } from './torch-format.js';

export interface PackedColumn {
  dtype: 'int64' | 'float32' | 'bool' | 'string' | 'object';
  /** [n] for scalars, [n, len] for lists of equal length; [n] with `offsets` for ragged lists. */
  shape: number[];
  /** int64 as Int32Array when every value fits in 32 bits, else BigInt64Array; bool as Uint8Array (0/1). */
  data: Int32Array | BigInt64Array | Float32Array | Float64Array | Uint8Array | string[] | unknown[];
  /** Ragged lists only: row r is data[offsets[r] .. offsets[r + 1]). */
  offsets?: Int32Array;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The torch dtype a column's values become, or undefined for strings and objects. */
export function tensorDtype(col: Column): 'int64' | 'float32' | 'bool' | undefined {
  const f = col.feature.dtype === 'list' ? (col.feature as ListFeature).feature : col.feature;
  if (f.dtype === 'bool') return 'bool';
  if (isIntDtype(f.dtype)) return 'int64';
  if (isFloatDtype(f.dtype)) return 'float32';
  return undefined;
}

/** Rows `rows` (base-table positions) of `col`, packed. */
export function packColumn(name: string, col: Column, rows: ArrayLike<number>): PackedColumn {
  const n = rows.length;
  const dtype = tensorDtype(col);
  const numericChunks = col.chunks.every((c) => c.kind === 'numeric');
  const listChunks = col.chunks.every((c) => c.kind === 'list');
  if (dtype && numericChunks) {
    const values = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const [c, j] = col.locate(rows[k]!) as [NumericChunk, number];
      if (c.nulls?.[j]) throw nullError(name, rows[k]!);
      values[k] = c.data[j]!;
    }
    return { dtype, shape: [n], data: narrow(dtype, values) };
  }
  if (dtype && listChunks) {
    const lengths = new Int32Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
      const [c, j] = col.locate(rows[k]!) as [Extract<Chunk, { kind: 'list' }>, number];
      lengths[k] = c.offsets[j + 1]! - c.offsets[j]!;
      total += lengths[k]!;
    }
    const values = new Float64Array(total);
    let at = 0;
    for (let k = 0; k < n; k++) {
      const [c, j] = col.locate(rows[k]!) as [Extract<Chunk, { kind: 'list' }>, number];
      values.set(c.values.subarray(c.offsets[j]!, c.offsets[j + 1]!), at);
      at += lengths[k]!;
    }
    const data = narrow(dtype, values);
    const rectangular = n === 0 || lengths.every((l) => l === lengths[0]);
    if (rectangular) return { dtype, shape: [n, n === 0 ? 0 : lengths[0]!], data };
    const offsets = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) offsets[k + 1] = offsets[k]! + lengths[k]!;
    return { dtype, shape: [n], data, offsets };
  }
  const data = Array.from({ length: n }, (_, k) => col.read(rows[k]!));
  if (col.feature.dtype === 'string') return { dtype: 'string', shape: [n], data: data as string[] };
  const stacked = stackTensors(data);
  if (stacked) return stacked;
  if (col.feature.dtype === 'int64' && data.every((v) => typeof v === 'bigint' || typeof v === 'number')) {
    return { dtype: 'int64', shape: [n], data: BigInt64Array.from(data as (bigint | number)[], (v) => BigInt(v)) };
  }
  return { dtype: 'object', shape: [n], data };
}

function narrow(dtype: 'int64' | 'float32' | 'bool', values: Float64Array): PackedColumn['data'] {
  if (dtype === 'float32') return Float32Array.from(values);
  if (dtype === 'bool') return Uint8Array.from(values);
  let fits = true;
  for (let i = 0; i < values.length && fits; i++) fits = values[i]! >= INT32_MIN && values[i]! <= INT32_MAX;
  return fits ? Int32Array.from(values) : BigInt64Array.from(values, (v) => BigInt(v));
}

function nullError(name: string, row: number): Error {
  return new TypeError(`column "${name}" has a null at row ${row}; tensors cannot hold nulls (fill or filter them first)`);
}

