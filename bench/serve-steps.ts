// The tstorch side of an interleaved benchmark (bench/interleave.ts): a long-lived worker that builds its model
// once on {setup}, then times one round of K steps of the asked mode per message and answers with a RoundResult
// (JSON lines on stdin/stdout, bench/bert-protocol.ts).
import { createInterface } from 'node:readline';
import * as torch from 'tstorch';
import type { Case, Mode, RoundResult } from './bert-protocol.js';

export async function serveSteps(setup: (c: Case) => Partial<Record<Mode, () => void>>): Promise<void> {
  torch.setNumThreads(1);
  let steps: Partial<Record<Mode, () => void>> | undefined;
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const msg = JSON.parse(line) as { setup: Case } | { mode: Mode; steps: number };
    if ('setup' in msg) {
      steps = setup(msg.setup);
      process.stdout.write(JSON.stringify({ ready: true, torch: torch.buildInfo().torchVersion, threads: torch.getNumThreads() }) + '\n');
      continue;
    }
    const step = steps?.[msg.mode];
    if (step === undefined) {
      process.stdout.write(JSON.stringify({ error: `this worker has no mode '${msg.mode}' (or no setup yet)` }) + '\n');
      continue;
    }
    const before = process.resourceUsage();
    const start = performance.now();
    for (let i = 0; i < msg.steps; i++) step();
    const wall = performance.now() - start;
    const after = process.resourceUsage();
    const result: RoundResult = {
      wallMs: wall / msg.steps,
      cpuMs: (after.userCPUTime + after.systemCPUTime - before.userCPUTime - before.systemCPUTime) / 1000 / msg.steps,
      minflt: (after.minorPageFault - before.minorPageFault) / msg.steps,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  }
}
