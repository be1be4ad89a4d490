// Turning what users pass (arrays, typed arrays, tensors) into flat columns of numbers, with the
// same per-example checks the `evaluate` library applies through its feature types.

/**
 * Anything tensor-shaped: the core `Tensor` satisfies it (`data()` gives a TypedArray, BigInt64Array for
 * int64). Declared here so that metrics do not depend on the native core.
 */
export interface TensorLike {
  data(): ArrayLike<number | bigint>;
  readonly shape: readonly number[];
}

/** Objects that can give their values as (possibly nested) arrays. */
export interface ToArrayLike {
  toArray(): unknown;
}

/** One batch of predictions or references: one value per example, or one row per example (mse multi-output). */
export type MetricInput =
  | ArrayLike<number>
  | ArrayLike<bigint>
  | ReadonlyArray<ArrayLike<number>>
  | TensorLike
  | ToArrayLike;

/** One example: a number (or a row of numbers for multi-output regression). */
export type ExampleInput = number | bigint | ArrayLike<number> | TensorLike | ToArrayLike;

/** A batch as a flat row-major buffer: `rows` examples of `width` values (width null: a scalar per example). */
export interface Column {
  values: number[];
  rows: number;
  width: number | null;
}

/** How `evaluate` stores a column: Value('int32') for class ids, Value('float') (float32) for regression. */
export type FeatureType = 'int32' | 'float32';

export function toColumn(input: unknown, what: string, feature: FeatureType, allowRows: boolean): Column {
  const { values, shape } = flatten(input, what);
  let col: Column;
  if (shape.length === 1) col = { values, rows: shape[0]!, width: null };
  // a column vector [n, 1] is one value per example (sklearn's column_or_1d; one output for regression)
  else if (shape.length === 2 && shape[1] === 1) col = { values, rows: shape[0]!, width: null };
  else if (shape.length === 2 && allowRows) col = { values, rows: shape[0]!, width: shape[1]! };
  else if (shape.length === 2) {
    throw new TypeError(
      `${what} has shape [${shape.join(', ')}], expected one class id per example (shape [n]); ` +
        `for logits take the class first, e.g. torch.argmax(logits, -1)`,
    );
  } else {
    throw new TypeError(`${what} has shape [${shape.join(', ')}], expected ${allowRows ? '[n] or [n, outputs]' : '[n]'}`);
  }
  encode(col.values, what, feature);
  return col;
}

/** A single example (`add`): a scalar, or a row for multi-output metrics. */
export function exampleToColumn(input: unknown, what: string, feature: FeatureType, allowRows: boolean): Column {
  if (typeof input === 'number' || typeof input === 'bigint') return toColumn([input], what, feature, allowRows);
  const { values, shape } = flatten(input, what);
  if (shape.length === 0 || (shape.length === 1 && shape[0] === 1 && !allowRows)) return toColumn(values, what, feature, false);
  if (shape.length === 1 && allowRows) return toColumn([values], what, feature, true);
  throw new TypeError(`${what} must be a single ${allowRows ? 'number or row of numbers' : 'number'}, got shape [${shape.join(', ')}]`);
}

function flatten(input: unknown, what: string): { values: number[]; shape: number[] } {
  if (input === null || input === undefined) throw new TypeError(`${what} is missing`);
  if (typeof input === 'object' && typeof (input as TensorLike).data === 'function' && Array.isArray((input as TensorLike).shape)) {
    const t = input as TensorLike;
    const raw = t.data();
    const shape = [...t.shape];
    const size = shape.reduce((a, b) => a * b, 1);
    if (raw.length !== size) throw new TypeError(`${what}: data() returned ${raw.length} values for shape [${shape.join(', ')}]`);
    return { values: toNumbers(raw, what), shape };
  }
  if (typeof input === 'object' && typeof (input as ToArrayLike).toArray === 'function') {
    return flatten((input as ToArrayLike).toArray(), what);
  }
  if (typeof input === 'number' || typeof input === 'bigint') return { values: toNumbers([input], what), shape: [] };
  if (typeof input === 'object' && typeof (input as ArrayLike<unknown>).length === 'number') {
    const arr = input as ArrayLike<unknown>;
    if (arr.length > 0 && typeof arr[0] === 'object' && arr[0] !== null) return flattenRows(arr, what);
    return { values: toNumbers(arr, what), shape: [arr.length] };
  }
  throw new TypeError(`${what} must be an array of numbers, a typed array or a tensor, got ${typeof input}`);
}

function flattenRows(arr: ArrayLike<unknown>, what: string): { values: number[]; shape: number[] } {
  const values: number[] = [];
  let width = -1;
  for (let i = 0; i < arr.length; i++) {
    const row = flatten(arr[i], `${what}[${i}]`);
    if (row.shape.length !== 1) throw new TypeError(`${what}[${i}] must be a flat row of numbers, got shape [${row.shape.join(', ')}]`);
    if (width === -1) width = row.shape[0]!;
    else if (row.shape[0] !== width) throw new TypeError(`${what}: rows have different lengths (${width} and ${row.shape[0]} at row ${i})`);
    for (const v of row.values) values.push(v);
  }
  return { values, shape: [arr.length, width] };
}

function toNumbers(arr: ArrayLike<unknown>, what: string): number[] {
  const out = new Array<number>(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'bigint') {
      const n = Number(v);
      if (!Number.isSafeInteger(n)) throw new RangeError(`${what}[${i}] = ${v} does not fit a JS number`);
      out[i] = n;
    } else throw new TypeError(`${what}[${i}] must be a number, got ${v === null ? 'null' : typeof v}`);
  }
  return out;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Apply the feature type in place, as `evaluate` does when it writes a batch (int32 check / float32 rounding). */
function encode(values: number[], what: string, feature: FeatureType): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (feature === 'int32') {
      if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
        throw new TypeError(
          `${what}[${i}] = ${v} is not a class id: this metric takes integer labels (int32), ` +
            `e.g. torch.argmax(logits, -1) rather than logits or probabilities`,
        );
      }
    } else {
      // evaluate keeps regression inputs as Value('float') = float32, so its numbers are float32-rounded
      const f = Math.fround(v);
      if (!Number.isFinite(f)) throw new RangeError(`${what}[${i}] = ${v} is not finite in float32 (sklearn rejects NaN and infinity)`);
      values[i] = f;
    }
  }
}
