// DistributedDataParallel against PyTorch's DDP (test/ddp/reference.json, made by test/ddp/make_reference.py):
// 2 Gloo ranks train hf-tiny-bert with DistributedSampler, AdamW, the linear schedule and clipping; the same
// run on one process over both ranks' batches put together gives the same weights.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers/fixtures.js';
import { freePort, node, rankJson, tstorchRun } from './helpers/launch.js';

interface Step {
  epoch: number;
  indices: number[];
  lr: number;
  loss: number;
  grad_norm: number;
}
interface Final {
  norm: number;
  sum: number;
  head: number[];
  data?: number[];
}
interface Run {
  rank: number | null;
  steps: Step[];
  final: Record<string, Final>;
}
const reference = JSON.parse(readFileSync(new URL('./ddp/reference.json', import.meta.url), 'utf8')) as { ranks: Run[]; final: Record<string, Final> };
const maxDiff = (a: number[], b: number[]) => {
  expect(a.length).toBe(b.length);
  return Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));
};
function finalDiff(a: Record<string, Final>, b: Record<string, Final>): number {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  return Math.max(
    ...Object.keys(a).map((n) => Math.max(Math.abs(a[n]!.norm - b[n]!.norm), Math.abs(a[n]!.sum - b[n]!.sum) / Math.max(1, Math.abs(b[n]!.sum)), maxDiff(a[n]!.head, b[n]!.head), maxDiff(a[n]!.data ?? [], b[n]!.data ?? []))),
  );
}

describe('DistributedDataParallel', () => {
  it('2 Gloo ranks match PyTorch DDP (losses, all-reduced grad norms, final weights), and 1 process on the combined batches', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tstorch-ddp-'));
    const model = fixture('hf-tiny-bert');
    const [ddp, single] = await Promise.all([
      tstorchRun(['--nproc-per-node', '2', '--master-port', String(await freePort()), 'test/ddp/train-tiny-bert.ts', model, join(out, 'rank{rank}.json')]).done,
      node(['test/ddp/train-tiny-bert.ts', model, join(out, 'combined.json'), '--combined']).done,
    ]);
    expect(ddp.code, ddp.stderr).toBe(0);
    expect(single.code, single.stderr).toBe(0);
    const ranks = [0, 1].map((r) => JSON.parse(readFileSync(join(out, `rank${r}.json`), 'utf8')) as Run);
    const combined = JSON.parse(readFileSync(join(out, 'combined.json'), 'utf8')) as Run;

    ranks.forEach((run, r) => {
      const ref = reference.ranks[r]!.steps;
      expect(run.steps.map((s) => s.indices)).toEqual(ref.map((s) => s.indices));
      expect(maxDiff(run.steps.map((s) => s.lr), ref.map((s) => s.lr))).toBeLessThan(1e-12);
      expect(maxDiff(run.steps.map((s) => s.loss), ref.map((s) => s.loss))).toBeLessThan(1e-5);
      expect(maxDiff(run.steps.map((s) => s.grad_norm), ref.map((s) => s.grad_norm))).toBeLessThan(1e-5);
      expect(finalDiff(run.final, reference.final)).toBeLessThan(1e-5);
    });
    // both ranks end with the same weights, and the same as one process on both ranks' batches
    expect(finalDiff(ranks[0]!.final, ranks[1]!.final)).toBe(0);
    expect(finalDiff(combined.final, ranks[0]!.final)).toBeLessThan(1e-6);
    // equal per-rank batch sizes: the combined batch's mean loss is the mean of the ranks' losses
    expect(maxDiff(combined.steps.map((s) => s.loss), ranks[0]!.steps.map((s, i) => (s.loss + ranks[1]!.steps[i]!.loss) / 2))).toBeLessThan(1e-6);
    expect(maxDiff(combined.steps.map((s) => s.grad_norm), ranks[0]!.steps.map((s) => s.grad_norm))).toBeLessThan(1e-6);
  });

  it('noSync keeps a backward local; the next backward all-reduces the accumulated gradients', async () => {
    const r = await tstorchRun(['--nproc-per-node', '2', '--master-port', String(await freePort()), 'test/ddp/no-sync.ts', fixture('hf-tiny-bert')]).done;
    expect(r.code, r.stderr).toBe(0);
    const ranks = rankJson(r.stdout) as Record<number, { afterNoSync: number[]; synced: number[]; expected: number[]; gathered: number[][] }>;
    const [g0, g1] = ranks[0]!.gathered;
    expect(maxDiff(g0!, g1!)).toBeGreaterThan(1e-4); // not synchronised inside noSync
    for (const rank of [0, 1]) expect(maxDiff(ranks[rank]!.synced, ranks[rank]!.expected)).toBeLessThan(1e-6);
    expect(ranks[0]!.synced).toEqual(ranks[1]!.synced);
  });

  it('needs an initialized process group and known options', async () => {
    const torch = await import('tstorch');
    expect(() => new torch.nn.parallel.DistributedDataParallel({ namedParameters: () => [], forward: () => null })).toThrow(
      /DistributedDataParallel: the default process group is not initialized; call initProcessGroup\(\) first/,
    );
    expect(() => torch.distributed.initProcessGroup({ backend: 'nccl', rank: 0, worldSize: 1 })).toThrow(/backend 'nccl' needs a CUDA libtorch built with NCCL/);
    expect(() => torch.distributed.initProcessGroup({ world_size: 2 } as never)).toThrow(/unknown option 'world_size'/);
    expect(() => torch.distributed.initProcessGroup({ initMethod: 'udp://x', rank: 0, worldSize: 1 })).toThrow(/unknown initMethod 'udp:\/\/x'/);
    expect(torch.distributed.isInitialized()).toBe(false);
  });
});
