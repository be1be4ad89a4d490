// Threads, seeds and RNG state of libtorch.
import { native } from './native.js';
import { Tensor } from './tensor.js';

/** Seeds libtorch's CPU and CUDA generators (rand, randn, dropout, shuffling, head initialization). */
export function manualSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`manualSeed needs a non-negative integer, got ${seed}`);
  native.manualSeed(seed);
}
export function initialSeed(): number {
  return native.initialSeed();
}
/** The CPU generator's state, as a uint8 tensor (torch.get_rng_state). */
export function getRngState(): Tensor {
  return new Tensor(native.getRngState());
}
export function setRngState(state: Tensor): void {
  native.setRngState(state._h);
}
/** libtorch's intra-op threads (defaults to the number of cores libtorch detects). */
export function setNumThreads(n: number): void {
  native.setNumThreads(n);
}
export function getNumThreads(): number {
  return native.getNumThreads();
}

export interface BuildInfo {
  torchVersion: string;
  cxx11Abi: boolean;
  compiledWithCuda: boolean;
  hasCuda: boolean;
  hasCudnn: boolean;
  cudnnVersion: number;
  parallelInfo: string;
  config: string;
  /** libtorch 2.x: scaled_dot_product_attention exists. */
  sdpaAvailable: boolean;
}
/** What the addon was built against and what libtorch reports at run time. */
export function buildInfo(): BuildInfo {
  return native.buildInfo();
}
