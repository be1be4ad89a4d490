// One Node-API binary for Node 20, 22 and 24: the same addon loads, computes, and frees memory inside a
// synchronous loop on each. Binaries come from scripts/fetch-node.sh (.cache/node-<major>); CI fetches them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const majors = ['22', '24'].filter((m) => existsSync(join(root, '.cache', `node-${m}`, 'bin', 'node')));
if (process.env.CI === 'true' && majors.length < 2) throw new Error('CI must fetch Node 22 and 24 first (scripts/fetch-node.sh 22 24)');

describe.each(majors)('Node %s', (major) => {
  const node = join(root, '.cache', `node-${major}`, 'bin', 'node');
  const run = (args: string[]) => execFileSync(node, ['--import', 'tsx', '--conditions=source', ...args], { cwd: root, encoding: 'utf8' });

  it('loads the addon and runs ops and autograd', () => {
    const out = run(['-e', "import('tstorch').then((t) => { const x = t.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true }); x.mul(x).sum().backward(); console.log(process.version, JSON.stringify(x.grad.toArray())); })"]);
    expect(out).toContain(`v${major}.`);
    expect(out).toContain('[2,4,6]');
  });

  it('holds RSS flat in a synchronous loop (GC-time finalizers work)', () => {
    const report = JSON.parse(run([join(root, 'test/scripts/sync-loop.ts'), 'simple', '1000']).trim().split('\n').pop()!);
    expect(report.growthMB).toBeLessThan(768); // 4 GB allocated in all
  });
});
