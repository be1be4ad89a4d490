// The caching CPU allocator the addon installs at load (cpp/allocator.cc): tensor buffers of 256 KiB and more are
// reused warm instead of being mapped and page-faulted in again each training step. TSTORCH_CPU_CACHE=0 turns it off.
import { native } from './native.js';

export interface CpuAllocatorStats {
  /** False when TSTORCH_CPU_CACHE=0 left libtorch's own allocator in place. */
  enabled: boolean;
  /** Bytes of cached-size buffers in use by tensors. */
  liveBytes: number;
  /** Bytes of freed buffers kept for reuse (at most the peak of `liveBytes`). */
  idleBytes: number;
  peakLiveBytes: number;
  /** Requests served from the cache, and those that needed a new mapping. */
  hits: number;
  misses: number;
}

export function cpuAllocatorStats(): CpuAllocatorStats {
  return native.cpuAllocatorStats();
}

/** Returns every idle cached buffer to the operating system (as torch.cuda.empty_cache does for CUDA). */
export function emptyCpuCache(): void {
  native.emptyCpuCache();
}
