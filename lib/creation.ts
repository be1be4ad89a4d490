// Tensor factories: torch.tensor, zeros/ones/full/empty/arange/linspace/eye, rand/randn/randint and *Like.
import { checkDtype, type AnyTypedArray, type DType } from './dtype.js';
import { deviceArg, type DeviceLike } from './device.js';
import { native } from './native.js';
import { shapeArgs, Tensor, type NestedArray } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  device?: DeviceLike;
  requiresGrad?: boolean;
}

export type TensorData = number | boolean | bigint | NestedArray<number | boolean | bigint> | AnyTypedArray;

function opts(o: TensorOptions | undefined): [DType | undefined, string | undefined, boolean | undefined] {
  return [o?.dtype === undefined ? undefined : checkDtype(o.dtype), deviceArg(o?.device), o?.requiresGrad];
}

/** Nested arrays → [flat values, shape], checking that they are rectangular. */
function flatten(data: NestedArray<number | boolean | bigint>): [(number | boolean | bigint)[], number[]] {
  const shape: number[] = [];
  for (let d: unknown = data; Array.isArray(d); d = d[0]) shape.push(d.length);
  const flat: (number | boolean | bigint)[] = [];
  const walk = (d: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(d)) throw new TypeError(`tensor(): ragged nested array: ${path} is an array, expected a number`);
      if (typeof d !== 'number' && typeof d !== 'boolean' && typeof d !== 'bigint')
        throw new TypeError(`tensor(): ${path || 'data'} is ${d === null ? 'null' : typeof d}; expected numbers, booleans or bigints`);
      flat.push(d);
      return;
    }
    if (!Array.isArray(d) || d.length !== shape[depth])
      throw new TypeError(`tensor(): ragged nested array: ${path || 'data'} has ${Array.isArray(d) ? d.length : 'no'} elements, expected ${shape[depth]}`);
    d.forEach((x, i) => walk(x, depth + 1, `${path}[${i}]`));
  };
  walk(data, 0, '');
  return [flat, shape];
}

/** As torch.tensor: integers → int64, any fraction → float32, booleans → bool, unless `dtype` says otherwise. */
export function tensor(data: TensorData, options?: TensorOptions & { shape?: number[] }): Tensor {
  const [dtype, device, requiresGrad] = opts(options);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
    const shape = options?.shape ?? [data.length];
    return new Tensor(native.fromTypedArray(data, shape, dtype, device, requiresGrad));
  }
  const [flat, inferredShape] = Array.isArray(data) ? flatten(data) : [[data as number | boolean | bigint], []];
  const shape = options?.shape ?? inferredShape;
  let array: AnyTypedArray;
  let inferred: DType;
  if (flat.length > 0 && flat.every((v) => typeof v === 'boolean')) {
    array = Uint8Array.from(flat as boolean[], Number);
    inferred = 'bool';
  } else if (flat.some((v) => typeof v === 'bigint')) {
    array = BigInt64Array.from(flat, (v) => BigInt(v as bigint | number));
    inferred = 'int64';
  } else {
    array = Float64Array.from(flat as number[], Number);
    inferred = flat.every((v) => Number.isInteger(v)) && flat.length > 0 ? 'int64' : 'float32';
  }
  return new Tensor(native.fromTypedArray(array, shape, dtype ?? inferred, device, requiresGrad, inferred === 'bool' ? 'bool' : undefined));
}

/** Wraps raw little-endian bytes (e.g. a checkpoint's data) as a tensor of `dtype` and `shape`; copies. */
export function fromBytes(bytes: Uint8Array, dtype: DType, shape: number[], options?: Omit<TensorOptions, 'dtype'>): Tensor {
  const [, device, requiresGrad] = opts(options);
  return new Tensor(native.fromTypedArray(bytes, shape, undefined, device, requiresGrad, checkDtype(dtype)));
}

type ShapeAndOptions = number[] | [number[], TensorOptions?] | [...number[], TensorOptions];
function parseShape(args: ShapeAndOptions): [number[], TensorOptions | undefined] {
  const last = args[args.length - 1];
  const options = typeof last === 'object' && !Array.isArray(last) ? (last as TensorOptions) : undefined;
  const sizes = (options ? args.slice(0, -1) : args) as (number | number[])[];
  return [shapeArgs(sizes), options];
}

/** `zeros(2, 3)`, `zeros([2, 3])`, `zeros([2, 3], { dtype })`. */
export function zeros(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.zeros(shape, ...opts(o)));
}
export function ones(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.ones(shape, ...opts(o)));
}
export function empty(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.empty(shape, ...opts(o)));
}
export function rand(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.rand(shape, ...opts(o)));
}
export function randn(...args: ShapeAndOptions): Tensor {
  const [shape, o] = parseShape(args);
  return new Tensor(native.randn(shape, ...opts(o)));
}
export function full(shape: number[], value: number | boolean, options?: TensorOptions): Tensor {
  return new Tensor(native.full(shape, value, ...opts(options)));
}
/** `randint(high, shape)` or `randint(low, high, shape)`: integers in [low, high). */
export function randint(lowOrHigh: number, highOrShape: number | number[], shapeOrOptions?: number[] | TensorOptions, options?: TensorOptions): Tensor {
  if (Array.isArray(highOrShape)) return new Tensor(native.randint(0, lowOrHigh, highOrShape, ...opts(shapeOrOptions as TensorOptions)));
  if (!Array.isArray(shapeOrOptions)) throw new TypeError('randint(low, high, shape, options?) needs a shape array');
  return new Tensor(native.randint(lowOrHigh, highOrShape, shapeOrOptions, ...opts(options)));
}
export function randperm(n: number, options?: Omit<TensorOptions, 'requiresGrad'>): Tensor {
  const [dtype, device] = opts(options);
  return new Tensor(native.randperm(n, dtype, device));
}
/** `arange(end)`, `arange(start, end)`, `arange(start, end, step)`, each with optional options last. */
export function arange(...args: [number, TensorOptions?] | [number, number, TensorOptions?] | [number, number, number, TensorOptions?]): Tensor {
  const last = args[args.length - 1];
  const o = typeof last === 'object' ? (last as TensorOptions) : undefined;
  const nums = (o ? args.slice(0, -1) : args) as number[];
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  return new Tensor(native.arange(start, end, step, ...opts(o)));
}
export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  return new Tensor(native.linspace(start, end, steps, ...opts(options)));
}
export function eye(n: number, m?: number, options?: TensorOptions): Tensor {
  return new Tensor(native.eye(n, m, ...opts(options)));
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
