// What several layers share: dtype/device factory options and input checks that name the layer.
import type { DeviceLike } from '../../device.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';

/** Where a layer's parameters are made (PyTorch's factory kwargs). */
export interface FactoryOptions {
  dtype?: DType;
  device?: DeviceLike;
}
export const FACTORY_KEYS = ['dtype', 'device'] as const;
export const factory = (o: FactoryOptions): FactoryOptions => ({ dtype: o.dtype, device: o.device });

export function checkLastDim(where: string, input: Tensor, expected: number, what: string): void {
  const shape = input.shape;
  if (shape.length === 0 || shape[shape.length - 1] !== expected)
    throw new RangeError(`${where}: expected input with last dim ${expected} (${what}), got shape [${shape.join(', ')}]`);
}

/** Checks rank (spatial dims + channel, with an optional batch dim) and the channel count of a conv/norm input. */
export function checkChannels(where: string, input: Tensor, spatial: number, channels: number, what = 'channels'): void {
  const shape = input.shape;
  if (shape.length !== spatial + 1 && shape.length !== spatial + 2)
    throw new RangeError(`${where}: expected a ${spatial + 1}-D (unbatched) or ${spatial + 2}-D (batched) input, got shape [${shape.join(', ')}]`);
  const c = shape[shape.length - spatial - 1];
  if (c !== channels) throw new RangeError(`${where}: expected input with ${channels} ${what}, got ${c} (input shape [${shape.join(', ')}])`);
}
