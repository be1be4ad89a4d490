// The Python-made references of the nn tests (scripts/gen-nn-references.py → test/data/nn/*.json).
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '../../lib/index.js';
import type { RefTensor } from './reference-tensors.js';

export type { RefTensor };

/** The running libtorch's version, major.minor ("1.13", "2.6"). */
const RUNNING = torch.buildInfo().torchVersion.split('.').slice(0, 2).join('.');

/** The reference file made with the running libtorch version (`<name>-torch2.6.json`) where there is one, else `<name>.json` (torch 1.13). */
export function nnData<T>(name: string): T & { torch: string } {
  const own = new URL(`../data/nn/${name}-torch${RUNNING}.json`, import.meta.url);
  const file = existsSync(own) ? own : new URL(`../data/nn/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as T & { torch: string };
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
 * Whether a reference was made with the running libtorch version (major.minor). Dropout of a non-contiguous tensor
 * needs that: torch 1.13 draws its mask in the tensor's logical (row-major) order, 2.6 in its memory order, for
 * Python and tstorch alike (both call ATen's dropout; checked on a transposed [5, 2, 8] view). A batch-first
 * TransformerEncoderLayer drops out its attention output as a transposed view, so nn-layers' TransformerEncoder
 * and nn-train's model differ between the versions (by 0.30 and 0.09) and run against the file of their version
 * (1.13 and 2.6 are stored); on any other version they are skipped.
 */
export function madeWithRunningTorch(reference: { torch: string }): boolean {
  return reference.torch.split('.').slice(0, 2).join('.') === RUNNING;
}
