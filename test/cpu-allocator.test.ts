// The caching CPU allocator (cpp/allocator.cc): large buffers are reused, stay correct, stay bounded, go back on
// request, and a plain training loop stops asking the kernel for new memory after its first steps.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';

const MiB = 1 << 20;
// kIdleSlack in cpp/allocator.cc: idle room beyond the live peak
const IDLE_SLACK = 16 * MiB;

describe('caching CPU allocator', () => {
  it('is installed at load and reuses a freed large buffer for the next request of its size', () => {
    const before = torch.cpuAllocatorStats();
    expect(before.enabled).toBe(true);
    torch.ones([1024, 1024]).dispose(); // 4 MiB
    const afterFirst = torch.cpuAllocatorStats();
    const again = torch.empty([1024, 1024]);
    const afterSecond = torch.cpuAllocatorStats();
    expect(afterSecond.hits).toBe(afterFirst.hits + 1);
    expect(afterSecond.misses).toBe(afterFirst.misses);
    again.dispose();
  });

  it('hands out reused buffers that hold what the new tensor says (zeros after ones)', () => {
    torch.full([1024, 1024], 7).dispose();
    const z = torch.zeros([1024, 1024]);
    expect(z.sum().item()).toBe(0);
    z.dispose();
  });

  it('leaves small tensors to libtorch own allocator', () => {
    const before = torch.cpuAllocatorStats();
    torch.ones([16, 16]).dispose();
    const after = torch.cpuAllocatorStats();
    expect(after.hits + after.misses).toBe(before.hits + before.misses);
  });

  it('keeps at most the peak of live buffers (plus its 16 MiB slack) idle, and returns them all on emptyCpuCache()', () => {
    const big = Array.from({ length: 16 }, () => torch.empty([2 * MiB]));  // 8 MiB each
    const live = torch.cpuAllocatorStats();
    expect(live.liveBytes).toBeGreaterThanOrEqual(16 * 8 * MiB);
    torch.dispose(big);
    const freed = torch.cpuAllocatorStats();
    expect(freed.liveBytes).toBeLessThanOrEqual(live.liveBytes - 16 * 8 * MiB);
    expect(freed.idleBytes).toBeGreaterThan(0);
    expect(freed.idleBytes).toBeLessThanOrEqual(freed.peakLiveBytes + IDLE_SLACK);
    torch.emptyCpuCache();
    expect(torch.cpuAllocatorStats().idleBytes).toBe(0);
  });

  it('serves a plain training loop from the cache once the GC keeps pace (no new mappings per step)', () => {
    const w1 = torch.randn([512, 1024]).requiresGrad_();
    const w2 = torch.randn([1024, 512]).requiresGrad_();
    const x = torch.randn([256, 512]);
    const step = () => {
      const loss = x.matmul(w1).relu().matmul(w2).square().mean(); // outputs left to the GC, as a plain loop does
      loss.backward();
      w1.grad = null;
      w2.grad = null;
    };
    // the outputs' handles wait for V8's GC, so the first ~100 steps map new buffers (measured: ~100 misses in all)
    for (let i = 0; i < 150; i++) step();
    const warm = torch.cpuAllocatorStats();
    for (let i = 0; i < 100; i++) step();
    const after = torch.cpuAllocatorStats();
    expect(after.hits - warm.hits).toBeGreaterThanOrEqual(100 * 5);
    expect(after.misses - warm.misses).toBeLessThan(20);
  });
});
