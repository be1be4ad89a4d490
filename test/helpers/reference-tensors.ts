// Reading the `{shape, dtype, data}` tensors of the Python-made reference files, and comparing with them.
import { readFileSync } from 'node:fs';
import * as torch from '../../lib/index.js';
import { fixture } from './fixtures.js';

export interface RefTensor {
  shape: number[];
  dtype: string;
  data: number[];
}

export function readReference<T = Record<string, unknown>>(...path: string[]): T {
  return JSON.parse(readFileSync(fixture(...path), 'utf8')) as T;
}

/** The stored float32 values, exactly (each JSON number rounds to its float32). */
export function refTensor(r: RefTensor): torch.Tensor {
  return torch.tensor(Float32Array.from(r.data), { shape: r.shape });
}

export function maxAbsDiff(a: torch.Tensor, b: torch.Tensor | RefTensor): number {
  const other = b instanceof torch.Tensor ? b : refTensor(b);
  if (a.shape.join() !== other.shape.join()) throw new Error(`shape [${a.shape}] differs from the reference [${other.shape}]`);
  return a.detach().float().sub(other).abs().max().item();
}

/** int64 tensor from nested number arrays (token ids, masks, labels). */
export const ids = (rows: number[][] | number[]): torch.Tensor => torch.tensor(rows, { dtype: 'int64' });
