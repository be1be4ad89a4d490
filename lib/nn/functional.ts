// torch.nn.functional: one native call each.
import { native } from '../native.js';
import { Tensor } from '../tensor.js';

export type Reduction = 'mean' | 'sum' | 'none';

export const relu = (x: Tensor): Tensor => x.relu();
export const gelu = (x: Tensor, options: { approximate?: 'none' | 'tanh' } = {}): Tensor => x.gelu(options.approximate);
export const silu = (x: Tensor): Tensor => x.silu();
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const tanh = (x: Tensor): Tensor => x.tanh();
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);

export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout probability must be in [0, 1], got ${p}`);
  return new Tensor(native.dropout(x._h, p, training));
}
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return new Tensor(native.linear(x._h, weight._h, bias?._h));
}
export function layerNorm(x: Tensor, normalizedShape: number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  return new Tensor(native.layerNorm(x._h, normalizedShape, weight?._h, bias?._h, eps));
}
export function embedding(input: Tensor, weight: Tensor, options: { paddingIdx?: number } = {}): Tensor {
  return new Tensor(native.embedding(input._h, weight._h, options.paddingIdx));
}
export function oneHot(x: Tensor, numClasses = -1): Tensor {
  return new Tensor(native.oneHot(x._h, numClasses));
}
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: { weight?: Tensor; reduction?: Reduction; ignoreIndex?: number; labelSmoothing?: number } = {},
): Tensor {
  return new Tensor(native.crossEntropy(input._h, target._h, options.weight?._h, options.reduction, options.ignoreIndex, options.labelSmoothing));
}
export function nllLoss(input: Tensor, target: Tensor, options: { weight?: Tensor; reduction?: Reduction; ignoreIndex?: number } = {}): Tensor {
  return new Tensor(native.nllLoss(input._h, target._h, options.weight?._h, options.reduction, options.ignoreIndex));
}
export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  return new Tensor(native.mseLoss(input._h, target._h, options.reduction));
}
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: { weight?: Tensor; reduction?: Reduction; posWeight?: Tensor } = {},
): Tensor {
  return new Tensor(native.binaryCrossEntropyWithLogits(input._h, target._h, options.weight?._h, options.reduction, options.posWeight?._h));
}
