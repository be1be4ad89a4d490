// Tensor factories: torch.tensor, zeros/ones/full/empty/arange/linspace/eye, rand/randn/randint and *Like.
import { checkDtype, type AnyTypedArray, type DType } from './dtype.js';
import { deviceArg, type DeviceLike } from './device.js';
import { native } from './native.js';
import { checkOptions } from './options.js';
import { shapeArgs, Tensor, type NestedArray } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  device?: DeviceLike;
  requiresGrad?: boolean;
}

export type TensorData = number | boolean | bigint | NestedArray<number | boolean | bigint> | AnyTypedArray;

const TENSOR_OPTION_KEYS = ['dtype', 'device', 'requiresGrad'];

function opts(o: TensorOptions | undefined, where: string, extraKeys: string[] = []): [DType | undefined, string | undefined, boolean | undefined] {
  checkOptions(where, o, [...TENSOR_OPTION_KEYS, ...extraKeys]);
  return [o?.dtype === undefined ? undefined : checkDtype(o.dtype), deviceArg(o?.device), o?.requiresGrad];
}

type Scalar = number | boolean | bigint;

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}...` : v)})`;
  return typeof v === 'object' ? `an object (${Object.prototype.toString.call(v).slice(8, -1)})` : typeof v;
}

/** Nested arrays (or one scalar) → [flat values, shape], checking that they are rectangular and numeric. */
function flatten(data: unknown): [Scalar[], number[]] {
  const shape: number[] = [];
  for (let d: unknown = data; Array.isArray(d); d = d[0]) shape.push(d.length);
  const flat: Scalar[] = [];
  const walk = (d: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(d)) throw new TypeError(`tensor(): ragged nested array: ${path} is an array, expected a number`);
      if (typeof d !== 'number' && typeof d !== 'boolean' && typeof d !== 'bigint')
        throw new TypeError(`tensor(): ${path} is ${describeValue(d)}; expected a number, boolean or bigint (or nested arrays of them, or a TypedArray)`);
      flat.push(d);
      return;
    }
    if (!Array.isArray(d) || d.length !== shape[depth])
      throw new TypeError(`tensor(): ragged nested array: ${path} has ${Array.isArray(d) ? d.length : 'no'} elements, expected ${shape[depth]}`);
    d.forEach((x, i) => walk(x, depth + 1, `${path}[${i}]`));
  };
  walk(data, 0, 'data');
  return [flat, shape];
}

/** The values each integer dtype holds; floating dtypes take any number (overflow gives ±inf, as in PyTorch). */
const INTEGER_RANGES: Partial<Record<DType, readonly [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
};
const TYPED_ARRAY_DTYPES: [new (n: number) => ArrayLike<number | bigint>, DType][] = [
  [BigInt64Array, 'int64'], [Int32Array, 'int32'], [Int16Array, 'int16'], [Int8Array, 'int8'], [Uint8Array, 'uint8'],
];

/**
 * Throws a RangeError for the first value `dtype` cannot hold: NaN, ±Infinity or a number outside the range of
 * an integer dtype. PyTorch raises for these ("value cannot be converted to type uint8 without overflow"); it
 * also wraps negative values into uint8 (-1 → 255), which tstorch refuses too. Fractions truncate, as in PyTorch.
 */
function checkFits(values: ArrayLike<number | bigint | boolean>, dtype: DType, path: (i: number) => string): void {
  const range = INTEGER_RANGES[dtype];
  if (!range) return;
  const source = TYPED_ARRAY_DTYPES.find(([Ctor]) => values instanceof Ctor)?.[1];
  const sourceRange = source && INTEGER_RANGES[source];
  if (sourceRange && sourceRange[0] >= range[0] && sourceRange[1] <= range[1]) return;
  const [lo, hi] = [Number(range[0]), Number(range[1])];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v === 'boolean') continue;
    const fits = typeof v === 'bigint' ? v >= range[0] && v <= range[1] : Number.isFinite(v) && Math.trunc(v) >= lo && (dtype === 'int64' ? v < 2 ** 63 : Math.trunc(v) <= hi);
    if (!fits)
      throw new RangeError(`tensor(): ${path(i)} = ${String(v)}${typeof v === 'bigint' ? 'n' : ''} does not fit ${dtype} (${range[0]} to ${range[1]}); pass a dtype that holds it`);
  }
}

/** As torch.tensor: integers → int64, any fraction → float32, booleans → bool, unless `dtype` says otherwise. */
export function tensor(data: TensorData, options?: TensorOptions & { shape?: number[] }): Tensor {
  const [dtype, device, requiresGrad] = opts(options, 'tensor', ['shape']);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const shape = options?.shape ?? [data.length];
    if (dtype) checkFits(data as ArrayLike<number | bigint>, dtype, (i) => `data[${i}]`);
    return new Tensor(native.fromTypedArray(data, shape, dtype, device, requiresGrad));
  }
  const [flat, inferredShape] = flatten(data);
  const shape = options?.shape ?? inferredShape;
  const at = (i: number): string => (inferredShape.length === 0 ? 'data' : `data${unravel(i, inferredShape)}`);
  let array: AnyTypedArray;
  let inferred: DType;
  const fraction = flat.some((v) => typeof v === 'number' && !Number.isInteger(v));
  if (flat.length > 0 && flat.every((v) => typeof v === 'boolean')) {
    array = Uint8Array.from(flat as boolean[], Number);
    inferred = 'bool';
  } else if (flat.some((v) => typeof v === 'bigint') && !fraction) {
    checkFits(flat, 'int64', at);
    array = BigInt64Array.from(flat, (v) => BigInt(v));
    inferred = 'int64';
  } else {
    array = Float64Array.from(flat, Number);
    inferred = !fraction && flat.length > 0 ? 'int64' : 'float32';
  }
  checkFits(flat, dtype ?? inferred, at);
  return new Tensor(native.fromTypedArray(array, shape, dtype ?? inferred, device, requiresGrad, inferred === 'bool' ? 'bool' : undefined));
}

/** The nested-array position of flat index `i`: `[1][0]`. */
function unravel(i: number, shape: readonly number[]): string {
  const parts: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    parts.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return parts.map((p) => `[${p}]`).join('');
}

/** Wraps raw little-endian bytes (e.g. a checkpoint's data) as a tensor of `dtype` and `shape`; copies. */
export function fromBytes(bytes: Uint8Array, dtype: DType, shape: number[], options?: Omit<TensorOptions, 'dtype'>): Tensor {
  const [, device, requiresGrad] = opts(options, 'fromBytes');
  return new Tensor(native.fromTypedArray(bytes, shape, undefined, device, requiresGrad, checkDtype(dtype)));
}

type Size = number | bigint;
type ShapeAndOptions = Size[] | [Size[], TensorOptions?] | [...Size[], TensorOptions];
function parseShape(args: ShapeAndOptions): [Size[], TensorOptions | undefined] {
  const last = args[args.length - 1];
  const options = typeof last === 'object' && !Array.isArray(last) ? (last as TensorOptions) : undefined;
  const sizes = (options ? args.slice(0, -1) : args) as (Size | Size[])[];
  return [shapeArgs(sizes), options];
}

/** `zeros(2, 3)`, `zeros([2, 3])`, `zeros([2, 3], { dtype })`. */
export function zeros(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.zeros(shape, ...opts(o, 'zeros')));
}
export function ones(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.ones(shape, ...opts(o, 'ones')));
}
export function empty(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.empty(shape, ...opts(o, 'empty')));
}
export function rand(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.rand(shape, ...opts(o, 'rand')));
}
export function randn(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.randn(shape, ...opts(o, 'randn')));
}
export function full(shape: number[], value: number | boolean, options?: TensorOptions): Tensor {
  return new Tensor(native.full(shape, value, ...opts(options, 'full')));
}
/** `randint(high, shape)` or `randint(low, high, shape)`: integers in [low, high). */
export function randint(lowOrHigh: number, highOrShape: number | number[], shapeOrOptions?: number[] | TensorOptions, options?: TensorOptions): Tensor {
  if (Array.isArray(highOrShape)) return new Tensor(native.randint(0, lowOrHigh, highOrShape, ...opts(shapeOrOptions as TensorOptions, 'randint')));
  if (!Array.isArray(shapeOrOptions)) throw new TypeError('randint(low, high, shape, options?) needs a shape array');
  return new Tensor(native.randint(lowOrHigh, highOrShape, shapeOrOptions, ...opts(options, 'randint')));
}
export function randperm(n: number, options?: Omit<TensorOptions, 'requiresGrad'>): Tensor {
  const [dtype, device] = opts(options, 'randperm');
  return new Tensor(native.randperm(n, dtype, device));
}
/** `arange(end)`, `arange(start, end)`, `arange(start, end, step)`, each with optional options last. */
export function arange(...args: [number, TensorOptions?] | [number, number, TensorOptions?] | [number, number, number, TensorOptions?]): Tensor {
  const last = args[args.length - 1];
  const o = typeof last === 'object' ? (last as TensorOptions) : undefined;
  const nums = (o ? args.slice(0, -1) : args) as number[];
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  return new Tensor(native.arange(start, end, step, ...opts(o, 'arange')));
}
export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  return new Tensor(native.linspace(start, end, steps, ...opts(options, 'linspace')));
}
export function eye(n: number, m?: number, options?: TensorOptions): Tensor {
  return new Tensor(native.eye(n, m, ...opts(options, 'eye')));
}

function likeOptions(t: Tensor, o?: TensorOptions): TensorOptions {
  return { dtype: o?.dtype ?? t.dtype, device: o?.device ?? t.device, requiresGrad: o?.requiresGrad };
}
export const zerosLike = (t: Tensor, o?: TensorOptions): Tensor => zeros(t.shape, likeOptions(t, o));
export const onesLike = (t: Tensor, o?: TensorOptions): Tensor => ones(t.shape, likeOptions(t, o));
export const emptyLike = (t: Tensor, o?: TensorOptions): Tensor => empty(t.shape, likeOptions(t, o));
export const randLike = (t: Tensor, o?: TensorOptions): Tensor => rand(t.shape, likeOptions(t, o));
export const randnLike = (t: Tensor, o?: TensorOptions): Tensor => randn(t.shape, likeOptions(t, o));
export const fullLike = (t: Tensor, value: number | boolean, o?: TensorOptions): Tensor => full(t.shape, value, likeOptions(t, o));
export const randintLike = (t: Tensor, low: number, high: number, o?: TensorOptions): Tensor =>
  randint(low, high, t.shape, { ...likeOptions(t, o), dtype: o?.dtype ?? t.dtype });
