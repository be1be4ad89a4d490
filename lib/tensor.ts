// The Tensor class: a thin TypeScript face over a native handle. Every method is one native call; argument
// order for each native function is documented beside its TS_FUNCTION in cpp/.
import { checkDtype, type AnyTypedArray, type DType } from './dtype.js';
import { Device, deviceArg, type DeviceLike } from './device.js';
import { formatTensor } from './format.js';
import { track } from './memory.js';
import { native, type Handle } from './native.js';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
/** Dims for reductions: one dim, several, or all when omitted. */
export type Dims = number | number[];
export interface ReduceOptions {
  keepdim?: boolean;
}
/** Nested JS arrays, as `toArray()` returns them. */
export type NestedArray<T> = T | NestedArray<T>[];

/** The handle of a tensor argument, or the number itself. */
export function arg(x: TensorOrScalar | null | undefined): Handle | Scalar | null | undefined {
  return x instanceof Tensor ? x._h : x;
}
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

export class Tensor {
  /** @internal the native handle */
  readonly _h: Handle;

  /** @internal tensors are made by torch.tensor(), factory functions and ops. */
  constructor(handle: Handle) {
    this._h = handle;
    track(this);
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
    return new Device(native.device(this._h) as string);
  }
  get isCuda(): boolean {
    return this.device.type === 'cuda';
  }
  numel(): number {
    return native.numel(this._h);
  }
  stride(): number[] {
    return native.stride(this._h);
  }
  isContiguous(): boolean {
    return native.isContiguous(this._h);
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
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.isDisposed ? 'tensor(<disposed>)' : this.toString();
  }

  // ---- memory ----
  /** Frees the native memory now. Idempotent; any later use throws. */
  dispose(): void {
    if (!native.isDisposed(this._h)) native.dispose(this._h);
  }
  get isDisposed(): boolean {
    return native.isDisposed(this._h);
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
  clone(): Tensor {
    return new Tensor(native.clone(this._h));
  }
  detach(): Tensor {
    return new Tensor(native.detach(this._h));
  }
  detach_(): this {
    native.detach_(this._h);
    return this;
  }
  contiguous(): Tensor {
    return new Tensor(native.contiguous(this._h));
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

  // ---- arithmetic (PyTorch broadcasting and type promotion) ----
  add(other: TensorOrScalar, alpha?: number): Tensor {
    return new Tensor(native.add(this._h, arg(other), alpha));
  }
  add_(other: TensorOrScalar, alpha?: number): this {
    native.add_(this._h, arg(other), alpha);
    return this;
  }
  sub(other: TensorOrScalar, alpha?: number): Tensor {
    return new Tensor(native.sub(this._h, arg(other), alpha));
  }
  sub_(other: TensorOrScalar, alpha?: number): this {
    native.sub_(this._h, arg(other), alpha);
    return this;
  }
  mul(other: TensorOrScalar): Tensor {
    return new Tensor(native.mul(this._h, arg(other)));
  }
  mul_(other: TensorOrScalar): this {
    native.mul_(this._h, arg(other));
    return this;
  }
  div(other: TensorOrScalar, roundingMode?: 'trunc' | 'floor'): Tensor {
    return new Tensor(native.div(this._h, arg(other), roundingMode));
  }
  div_(other: TensorOrScalar, roundingMode?: 'trunc' | 'floor'): this {
    native.div_(this._h, arg(other), roundingMode);
    return this;
  }
  pow(exponent: TensorOrScalar): Tensor {
    return new Tensor(native.pow(this._h, arg(exponent)));
  }
  pow_(exponent: TensorOrScalar): this {
    native.pow_(this._h, arg(exponent));
    return this;
  }
  remainder(other: TensorOrScalar): Tensor {
    return new Tensor(native.remainder(this._h, arg(other)));
  }
  fmod(other: TensorOrScalar): Tensor {
    return new Tensor(native.fmod(this._h, arg(other)));
  }
  maximum(other: Tensor): Tensor {
    return new Tensor(native.maximum(this._h, other._h));
  }
  minimum(other: Tensor): Tensor {
    return new Tensor(native.minimum(this._h, other._h));
  }
  clamp(min?: number | null, max?: number | null): Tensor {
    return new Tensor(native.clamp(this._h, min, max));
  }
  clamp_(min?: number | null, max?: number | null): this {
    native.clamp_(this._h, min, max);
    return this;
  }
  addcmul(t1: Tensor, t2: Tensor, value = 1): Tensor {
    return new Tensor(native.addcmul(this._h, t1._h, t2._h, value));
  }
  addcdiv(t1: Tensor, t2: Tensor, value = 1): Tensor {
    return new Tensor(native.addcdiv(this._h, t1._h, t2._h, value));
  }
  lerp(end: Tensor, weight: TensorOrScalar): Tensor {
    return new Tensor(native.lerp(this._h, end._h, arg(weight)));
  }
  fill_(value: TensorOrScalar): this {
    native.fill_(this._h, arg(value));
    return this;
  }
  zero_(): this {
    native.zero_(this._h);
    return this;
  }
  copy_(src: Tensor): this {
    native.copy_(this._h, src._h);
    return this;
  }
  normal_(mean = 0, std = 1): this {
    native.normal_(this._h, mean, std);
    return this;
  }
  uniform_(from = 0, to = 1): this {
    native.uniform_(this._h, from, to);
    return this;
  }

  // ---- unary math ----
  neg(): Tensor { return new Tensor(native.neg(this._h)); }
  neg_(): this { native.neg_(this._h); return this; }
  abs(): Tensor { return new Tensor(native.abs(this._h)); }
  abs_(): this { native.abs_(this._h); return this; }
  exp(): Tensor { return new Tensor(native.exp(this._h)); }
  exp_(): this { native.exp_(this._h); return this; }
  log(): Tensor { return new Tensor(native.log(this._h)); }
  log_(): this { native.log_(this._h); return this; }
  log1p(): Tensor { return new Tensor(native.log1p(this._h)); }
  sqrt(): Tensor { return new Tensor(native.sqrt(this._h)); }
  sqrt_(): this { native.sqrt_(this._h); return this; }
  rsqrt(): Tensor { return new Tensor(native.rsqrt(this._h)); }
  sin(): Tensor { return new Tensor(native.sin(this._h)); }
  cos(): Tensor { return new Tensor(native.cos(this._h)); }
  tanh(): Tensor { return new Tensor(native.tanh(this._h)); }
  tanh_(): this { native.tanh_(this._h); return this; }
  sigmoid(): Tensor { return new Tensor(native.sigmoid(this._h)); }
  sigmoid_(): this { native.sigmoid_(this._h); return this; }
  relu(): Tensor { return new Tensor(native.relu(this._h)); }
  relu_(): this { native.relu_(this._h); return this; }
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor { return new Tensor(native.gelu(this._h, approximate)); }
  silu(): Tensor { return new Tensor(native.silu(this._h)); }
  floor(): Tensor { return new Tensor(native.floor(this._h)); }
  ceil(): Tensor { return new Tensor(native.ceil(this._h)); }
  round(): Tensor { return new Tensor(native.round(this._h)); }
  sign(): Tensor { return new Tensor(native.sign(this._h)); }
  reciprocal(): Tensor { return new Tensor(native.reciprocal(this._h)); }
  square(): Tensor { return new Tensor(native.square(this._h)); }
  erf(): Tensor { return new Tensor(native.erf(this._h)); }
  isnan(): Tensor { return new Tensor(native.isnan(this._h)); }
  isfinite(): Tensor { return new Tensor(native.isfinite(this._h)); }

  // ---- comparisons and logic (bool results) ----
  eq(other: TensorOrScalar): Tensor { return new Tensor(native.eq(this._h, arg(other))); }
  ne(other: TensorOrScalar): Tensor { return new Tensor(native.ne(this._h, arg(other))); }
  lt(other: TensorOrScalar): Tensor { return new Tensor(native.lt(this._h, arg(other))); }
  le(other: TensorOrScalar): Tensor { return new Tensor(native.le(this._h, arg(other))); }
  gt(other: TensorOrScalar): Tensor { return new Tensor(native.gt(this._h, arg(other))); }
  ge(other: TensorOrScalar): Tensor { return new Tensor(native.ge(this._h, arg(other))); }
  logicalAnd(other: Tensor): Tensor { return new Tensor(native.logicalAnd(this._h, other._h)); }
  logicalOr(other: Tensor): Tensor { return new Tensor(native.logicalOr(this._h, other._h)); }
  logicalXor(other: Tensor): Tensor { return new Tensor(native.logicalXor(this._h, other._h)); }
  logicalNot(): Tensor { return new Tensor(native.logicalNot(this._h)); }
  allclose(other: Tensor, options: { rtol?: number; atol?: number; equalNan?: boolean } = {}): boolean {
    return native.allclose(this._h, other._h, options.rtol, options.atol, options.equalNan);
  }
  equal(other: Tensor): boolean {
    return native.equal(this._h, other._h);
  }

  // ---- linear algebra ----
  matmul(other: Tensor): Tensor { return new Tensor(native.matmul(this._h, other._h)); }
  mm(other: Tensor): Tensor { return new Tensor(native.mm(this._h, other._h)); }
  bmm(other: Tensor): Tensor { return new Tensor(native.bmm(this._h, other._h)); }
  dot(other: Tensor): Tensor { return new Tensor(native.dot(this._h, other._h)); }

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
  transpose(dim0: number, dim1: number): Tensor {
    return new Tensor(native.transpose(this._h, dim0, dim1));
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
  squeeze(dim?: number): Tensor {
    return new Tensor(native.squeeze(this._h, dim));
  }
  unsqueeze(dim: number): Tensor {
    return new Tensor(native.unsqueeze(this._h, dim));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return new Tensor(native.flatten(this._h, startDim, endDim));
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
    return (native.split(this._h, sizeOrSections, dim) as Handle[]).map((h) => new Tensor(h));
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return (native.chunk(this._h, chunks, dim) as Handle[]).map((h) => new Tensor(h));
  }

  // ---- indexing ----
  select(dim: number, index: number): Tensor {
    return new Tensor(native.select(this._h, dim, index));
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return new Tensor(native.narrow(this._h, dim, start, length));
  }
  /** `x[start:end:step]` along `dim`. */
  slice(dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
    return new Tensor(native.slice(this._h, dim, start, end, step));
  }
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
  indexSelect(dim: number, index: Tensor): Tensor {
    return new Tensor(native.indexSelect(this._h, dim, index._h));
  }
  gather(dim: number, index: Tensor): Tensor {
    return new Tensor(native.gather(this._h, dim, index._h));
  }
  maskedFill(mask: Tensor, value: TensorOrScalar): Tensor {
    return new Tensor(native.maskedFill(this._h, mask._h, arg(value)));
  }
  maskedFill_(mask: Tensor, value: TensorOrScalar): this {
    native.maskedFill_(this._h, mask._h, arg(value));
    return this;
  }
  maskedSelect(mask: Tensor): Tensor {
    return new Tensor(native.maskedSelect(this._h, mask._h));
  }
  where(condition: Tensor, other: TensorOrScalar): Tensor {
    return new Tensor(native.where(condition._h, this._h, arg(other)));
  }
  tril(diagonal = 0): Tensor {
    return new Tensor(native.tril(this._h, diagonal));
  }
  triu(diagonal = 0): Tensor {
    return new Tensor(native.triu(this._h, diagonal));
  }
  nonzero(): Tensor {
    return new Tensor(native.nonzero(this._h));
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
