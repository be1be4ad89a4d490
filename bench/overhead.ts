// Per-call overhead of the binding, next to Python torch on the same libtorch (bench/overhead.py).
// Run: npx tsx --conditions=source bench/overhead.ts   (prints both sides and the ratios)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'tstorch';

torch.setNumThreads(1);

function timeIt(fn: () => void, minMs = 1000): number {
  for (let i = 0; i < 1000; i++) fn(); // warm up
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs * 1e6) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return elapsed / n / 1000; // microseconds per call
}

const a = torch.ones(4);
const b = torch.ones(4);
const big = new Float32Array(1_000_000).map((_, i) => i);
const results: Record<string, number> = {
  'no-op call (isGradEnabled)': timeIt(() => torch.isGradEnabled()),
  'small op round trip (a.add(b), 4 elements)': timeIt(() => a.add(b)),
  'small op + item() (a.add(b).sum().item())': timeIt(() => a.add(b).sum().item()),
};
results['1M-element Float32Array -> tensor -> Float32Array'] = timeIt(() => torch.tensor(big).data(), 2000);
// a fresh 4 MiB output per call, left to the GC as a plain loop leaves it: where the allocator's reuse shows
const m1 = torch.ones([1024, 1024]);
const m2 = torch.ones([1024, 1024]);
const faults0 = process.resourceUsage().minorPageFault;
let calls = 0;
results['fresh 4 MiB output (a.add(b), 1024x1024)'] = timeIt(() => void (m1.add(m2), calls++), 1000);
const faults = (process.resourceUsage().minorPageFault - faults0) / calls;

const python = process.env.TSTORCH_PYTHON ?? '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));
const py = JSON.parse(execFileSync(python, [join(here, 'overhead.py')], { encoding: 'utf8' })) as Record<string, number>;
console.log(`libtorch ${torch.buildInfo().torchVersion}, 1 thread; microseconds per call (lower is better); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('| measurement | tstorch (µs) | Python torch (µs) | ratio |');
console.log('|---|---|---|---|');
for (const [name, us] of Object.entries(results)) {
  const p = py[name]!;
  console.log(`| ${name} | ${us.toFixed(2)} | ${p.toFixed(2)} | ${(us / p).toFixed(2)} |`);
}
console.log(`page faults per fresh 4 MiB output: tstorch ${faults.toFixed(0)}, Python ${py['page faults per fresh 4 MiB output']!.toFixed(0)}`);
