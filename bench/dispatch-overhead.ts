// What Dispatch's per-argument kind checks and the handle path cost the cheapest calls: 100k calls each (`add` of
// two 1-element tensors, and natives that return no tensor), timed in child processes that load the given addon builds in turn
// (A B, B A, ...), one intra-op thread.
// Run: npx tsx --conditions=source bench/dispatch-overhead.ts BEFORE.node AFTER.node [--rounds 8]
// Prints per-build medians of ns per call and, for two builds, the median of the per-round ratios AFTER / BEFORE.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CALLS = 100_000;

function child(): void {
  // loaded here, after TSTORCH_ADDON is set by the parent
  return void import('tstorch').then((torch) => import('../lib/native.js').then(({ native }) => {
    torch.setNumThreads(1);
    const x = torch.ones(1), y = torch.ones(1);
    const time = (fn: () => void) => {
      for (let i = 0; i < CALLS / 5; i++) fn(); // warm up
      const start = process.hrtime.bigint();
      for (let i = 0; i < CALLS; i++) fn();
      return Number(process.hrtime.bigint() - start) / CALLS;
    };
    const all = () => ({
      // no tensor out, so no handle is wrapped: the kind checks alone (0, 1 and 2 arguments)
      'isGradEnabled()': time(() => void native.isGradEnabled()),
      'numel(x)': time(() => void native.numel(x._h)),
      'equal(x, y)': time(() => void native.equal(x._h, y._h)),
      // one tensor out: the checks plus the handle path (wrap, memory accounting, the resident-memory sample)
      'add(x, y)': time(() => void native.add(x._h, y._h)),
      'Tensor.add': time(() => void x.add(y)), // a plain loop: the GC frees the results
    });
    all(); // the first pass also warms up V8 (JIT, heap sizes): only the second counts
    process.stdout.write(JSON.stringify(all()));
  }));
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function parent(argv: string[]): void {
  const roundsAt = argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 8;
  const builds = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--rounds');
  if (builds.length === 0) throw new Error('usage: bench/dispatch-overhead.ts BUILD.node [BUILD2.node ...] [--rounds N]');
  const results = builds.map(() => new Map<string, number[]>());
  for (let r = 0; r < rounds; r++) {
    const order = builds.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child'], {
        env: { ...process.env, TSTORCH_ADDON: builds[i], OMP_NUM_THREADS: '1' },
        encoding: 'utf8',
      });
      for (const [name, ns] of Object.entries(JSON.parse(out) as Record<string, number>))
        results[i]!.set(name, [...(results[i]!.get(name) ?? []), ns]);
    }
  }
  const names = [...results[0]!.keys()];
  const ratio = (name: string) => median(results[1]!.get(name)!.map((v, r) => v / results[0]!.get(name)![r]!));
  console.log(`| call (ns, median of ${rounds} rounds) | ${builds.join(' | ')} |${builds.length === 2 ? ' ratio |' : ''}`);
  console.log(`| --- |${builds.map(() => ' --- |').join('')}${builds.length === 2 ? ' --- |' : ''}`);
  for (const name of names) {
    const cells = results.map((m) => median(m.get(name)!).toFixed(0));
    console.log(`| ${name} | ${cells.join(' | ')} |${builds.length === 2 ? ` ${ratio(name).toFixed(3)} |` : ''}`);
  }
}

if (process.argv.includes('--child')) child();
else parent(process.argv.slice(2));
