// torch.autocast as a scope: `torch.autocast('cuda', { dtype: 'bfloat16' }, () => model.forward(batch))`.
import { checkDtype, type DType } from '../dtype.js';
import { native } from '../native.js';

export interface AutocastOptions {
  /** Default: float16 on CUDA, bfloat16 on the CPU (PyTorch's defaults). */
  dtype?: DType;
  enabled?: boolean;
}

export function autocast<T>(deviceType: 'cuda' | 'cpu', fn: () => T): T;
export function autocast<T>(deviceType: 'cuda' | 'cpu', options: AutocastOptions, fn: () => T): T;
export function autocast<T>(deviceType: 'cuda' | 'cpu', optionsOrFn: AutocastOptions | (() => T), maybeFn?: () => T): T {
  const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  if (typeof fn !== 'function') throw new TypeError('autocast(deviceType, options?, fn) needs a function to run');
  const dtype = checkDtype(options.dtype ?? (deviceType === 'cuda' ? 'float16' : 'bfloat16'));
  const [wasEnabled, previousDtype] = native.autocastEnter(deviceType, dtype, options.enabled ?? true);
  try {
    const result = fn();
    if (result instanceof Promise) throw new TypeError('autocast() takes a synchronous function');
    return result;
  } finally {
    native.autocastExit(deviceType, wasEnabled, previousDtype);
  }
}

export function isAutocastEnabled(deviceType: 'cuda' | 'cpu' = 'cuda'): boolean {
  return native.isAutocastEnabled(deviceType);
}
