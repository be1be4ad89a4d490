// The Tensor class: a thin TypeScript face over a native handle. The methods that only forward to one native call
// come from cpp/natives.table (TensorMethods, generated); the ones written here add an idiom (options objects,
// overloads, nested arrays, formatting).
import { checkDtype, type AnyTypedArray, type DType } from './dtype.js';
import { Device, deviceArg, type DeviceLike } from './device.js';
import { formatTensor } from './format.js';
import { track } from './memory.js';
import { native, type Handle } from './native.js';
import { arg, TensorMethods } from './tensor-methods.js';

export { arg };

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
/** Dims for reductions: one dim, several, or all when omitted. */
export type Dims = number | number[];
export interface ReduceOptions {
  keepdim?: boolean;
}
/** Nested JS arrays, as `toArray()` returns them. */
export type NestedArray<T> = T | NestedArray<T>[];

export function handles(xs: readonly Tensor[]): Handle[] {
  if (!Array.isArray(xs)) throw new TypeError(`expected an array of Tensors, got ${typeof xs}`);
  return xs.map((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`expected an array of Tensors; element ${i} is ${typeof t}`);
    return t._h;
  });
}
export function wrap(h: Handle): Tensor;
export function wrap(h: Handle | null): Tensor | null;
export function wrap(h: Handle | null): Tensor | null {
  return h === null ? null : new Tensor(h);
}
function wrapPair(p: [Handle, Handle]): [Tensor, Tensor] {
  return [new Tensor(p[0]), new Tensor(p[1])];
}

export class Tensor extends TensorMethods {
  /** @internal the native handle */
  readonly _h: Handle;
  // Each Tensor has its own handle, freed only by dispose() (or with the object, by the GC), so the flag is the
  // truth: `isDisposed` is asked ~80 times a training step (the optimizer checks its parameters) and needs no call.
  #disposed = false;

  /** @internal tensors are made by torch.tensor(), factory functions and ops. */
  constructor(handle: Handle) {
    super();
    this._h = handle;
    track(this);
  }
  /** @internal */
  protected _wrap(h: Handle): Tensor {
    return new Tensor(h);
  }

  // ---- properties ----
  get shape(): number[] {
    return native.shape(this._h);
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    const s = this.shape;
    if (dim === undefined) return s;
    const d = dim < 0 ? dim + s.length : dim;
    if (d < 0 || d >= s.length) throw new RangeError(`dimension ${dim} out of range for a tensor of ${s.length} dims`);
    return s[d]!;
  }
  get ndim(): number {
    return this.shape.length;
  }
  dim(): number {
    return this.ndim;
  }
  get dtype(): DType {
    return native.dtype(this._h);
  }
  get device(): Device {
    return new Device(native.device(this._h));
  }
  get isCuda(): boolean {
    return this.device.type === 'cuda';
  }

  // ---- data out ----
  /** The single value of a one-element tensor (bool as 0/1). */
  item(): number {
    return Number(native.item(this._h));
  }
  /** A copy of the data as a TypedArray (float16/bfloat16 as Float32Array, bool as Uint8Array, int64 as BigInt64Array). */
  data(): AnyTypedArray {
    return native.toTypedArray(this._h);
  }
  /** The data as nested JS arrays of numbers (int64 converted to number, bool to boolean), like `tolist()`. */
  toArray(): NestedArray<number | boolean> {
    const flat = this.data();
    const isBool = this.dtype === 'bool';
    const shape = this.shape;
    let k = 0;
    const build = (d: number): NestedArray<number | boolean> => {
      if (d === shape.length) {
        const v = flat[k++]!;
        return isBool ? v !== 0 : Number(v);
      }
      const out: NestedArray<number | boolean>[] = [];
      for (let i = 0; i < shape[d]!; i++) out.push(build(d + 1));
      return out;
    };
    return build(0);
  }
  tolist(): NestedArray<number | boolean> {
    return this.toArray();
  }
  override toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.isDisposed ? 'tensor(<disposed>)' : this.toString();
  }

  // ---- memory ----
  /** Frees the native memory now. Idempotent; any later use throws. */
  dispose(): void {
    if (this.#disposed) return;
    native.dispose(this._h);
    this.#disposed = true;
  }
  get isDisposed(): boolean {
    return this.#disposed;
  }
  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- conversion ----
  /** `to(dtype)`, `to(device)`, `to(device, dtype)` or `to({ dtype, device, copy })`. */
  to(target: DType | DeviceLike | { dtype?: DType; device?: DeviceLike; copy?: boolean }, dtype?: DType): Tensor {
    let d: DType | undefined;
    let dev: DeviceLike | undefined;
    let copy = false;
    if (target instanceof Device) dev = target;
    else if (typeof target === 'string') {
      if (/^(cpu|cuda)/.test(target)) dev = target;
      else d = checkDtype(target);
    } else if (target && typeof target === 'object') {
      d = target.dtype === undefined ? undefined : checkDtype(target.dtype);
      dev = target.device;
      copy = target.copy ?? false;
    } else throw new TypeError(`to() takes a dtype, a device or { dtype, device }, got ${typeof target}`);
    if (dtype !== undefined) d = checkDtype(dtype);
    return new Tensor(native.to(this._h, d, deviceArg(dev), copy));
  }
  cpu(): Tensor {
    return this.to('cpu');
  }
  cuda(index = 0): Tensor {
    return this.to(`cuda:${index}`);
  }
  float(): Tensor {
    return this.to('float32');
  }
  double(): Tensor {
    return this.to('float64');
  }
  half(): Tensor {
    return this.to('float16');
  }
  bfloat16(): Tensor {
    return this.to('bfloat16');
  }
  long(): Tensor {
    return this.to('int64');
  }
  int(): Tensor {
    return this.to('int32');
  }
  bool(): Tensor {
    return this.to('bool');
  }

  // ---- autograd ----
  get requiresGrad(): boolean {
    return native.requiresGrad(this._h);
  }
  set requiresGrad(value: boolean) {
    native.setRequiresGrad(this._h, value);
  }
  requiresGrad_(value = true): this {
    native.setRequiresGrad(this._h, value);
    return this;
  }
  get isLeaf(): boolean {
    return native.isLeaf(this._h);
  }
  /** The accumulated gradient, or null. A new JS object each time over the same native gradient. */
  get grad(): Tensor | null {
    return wrap(native.grad(this._h));
  }
  set grad(value: Tensor | null) {
    native.setGrad(this._h, value === null ? null : value._h);
  }
  /** The name of the autograd node that made this tensor (e.g. 'AddBackward0'), or null for leaves. */
  get gradFn(): string | null {
    return native.gradFn(this._h);
  }
  retainGrad(): void {
    native.retainGrad(this._h);
  }
  backward(gradient?: Tensor | null, options: { retainGraph?: boolean } = {}): void {
    native.backward(this._h, gradient ? gradient._h : undefined, options.retainGraph ?? false);
  }

  // ---- comparisons ----
  allclose(other: Tensor, options: { rtol?: number; atol?: number; equalNan?: boolean } = {}): boolean {
    return native.allclose(this._h, other._h, options.rtol, options.atol, options.equalNan);
  }

  // ---- reductions ----
  sum(dim?: Dims | null, options: ReduceOptions & { dtype?: DType } = {}): Tensor {
    return new Tensor(native.sum(this._h, dim, options.keepdim, options.dtype));
  }
  mean(dim?: Dims | null, options: ReduceOptions & { dtype?: DType } = {}): Tensor {
    return new Tensor(native.mean(this._h, dim, options.keepdim, options.dtype));
  }
  prod(dim?: number | null, options: ReduceOptions = {}): Tensor {
    return new Tensor(native.prod(this._h, dim, options.keepdim));
  }
  /** Without dim: the largest value. With dim: `[values, indices]` along it. */
  max(): Tensor;
  max(dim: number, options?: ReduceOptions): [Tensor, Tensor];
  max(dim?: number, options: ReduceOptions = {}): Tensor | [Tensor, Tensor] {
    if (dim === undefined) return new Tensor(native.max(this._h));
    return wrapPair(native.max(this._h, dim, options.keepdim));
  }
  min(): Tensor;
  min(dim: number, options?: ReduceOptions): [Tensor, Tensor];
  min(dim?: number, options: ReduceOptions = {}): Tensor | [Tensor, Tensor] {
    if (dim === undefined) return new Tensor(native.min(this._h));
    return wrapPair(native.min(this._h, dim, options.keepdim));
  }
  argmax(dim?: number | null, options: ReduceOptions = {}): Tensor {
    return new Tensor(native.argmax(this._h, dim, options.keepdim));
  }
  argmin(dim?: number | null, options: ReduceOptions = {}): Tensor {
    return new Tensor(native.argmin(this._h, dim, options.keepdim));
  }
  std(dim?: Dims | null, options: ReduceOptions & { correction?: number } = {}): Tensor {
    return new Tensor(native.std(this._h, dim, options.correction, options.keepdim));
  }
  var(dim?: Dims | null, options: ReduceOptions & { correction?: number } = {}): Tensor {
    return new Tensor(native.var(this._h, dim, options.correction, options.keepdim));
  }
  norm(p = 2, dim?: Dims | null, options: ReduceOptions = {}): Tensor {
    return new Tensor(native.norm(this._h, p, dim, options.keepdim));
  }
  all(dim?: number | null, options: ReduceOptions = {}): Tensor {
    return new Tensor(native.all(this._h, dim, options.keepdim));
  }
  any(dim?: number | null, options: ReduceOptions = {}): Tensor {
    return new Tensor(native.any(this._h, dim, options.keepdim));
  }
  logsumexp(dim: Dims, options: ReduceOptions = {}): Tensor {
    return new Tensor(native.logsumexp(this._h, typeof dim === 'number' ? [dim] : dim, options.keepdim));
  }
  cumsum(dim: number, options: { dtype?: DType } = {}): Tensor {
    return new Tensor(native.cumsum(this._h, dim, options.dtype));
  }
  softmax(dim: number, options: { dtype?: DType } = {}): Tensor {
    return new Tensor(native.softmax(this._h, dim, options.dtype));
  }
  logSoftmax(dim: number, options: { dtype?: DType } = {}): Tensor {
    return new Tensor(native.logSoftmax(this._h, dim, options.dtype));
  }
  topk(k: number, dim = -1, options: { largest?: boolean; sorted?: boolean } = {}): [Tensor, Tensor] {
    return wrapPair(native.topk(this._h, k, dim, options.largest, options.sorted));
  }
  sort(dim = -1, options: { descending?: boolean } = {}): [Tensor, Tensor] {
    return wrapPair(native.sort(this._h, dim, options.descending));
  }
  argsort(dim = -1, options: { descending?: boolean } = {}): Tensor {
    return new Tensor(native.argsort(this._h, dim, options.descending));
  }

  // ---- shape ----
  reshape(...shape: number[] | [number[]]): Tensor {
    return new Tensor(native.reshape(this._h, shapeArgs(shape)));
  }
  view(...shape: number[] | [number[]]): Tensor {
    return new Tensor(native.view(this._h, shapeArgs(shape)));
  }
  viewAs(other: Tensor): Tensor {
    return this.view(other.shape);
  }
  /** The transpose of a 2-D tensor (`x.T` in PyTorch). */
  t(): Tensor {
    if (this.ndim > 2) throw new RangeError(`t() expects a tensor with <= 2 dims, got ${this.ndim}; use transpose()`);
    return this.ndim < 2 ? this : this.transpose(0, 1);
  }
  get T(): Tensor {
    return this.t();
  }
  permute(...dims: number[] | [number[]]): Tensor {
    return new Tensor(native.permute(this._h, shapeArgs(dims)));
  }
  expand(...shape: number[] | [number[]]): Tensor {
    return new Tensor(native.expand(this._h, shapeArgs(shape)));
  }
  expandAs(other: Tensor): Tensor {
    return this.expand(other.shape);
  }
  repeat(...repeats: number[] | [number[]]): Tensor {
    return new Tensor(native.repeat(this._h, shapeArgs(repeats)));
  }
  split(sizeOrSections: number | number[], dim = 0): Tensor[] {
    return native.split(this._h, sizeOrSections, dim).map((h) => new Tensor(h));
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return native.chunk(this._h, chunks, dim).map((h) => new Tensor(h));
  }

  // ---- indexing ----
  /** `x[start:end:step]` along `dim`. */
  /**
   * Advanced indexing with index tensors, one entry per leading dim (`null` keeps the whole dim):
   * `x.index([idx])` is `x[idx]`, `x.index([null, idx])` is `x[:, idx]`, a bool mask selects.
   */
  /** `x[idx]` / `x[mask]` in PyTorch: one index tensor (int64 indices or a bool mask) or a list, null for `:`. */
  index(indices: Tensor | (Tensor | null)[]): Tensor {
    return new Tensor(native.index(this._h, indexHandles(indices, 'index')));
  }
  indexPut_(indices: Tensor | (Tensor | null)[], values: Tensor, accumulate = false): this {
    native.indexPut_(this._h, indexHandles(indices, 'indexPut_'), values._h, accumulate);
    return this;
  }
  where(condition: Tensor, other: TensorOrScalar): Tensor {
    return new Tensor(native.where(condition._h, this._h, arg(other)));
  }
}

/** `f(2, 3)` and `f([2, 3])` both mean shape [2, 3]. */
function indexHandles(indices: Tensor | (Tensor | null)[], where: string): (Handle | null)[] {
  if (indices instanceof Tensor) return [indices._h];
  if (!Array.isArray(indices)) throw new TypeError(`${where}: indices must be a Tensor or an array of Tensors (null for a full slice), got ${typeof indices}`);
  return indices.map((t, i) => {
    if (t === null) return null;
    if (!(t instanceof Tensor)) throw new TypeError(`${where}: indices[${i}] must be a Tensor or null, got ${typeof t}`);
    return t._h;
  });
}

export function shapeArgs(args: readonly (number | bigint | readonly (number | bigint)[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...args[0]] as number[];
  args.forEach((a, i) => {
    if (typeof a !== 'number' && typeof a !== 'bigint')
      throw new TypeError(`expected sizes as integers or one array of integers, but size ${i} is ${Array.isArray(a) ? 'an array' : typeof a}`);
  });
  // bigint sizes pass through: the addon reads integers given as numbers or bigints (as PyTorch takes ints)
  return args as number[];
}
