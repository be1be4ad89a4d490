// Columnar storage. Numbers live in typed arrays, strings in arrays, lists of numbers (token ids) as one flat
// typed array plus row offsets. A column may be chunked (one chunk per `map` batch), which avoids copying.
//
// Integer storage: int8/int16/int32/uint8/uint16 in the matching typed array; int64 (the default for integers,
// as in `datasets`) in an Int32Array when every value fits, else a Float64Array (exact up to 2^53); values
// beyond 2^53 stay BigInt in an object column. Floats: Float32Array / Float64Array. Bools: Uint8Array.
import type { Feature, ListFeature, ValueDtype } from './features.js';
import { decodeCell } from './media-features.js';

export type NumericArray =
  | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;
export type Offsets = Int32Array | Float64Array;

/** One contiguous piece of a column. */
export type Chunk = NumericChunk | StringChunk | ListChunk | ObjectChunk;

export interface NumericChunk {
  kind: 'numeric';
  feature: Feature;
  data: NumericArray;
  /** 1 where the row is null (JSON null, missing Parquet value); absent when there are none. */
  nulls?: Uint8Array;
}
export interface StringChunk {
  kind: 'string';
  feature: Feature;
  data: (string | null)[];
}
export interface ListChunk {
  kind: 'list';
  feature: ListFeature;
  values: NumericArray;
  /** Row r holds values[offsets[r] .. offsets[r+1]); length rows + 1. */
  offsets: Offsets;
}
export interface ObjectChunk {
  kind: 'object';
  feature: Feature;
  data: unknown[];
}

export function chunkLength(c: Chunk): number {
  return c.kind === 'list' ? c.offsets.length - 1 : c.data.length;
}

/** A column: chunks plus the first row of each, read as one sequence of rows. */
export class Column {
  readonly length: number;
  private readonly starts: number[];
  constructor(
    readonly feature: Feature,
    readonly chunks: readonly Chunk[],
  ) {
    let n = 0;
    this.starts = chunks.map((c) => {
      const s = n;
      n += chunkLength(c);
      return s;
    });
    this.length = n;
  }

  /** Chunk holding row i and the row's position inside it. */
  locate(i: number): [Chunk, number] {
    if (this.chunks.length === 1) return [this.chunks[0]!, i];
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return [this.chunks[lo]!, i - this.starts[lo]!];
  }

  /** Row i as a JavaScript value: number, boolean, string, number[] (lists), or null. */
  get(i: number): unknown {
    const [c, j] = this.locate(i);
    return chunkValue(c, j);
  }

  /** Row i as a reader sees it: Image and Audio cells decoded (see media-features.ts), else `get(i)`. */
  read(i: number): unknown {
    return decodeCell(this.feature, this.get(i));
  }

  /** A new single-chunk column with rows `indices` (a gather: the copy that makes index views real). */
  take(indices: ArrayLike<number>): Column {
    return new Column(this.feature, [gather(this, indices)]);
  }

  /** All rows as a single chunk (no copy when already one). */
  contiguous(): Chunk {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const all = new Uint32Array(this.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    return gather(this, all);
  }
}

export function chunkValue(c: Chunk, j: number): unknown {
  switch (c.kind) {
    case 'numeric':
      if (c.nulls?.[j]) return null;
      return c.feature.dtype === 'bool' ? c.data[j] === 1 : c.data[j];
    case 'string':
    case 'object':
      return c.data[j];
    case 'list': {
      const row = c.values.subarray(c.offsets[j]!, c.offsets[j + 1]!);
      return c.feature.feature.dtype === 'bool' ? Array.from(row, (v) => v === 1) : Array.from(row);
    }
  }
}

type TypedCtor = { new (n: number): NumericArray };

/** The widest storage among chunks, so a gather never loses values (Int32Array chunks + Float64Array chunks -> Float64Array). */
function storageFor(arrays: NumericArray[]): TypedCtor {
  const ctor = arrays[0]!.constructor as TypedCtor;
  return arrays.every((a) => a.constructor === ctor) ? ctor : Float64Array;
}

function gather(col: Column, indices: ArrayLike<number>): Chunk {
  const n = indices.length;
  const first = col.chunks[0];
  const kind = first?.kind ?? 'object';
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!(i >= 0 && i < col.length)) throw new RangeError(`row index ${i} out of range for ${col.length} rows`);
  }
  if (kind === 'numeric' && col.chunks.every((c) => c.kind === 'numeric')) {
    const chunks = col.chunks as NumericChunk[];
    const data = new (storageFor(chunks.map((c) => c.data)))(n);
    const withNulls = chunks.some((c) => c.nulls);
    const nulls = withNulls ? new Uint8Array(n) : undefined;
    for (let k = 0; k < n; k++) {
      const [c, j] = col.locate(indices[k]!) as [NumericChunk, number];
      data[k] = c.data[j]!;
      if (nulls && c.nulls) nulls[k] = c.nulls[j]!;
    }
    return { kind: 'numeric', feature: col.feature, data, ...(nulls ? { nulls } : {}) };
  }
  if (kind === 'list' && col.chunks.every((c) => c.kind === 'list')) {
    const chunks = col.chunks as ListChunk[];
    let total = 0;
    for (let k = 0; k < n; k++) {
      const [c, j] = col.locate(indices[k]!) as [ListChunk, number];
      total += c.offsets[j + 1]! - c.offsets[j]!;
    }
    const values = new (storageFor(chunks.map((c) => c.values)))(total);
    const offsets = total <= 0x7fffffff ? new Int32Array(n + 1) : new Float64Array(n + 1);
    let at = 0;
    for (let k = 0; k < n; k++) {
      const [c, j] = col.locate(indices[k]!) as [ListChunk, number];
      const row = c.values.subarray(c.offsets[j]!, c.offsets[j + 1]!);
      values.set(row, at);
      at += row.length;
      offsets[k + 1] = at;
    }
    return { kind: 'list', feature: col.feature as ListFeature, values, offsets };
  }
  const data = new Array<unknown>(n);
  for (let k = 0; k < n; k++) data[k] = col.get(indices[k]!);
  return kind === 'string' && col.chunks.every((c) => c.kind === 'string')
    ? { kind: 'string', feature: col.feature, data: data as (string | null)[] }
    : { kind: 'object', feature: col.feature, data };
}

/** Typed array for a dtype, used when building columns. */
export function arrayFor(dtype: ValueDtype, n: number, fitsInt32 = true): NumericArray {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'int64':
      return fitsInt32 ? new Int32Array(n) : new Float64Array(n);
    default:
      return new Float64Array(n);
  }
}
