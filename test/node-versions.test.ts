// One Node-API binary for Node 20, 22 and 24: the same addon loads, computes, and frees memory inside a
// synchronous loop on each. Binaries come from scripts/fetch-node.sh (.cache/node-<major>; `npm run setup` and
// CI fetch them). Outside CI a missing one is skipped with the reason in the test's name; in CI it fails.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeOutput, repoRoot } from './helpers/launch.js';
import { missingPrerequisite } from './helpers/prerequisite.js';

const nodeOf = (major: string) => join(repoRoot, '.cache', `node-${major}`, 'bin', 'node');

describe.each(['22', '24'])('Node %s', (major) => {
  const node = nodeOf(major);
  const run = (args: string[]) => nodeOutput(args, { execPath: node });
  const skip = missingPrerequisite(`Node ${major} (${node})`, existsSync(node), 'fetch it with `bash scripts/fetch-node.sh 22 24`');
  const why = skip ? ' (skipped: Node binary not fetched)' : '';

  it.skipIf(skip)(`loads the addon and runs ops and autograd${why}`, () => {
    const out = run(['-e', "import('tstorch').then((t) => { const x = t.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true }); x.mul(x).sum().backward(); console.log(process.version, JSON.stringify(x.grad.toArray())); })"]);
    expect(out).toContain(`v${major}.`);
    expect(out).toContain('[2,4,6]');
  });

  it.skipIf(skip)(`holds RSS flat in a synchronous loop (GC-time finalizers work)${why}`, () => {
    const report = JSON.parse(run(['test/scripts/sync-loop.ts', 'simple', '1000']).trim().split('\n').pop()!);
    expect(report.growthMB).toBeLessThan(768); // 4 GB allocated in all
  });
});
