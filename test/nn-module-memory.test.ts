// A plain loop over a TS-written model holds flat memory: every intermediate of the TS forward is freed by the
// GC (native bytes reported to V8), parameters live as long as the module.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('training loop over a TS-written nn.Module', () => {
  it('holds RSS flat over 3000 steps with no tidy and no dispose', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', join(root, 'test/scripts/ts-model-loop-memory.ts'), '3000'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const report = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(report.peakMB - report.warmMB).toBeLessThan(64);
    expect(report.live.tensors).toBeLessThan(500);
  }, 600_000);
});
