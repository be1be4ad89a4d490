// The Python-made references of the nn tests (scripts/gen-nn-references.py → test/data/nn/*.json).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '../../lib/index.js';
import type { RefTensor } from './reference-tensors.js';

export type { RefTensor };

export function nnData<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../data/nn/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** A stored tensor with its dtype (float32 values round exactly; ints and bools as stored). */
export function load(r: RefTensor): torch.Tensor {
  if (r.dtype === 'bool') return torch.tensor(r.data.map((v) => v !== 0), { dtype: 'bool' }).reshape(r.shape);
  if (r.dtype.startsWith('int')) return torch.tensor(r.data, { dtype: r.dtype as torch.DType }).reshape(r.shape);
  return torch.tensor(Float32Array.from(r.data), { shape: r.shape });
}

/** Asserts `actual` matches the reference within `tol` (max abs difference), naming `what` on failure. */
export function expectClose(actual: torch.Tensor | null, ref: RefTensor, tol: number, what: string): number {
  expect(actual, what).not.toBeNull();
  expect(actual!.shape, `${what}: shape`).toEqual(ref.shape);
  const want = load(ref);
  if (ref.dtype === 'bool' || ref.dtype.startsWith('int')) {
    expect(actual!.equal(want.to(actual!.dtype)), what).toBe(true);
    return 0;
  }
  const diff = actual!.detach().float().sub(want).abs().max().item();
  expect(diff, what).toBeLessThanOrEqual(tol);
  return diff;
}

/**
 * Attention dropout on libtorch 2.x goes through ATen's scaled_dot_product_attention, whose kernels draw the
 * dropout mask their own way: in CI on 2.6 the two training-mode cases with attention dropout and a padding mask
 * (nn-layers' TransformerEncoder, nn-train's model) missed the torch 1.13 references (0.30 and 0.035), while eval
 * mode and the other dropout cases matched. Those two need references made with torch 2.x before they run there.
 */
export const attentionDropoutDrawsLike113 = Number(torch.buildInfo().torchVersion.split('.')[0]) < 2;
