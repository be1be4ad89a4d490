// torch.nn.utils
import { native } from '../native.js';
import { handles, Tensor } from '../tensor.js';

/**
 * Scales the gradients of `parameters` in place so their total `normType`-norm is at most `maxNorm`
 * (torch.nn.utils.clip_grad_norm_). Returns the total norm before clipping, as a 0-dim tensor.
 */
export function clipGradNorm(parameters: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2): Tensor {
  const list = parameters instanceof Tensor ? [parameters] : Array.from(parameters);
  if (!(maxNorm >= 0)) throw new RangeError(`clipGradNorm: maxNorm must be >= 0, got ${maxNorm}`);
  return new Tensor(native.clipGradNorm(handles(list), maxNorm, normType));
}
export const clipGradNorm_ = clipGradNorm;
