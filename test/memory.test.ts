import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { nodeOutput } from './helpers/launch.js';


/** Runs test/scripts/sync-loop.ts in a fresh process (clean RSS baseline) and returns its report. */
function runLoop(kind: string, iterations: number): { growthMB: number } {
  const out = nodeOutput(['test/scripts/sync-loop.ts', kind, String(iterations)]);
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('memory', () => {
  it('holds RSS flat in a plain synchronous loop (2000 x 4 MiB tensors, 8 GiB allocated in all)', () => {
    // Without GC-time release this loop grows by > 8 GB (../shared/notes/memory.md); measured here: ~250 MB.
    const { growthMB } = runLoop('simple', 2000);
    expect(growthMB).toBeLessThan(768);
  });

  it('holds RSS flat in a synchronous autograd training loop (1000 steps, no tidy, no dispose)', () => {
    // ~1 GB of tensors made in all; measured growth ~100 MB.
    const { growthMB } = runLoop('train', 1000);
    expect(growthMB).toBeLessThan(400);
  });

  // earlier garbage collected now, so the GC cannot change the counts during a check
  const collect = () => (globalThis as { gc?: () => void }).gc?.();

  it('frees at once with dispose(), using, and tidy()', () => {
    collect();
    const before = torch.memory();
    const t = torch.ones(1024, 1024);
    expect(torch.memory().tensors).toBe(before.tensors + 1);
    expect(torch.memory().bytes).toBe(before.bytes + 4 * 2 ** 20);
    t.dispose();
    expect(t.isDisposed).toBe(true);
    t.dispose(); // idempotent
    expect(torch.memory()).toEqual(before);
    {
      using u = torch.ones(256);
      expect(torch.memory().tensors).toBe(before.tensors + 1);
      expect(u.numel()).toBe(256);
    }
    expect(torch.memory()).toEqual(before);

    const kept = torch.tidy(() => {
      const a = torch.ones(100);
      const b = a.mul(2);
      return { result: b.add(1), list: [a.sum()] };
    });
    // a and b freed; the returned tensors live on
    expect(torch.memory().tensors).toBe(before.tensors + 2);
    expect(kept.result.sum().item()).toBe(300);
    torch.dispose(kept);
    expect(kept.result.isDisposed && kept.list[0]!.isDisposed).toBe(true);
  });

  it('frees everything made inside tidy() when the callback throws, and nests', () => {
    collect();
    const before = torch.memory();
    expect(() =>
      torch.tidy(() => {
        torch.ones(10);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(torch.memory()).toEqual(before);
    const outer = torch.tidy(() => {
      const inner = torch.tidy(() => torch.ones(3).mul(2));
      torch.ones(5); // freed by the outer scope
      return inner.add(1);
    });
    expect(torch.memory().tensors).toBe(before.tensors + 1);
    expect(outer.toArray()).toEqual([3, 3, 3]);
  });
});
