// torch.nn.Parameter: a Tensor that a Module owns. It aliases the given tensor's storage as a new leaf (as
// PyTorch's Parameter(data) does) and is untracked from tidy scopes: the module, not a scope, decides its life.
import { isFloatingDtype } from '../dtype.js';
import { untrack } from '../memory.js';
import { native, type Handle } from '../native.js';
import { Tensor } from '../tensor.js';

export class Parameter extends Tensor {
  /** `new nn.Parameter(torch.zeros([3]))`: a leaf sharing `data`'s storage, requiring grad unless told not to. */
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError(`nn.Parameter(data) takes a Tensor, got ${data === null ? 'null' : typeof data}`);
    if (typeof requiresGrad !== 'boolean') throw new TypeError(`nn.Parameter(data, requiresGrad): requiresGrad must be a boolean, got ${typeof requiresGrad}`);
    const dtype = data.dtype;
    if (requiresGrad && !isFloatingDtype(dtype)) throw new TypeError(`nn.Parameter: only floating point tensors can require gradients, got ${dtype}; pass requiresGrad = false`);
    super(native.detach(data._h));
    untrack(this);
    if (requiresGrad) native.setRequiresGrad(this._h, true);
  }

  /** @internal a parameter over an existing native leaf (a native module's own parameter), not a copy of it. */
  static _fromHandle(h: Handle): Parameter {
    return untrack(Reflect.construct(Tensor, [h], Parameter) as Parameter);
  }

  /** @internal replaces the storage in place (PyTorch's `param.data = t`): optimizers holding it keep working. */
  _setData(data: Tensor): void {
    native.setData(this._h, data._h);
  }

  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
