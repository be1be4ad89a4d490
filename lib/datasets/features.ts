// Column types, in the shape of `datasets` Features: `{ text: { dtype: 'string' }, label: { dtype: 'int64' } }`.

export type ValueDtype =
  | 'null' | 'bool'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'float32' | 'float64'
  | 'string';

/** A scalar column (`datasets.Value`). */
export interface ValueFeature {
  dtype: ValueDtype;
}
/** Integer class ids with names (`datasets.ClassLabel`): stored as int64. */
export interface ClassLabelFeature {
  dtype: 'int64';
  names: string[];
}
/** A list per row (`datasets.Sequence` / `List`), e.g. `input_ids`: `{ dtype: 'list', feature: { dtype: 'int32' } }`. */
export interface ListFeature {
  dtype: 'list';
  feature: Feature;
}
/** Values kept as JavaScript objects (nested dicts, mixed nesting) — `datasets` would call them structs. */
export interface ObjectFeature {
  dtype: 'object';
}
/** Images stored as `{ bytes, path }`, decoded to RGB on read when `decode` (`datasets.Image`). */
export interface ImageFeature {
  dtype: 'image';
  decode: boolean;
}
/** Audio stored as `{ bytes, path }`, decoded (and resampled to `samplingRate`) on read when `decode` (`datasets.Audio`). */
export interface AudioFeature {
  dtype: 'audio';
  samplingRate: number | null;
  mono: boolean;
  decode: boolean;
}
export type Feature = ValueFeature | ClassLabelFeature | ListFeature | ObjectFeature | ImageFeature | AudioFeature;
export type Features = Record<string, Feature>;

export const isIntDtype = (d: string): boolean => /^u?int(8|16|32|64)$/.test(d);
export const isFloatDtype = (d: string): boolean => d === 'float32' || d === 'float64';
export const isNumericDtype = (d: string): boolean => isIntDtype(d) || isFloatDtype(d) || d === 'bool';

const RANK: Record<string, number> = {
  null: 0, bool: 1, uint8: 2, int8: 2, uint16: 3, int16: 3, uint32: 4, int32: 4, uint64: 5, int64: 5, float32: 6, float64: 7,
};

/** Common type of two numeric dtypes, as Arrow promotes them when chunks are combined (ints -> int64, any float -> float64). */
export function promoteDtype(a: ValueDtype, b: ValueDtype): ValueDtype | undefined {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (a === 'string' || b === 'string') return undefined;
  if (isFloatDtype(a) || isFloatDtype(b)) return 'float64';
  if (a === 'bool' || b === 'bool' || a.startsWith('u') !== b.startsWith('u')) return 'int64';
  return RANK[a]! >= RANK[b]! ? a : b;
}

export function sameFeature(a: Feature, b: Feature): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeFeature(f: Feature): string {
  if (f.dtype === 'list') return `list<${describeFeature((f as ListFeature).feature)}>`;
  if ('names' in f) return `ClassLabel(${f.names.length})`;
  if (f.dtype === 'audio') return `Audio(samplingRate=${f.samplingRate})`;
  if (f.dtype === 'image') return 'Image';
  return f.dtype;
}
