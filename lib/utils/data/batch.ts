// A batch: named tensors (and any non-tensor columns) with `.to(device)`, as transformers' BatchEncoding.
import type { DeviceLike } from '../../device.js';
import { Tensor } from '../../tensor.js';

export interface BatchMethods {
  /** A batch with every tensor moved to `device` (the same batch when nothing moves). */
  to(device: DeviceLike): Batch;
}
export type Batch<T = Tensor> = { [column: string]: T } & BatchMethods;

const batchPrototype: BatchMethods = {
  to(this: Record<string, unknown>, device: DeviceLike): Batch {
    const moved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) moved[k] = v instanceof Tensor ? v.to(device) : v;
    return makeBatch(moved);
  },
};

/** Wraps columns as a Batch; `to` sits on the prototype, so Object.keys() lists the columns only. */
export function makeBatch(columns: Record<string, unknown>): Batch {
  return Object.assign(Object.create(batchPrototype) as object, columns) as Batch;
}
