// PyTorch's functional forms: torch.add(a, b), torch.cat([...]), torch.where(...), ... Each is the method
// on its first tensor argument, or one native call for ops that take lists.
import type { DType } from './dtype.js';
import { native } from './native.js';
import { arg, handles, Tensor, type Dims, type ReduceOptions, type TensorOrScalar } from './tensor.js';

export const add = (a: Tensor, b: TensorOrScalar, alpha?: number): Tensor => a.add(b, alpha);
export const sub = (a: Tensor, b: TensorOrScalar, alpha?: number): Tensor => a.sub(b, alpha);
export const mul = (a: Tensor, b: TensorOrScalar): Tensor => a.mul(b);
export const div = (a: Tensor, b: TensorOrScalar, roundingMode?: 'trunc' | 'floor'): Tensor => a.div(b, roundingMode);
export const pow = (a: Tensor, b: TensorOrScalar): Tensor => a.pow(b);
export const neg = (a: Tensor): Tensor => a.neg();
export const abs = (a: Tensor): Tensor => a.abs();
export const exp = (a: Tensor): Tensor => a.exp();
export const log = (a: Tensor): Tensor => a.log();
export const sqrt = (a: Tensor): Tensor => a.sqrt();
export const tanh = (a: Tensor): Tensor => a.tanh();
export const sigmoid = (a: Tensor): Tensor => a.sigmoid();
export const relu = (a: Tensor): Tensor => a.relu();
export const clamp = (a: Tensor, min?: number | null, max?: number | null): Tensor => a.clamp(min, max);
export const maximum = (a: Tensor, b: Tensor): Tensor => a.maximum(b);
export const minimum = (a: Tensor, b: Tensor): Tensor => a.minimum(b);
export const eq = (a: Tensor, b: TensorOrScalar): Tensor => a.eq(b);
export const ne = (a: Tensor, b: TensorOrScalar): Tensor => a.ne(b);
export const lt = (a: Tensor, b: TensorOrScalar): Tensor => a.lt(b);
export const le = (a: Tensor, b: TensorOrScalar): Tensor => a.le(b);
export const gt = (a: Tensor, b: TensorOrScalar): Tensor => a.gt(b);
export const ge = (a: Tensor, b: TensorOrScalar): Tensor => a.ge(b);
export const matmul = (a: Tensor, b: Tensor): Tensor => a.matmul(b);
export const mm = (a: Tensor, b: Tensor): Tensor => a.mm(b);
export const bmm = (a: Tensor, b: Tensor): Tensor => a.bmm(b);
export const sum = (a: Tensor, dim?: Dims | null, o?: ReduceOptions & { dtype?: DType }): Tensor => a.sum(dim, o);
export const mean = (a: Tensor, dim?: Dims | null, o?: ReduceOptions & { dtype?: DType }): Tensor => a.mean(dim, o);
export const argmax = (a: Tensor, dim?: number | null, o?: ReduceOptions): Tensor => a.argmax(dim, o);
export const argmin = (a: Tensor, dim?: number | null, o?: ReduceOptions): Tensor => a.argmin(dim, o);
export const softmax = (a: Tensor, dim: number, o?: { dtype?: DType }): Tensor => a.softmax(dim, o);
export const logSoftmax = (a: Tensor, dim: number, o?: { dtype?: DType }): Tensor => a.logSoftmax(dim, o);
export const reshape = (a: Tensor, shape: number[]): Tensor => a.reshape(shape);
export const transpose = (a: Tensor, d0: number, d1: number): Tensor => a.transpose(d0, d1);
export const permute = (a: Tensor, dims: number[]): Tensor => a.permute(dims);
export const squeeze = (a: Tensor, dim?: number): Tensor => a.squeeze(dim);
export const unsqueeze = (a: Tensor, dim: number): Tensor => a.unsqueeze(dim);
export const flatten = (a: Tensor, start?: number, end?: number): Tensor => a.flatten(start, end);
export const clone = (a: Tensor): Tensor => a.clone();
export const allclose = (a: Tensor, b: Tensor, o?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean => a.allclose(b, o);
export const equal = (a: Tensor, b: Tensor): boolean => a.equal(b);

export function max(a: Tensor): Tensor;
export function max(a: Tensor, dim: number, o?: ReduceOptions): [Tensor, Tensor];
export function max(a: Tensor, dim?: number, o?: ReduceOptions): Tensor | [Tensor, Tensor] {
  return dim === undefined ? a.max() : a.max(dim, o);
}
export function min(a: Tensor): Tensor;
export function min(a: Tensor, dim: number, o?: ReduceOptions): [Tensor, Tensor];
export function min(a: Tensor, dim?: number, o?: ReduceOptions): Tensor | [Tensor, Tensor] {
  return dim === undefined ? a.min() : a.min(dim, o);
}

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  return new Tensor(native.cat(handles(tensors), dim));
}
export const concat = cat;
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  return new Tensor(native.stack(handles(tensors), dim));
}
/** `where(condition, x, y)`: x where condition holds, else y. */
export function where(condition: Tensor, x: TensorOrScalar, y: TensorOrScalar): Tensor {
  return new Tensor(native.where(condition._h, arg(x), arg(y)));
}
