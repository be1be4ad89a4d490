// Builds columns from JavaScript values (map outputs, JSON rows, Parquet data), inferring the type the way
// `datasets`/Arrow does: integers -> int64, any float -> float64, strings, bools, lists of numbers.
// Like `datasets`' OptimizedTypedSequence, tokenizer columns get small ints: input_ids int32,
// attention_mask / token_type_ids / special_tokens_mask int8 (widened if a value does not fit).
import { arrayFor, chunkValue, Column, type Chunk, type NumericArray } from './columns.js';
import { promoteDtype, sameFeature, describeFeature, type Feature, type ListFeature, type ValueDtype } from './features.js';

const OPTIMIZED_INT: Record<string, ValueDtype> = {
  input_ids: 'int32',
  attention_mask: 'int8',
  special_tokens_mask: 'int8',
  token_type_ids: 'int8',
};
const RANGE: Partial<Record<ValueDtype, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

const TYPED_DTYPE = new Map<unknown, ValueDtype>([
  [Int8Array, 'int8'], [Int16Array, 'int16'], [Int32Array, 'int32'], [Uint8Array, 'uint8'], [Uint16Array, 'uint16'],
  [Uint32Array, 'uint32'], [Float32Array, 'float32'], [Float64Array, 'float64'], [BigInt64Array, 'int64'],
]);

const isTyped = (v: unknown): v is ArrayLike<number | bigint> => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** int dtype for integers in [min, max]: the column's optimized type when they fit, else int64. */
function intDtype(name: string, min: number, max: number): ValueDtype {
  const opt = OPTIMIZED_INT[name];
  const r = opt && RANGE[opt];
  return r && min >= r[0] && max <= r[1] ? opt : 'int64';
}
const fitsInt32 = (min: number, max: number) => min >= -2147483648 && max <= 2147483647;

function mixed(name: string, row: number, expected: string, got: unknown): TypeError {
  const what = got === null ? 'null' : Array.isArray(got) ? 'a list' : typeof got;
  return new TypeError(`column "${name}": row ${row} is ${what} but earlier rows are ${expected}; a column needs one type`);
}

/** A one-chunk column from row values. */
export function columnFromValues(name: string, values: ArrayLike<unknown>): Column {
  const chunk = chunkFromValues(name, values);
  return new Column(chunk.feature, [chunk]);
}

export function chunkFromValues(name: string, values: ArrayLike<unknown>): Chunk {
  if (isTyped(values)) return numericFromTyped(values);
  const n = values.length;
  let first: unknown = null;
  for (let i = 0; i < n && first === null; i++) first = values[i] ?? null;
  if (first === null) return { kind: 'object', feature: { dtype: 'null' }, data: Array.from(values, () => null) };
  if (typeof first === 'number' || typeof first === 'bigint') return numericFromValues(name, values);
  if (typeof first === 'boolean') return boolFromValues(name, values);
  if (typeof first === 'string') {
    const data = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const v = values[i] ?? null;
      if (v !== null && typeof v !== 'string') throw mixed(name, i, 'strings', v);
      data[i] = v;
    }
    return { kind: 'string', feature: { dtype: 'string' }, data };
  }
  if (Array.isArray(first) || isTyped(first)) {
    const list = listFromValues(name, values);
    if (list) return list;
  }
  return { kind: 'object', feature: inferFeature(first), data: Array.from(values, (v) => v ?? null) };
}

function numericFromTyped(values: ArrayLike<number | bigint>): Chunk {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    return numericFromValues('', Array.from(values));
  }
  const dtype = TYPED_DTYPE.get(values.constructor) ?? 'float64';
  return { kind: 'numeric', feature: { dtype }, data: (values as NumericArray).slice() };
}

function numericFromValues(name: string, values: ArrayLike<unknown>): Chunk {
  const n = values.length;
  let isInt = true;
  let min = 0;
  let max = 0;
  let hasNull = false;
  let unsafe = false;
  for (let i = 0; i < n; i++) {
    let v = values[i] ?? null;
    if (v === null) {
      hasNull = true;
      continue;
    }
    if (typeof v === 'bigint') {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) unsafe = true;
      v = Number(v);
    } else if (typeof v !== 'number') throw mixed(name, i, 'numbers', v);
    const x = v as number;
    if (isInt && !Number.isInteger(x)) isInt = false;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (unsafe) {
    // Keep exact 64-bit values (e.g. Parquet ids) as BigInt.
    return { kind: 'object', feature: { dtype: 'int64' }, data: Array.from(values, (v) => (v === undefined ? null : v)) };
  }
  const dtype: ValueDtype = isInt ? intDtype(name, min, max) : 'float64';
  const data = arrayFor(dtype, n, fitsInt32(min, max));
  const nulls = hasNull ? new Uint8Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? null;
    if (v === null) nulls![i] = 1;
    else data[i] = Number(v);
  }
  return { kind: 'numeric', feature: { dtype }, data, ...(nulls ? { nulls } : {}) };
}

function boolFromValues(name: string, values: ArrayLike<unknown>): Chunk {
  const n = values.length;
  const data = new Uint8Array(n);
  let nulls: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? null;
    if (v === null) (nulls ??= new Uint8Array(n))[i] = 1;
    else if (typeof v !== 'boolean') throw mixed(name, i, 'booleans', v);
    else data[i] = v ? 1 : 0;
  }
  return { kind: 'numeric', feature: { dtype: 'bool' }, data, ...(nulls ? { nulls } : {}) };
}

/** Lists of numbers as flat values + offsets; undefined when rows hold other things (strings, nested lists, nulls). */
function listFromValues(name: string, values: ArrayLike<unknown>): Chunk | undefined {
  const n = values.length;
  let total = 0;
  let isInt = true;
  let isBool = true;
  let sawElements = false; // any element in a plain JS array
  let min = 0;
  let max = 0;
  let typed: ValueDtype | undefined; // promoted dtype of typed-array rows
  for (let i = 0; i < n; i++) {
    const row = values[i];
    if (row === null || row === undefined) return undefined;
    if (isTyped(row)) {
      const d = TYPED_DTYPE.get(row.constructor) ?? 'float64';
      if (row instanceof BigInt64Array || row instanceof BigUint64Array) return undefined; // rare: kept as objects
      typed = typed === undefined ? d : promoteDtype(typed, d) ?? 'float64';
      total += row.length;
      continue;
    }
    if (!Array.isArray(row)) throw mixed(name, i, 'lists', row);
    total += row.length;
    if (row.length > 0) sawElements = true;
    for (let k = 0; k < row.length; k++) {
      const x = row[k];
      if (typeof x === 'number') {
        isBool = false;
        if (isInt && !Number.isInteger(x)) isInt = false;
        if (x < min) min = x;
        else if (x > max) max = x;
      } else if (typeof x === 'boolean') {
        if (!isBool) return undefined;
      } else return undefined;
    }
  }
  const jsDtype = sawElements ? (isBool ? 'bool' : isInt ? intDtype(name, min, max) : 'float64') : undefined;
  const dtype: ValueDtype =
    typed && jsDtype ? promoteDtype(typed, jsDtype) ?? 'float64' : typed ?? jsDtype ?? intDtype(name, 0, 0);
  const values2 = arrayFor(dtype, total, fitsInt32(min, max));
  const offsets = total <= 0x7fffffff ? new Int32Array(n + 1) : new Float64Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const row = values[i] as ArrayLike<number | boolean>;
    if (isTyped(row)) values2.set(row as ArrayLike<number>, at);
    else for (let k = 0; k < row.length; k++) values2[at + k] = +row[k]!;
    at += row.length;
    offsets[i + 1] = at;
  }
  return { kind: 'list', feature: { dtype: 'list', feature: { dtype } }, values: values2, offsets };
}

/** Feature of a JavaScript value, for columns kept as objects. */
export function inferFeature(v: unknown): Feature {
  if (v === null || v === undefined) return { dtype: 'null' };
  if (typeof v === 'string') return { dtype: 'string' };
  if (typeof v === 'boolean') return { dtype: 'bool' };
  if (typeof v === 'bigint') return { dtype: 'int64' };
  if (typeof v === 'number') return { dtype: Number.isInteger(v) ? 'int64' : 'float64' };
  if (isTyped(v)) return { dtype: 'list', feature: { dtype: TYPED_DTYPE.get(v.constructor) ?? 'float64' } };
  if (Array.isArray(v)) {
    const item = v.find((x) => x !== null && x !== undefined);
    return { dtype: 'list', feature: inferFeature(item ?? null) };
  }
  return { dtype: 'object' };
}

/** Joins columns (e.g. one per map batch) into one, promoting types that differ between them. */
export function concatColumns(name: string, cols: Column[]): Column {
  if (cols.length === 1) return cols[0]!;
  let feature = cols[0]!.feature;
  for (const c of cols.slice(1)) {
    const next = unify(feature, c.feature);
    if (!next) {
      throw new TypeError(
        `column "${name}" changes type between batches: ${describeFeature(feature)} then ${describeFeature(c.feature)}`,
      );
    }
    feature = next;
  }
  const chunks = cols.flatMap((c) => (sameFeature(c.feature, feature) ? c.chunks : c.chunks.map((k) => castChunk(name, k, feature))));
  return new Column(feature, chunks);
}

function unify(a: Feature, b: Feature): Feature | undefined {
  if (sameFeature(a, b)) return a;
  if (a.dtype === 'null') return b;
  if (b.dtype === 'null') return a;
  if ('names' in a || 'names' in b) return a.dtype === b.dtype ? ('names' in a ? a : b) : undefined;
  if (a.dtype === 'list' && b.dtype === 'list') {
    const inner = unify((a as ListFeature).feature, (b as ListFeature).feature);
    return inner && { dtype: 'list', feature: inner };
  }
  if (a.dtype === 'list' || b.dtype === 'list' || a.dtype === 'object' || b.dtype === 'object') return undefined;
  if (a.dtype === 'image' || b.dtype === 'image' || a.dtype === 'audio' || b.dtype === 'audio') return undefined;
  const d = promoteDtype(a.dtype, b.dtype);
  return d && { dtype: d };
}

/** Re-encodes a chunk with a wider feature (int8 -> int64, int -> float64, null -> anything). */
function castChunk(name: string, c: Chunk, feature: Feature): Chunk {
  const n = c.kind === 'list' ? c.offsets.length - 1 : c.data.length;
  const rows = new Array<unknown>(n);
  for (let i = 0; i < n; i++) rows[i] = chunkValue(c, i);
  if (feature.dtype === 'list' && c.kind === 'list') {
    const inner = (feature as ListFeature).feature.dtype as ValueDtype;
    const values = arrayFor(inner, c.values.length, false);
    values.set(c.values);
    return { kind: 'list', feature: feature as ListFeature, values, offsets: c.offsets };
  }
  const rebuilt = chunkFromValues('', rows);
  if (rebuilt.kind === 'numeric' && feature.dtype !== 'list' && feature.dtype !== 'object' && feature.dtype !== 'string') {
    const data = arrayFor(feature.dtype as ValueDtype, n, false);
    data.set(rebuilt.data);
    return { ...rebuilt, feature, data };
  }
  if (rebuilt.kind === 'object' && rebuilt.feature.dtype === 'null') {
    // All-null chunk joining a typed column.
    if (feature.dtype === 'string') return { kind: 'string', feature, data: rows as null[] };
    if (feature.dtype === 'list') return { kind: 'object', feature, data: rows };
    const data = arrayFor(feature.dtype as ValueDtype, n, false);
    return { kind: 'numeric', feature, data, nulls: new Uint8Array(n).fill(1) };
  }
  if (rebuilt.kind === 'string' && feature.dtype !== 'string') {
    throw new TypeError(`column "${name}" mixes strings with ${describeFeature(feature)} values`);
  }
  return { ...rebuilt, feature } as Chunk;
}
