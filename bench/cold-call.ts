// What one small call costs right after a large kernel, against the same call in a tight loop, in tstorch and in
// Python torch on the same libtorch (bench/cold_call.py). A training step's bookkeeping calls (a loss read, a
// parameter check, a random-state swap) come after its kernels, so their cost in a step is the second number.
// Run: npx tsx --conditions=source bench/cold-call.ts
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'tstorch';

torch.setNumThreads(1);
const m = torch.randn([768, 768]);
const x = torch.tensor(3.5);
const a = torch.ones([4]);
const calls: Record<string, () => unknown> = {
  'item() of a 0-d tensor': () => x.item(),
  'a.add(a), 4 elements': () => a.add(a).dispose(), // freed at once, as Python's reference count does
  'get_rng_state()': () => torch.getRngState().dispose(),
};
const ROUNDS = 300;
const ours: Record<string, { warm: number; cold: number }> = {};
for (const [name, fn] of Object.entries(calls)) {
  for (let i = 0; i < 1000; i++) fn();
  let start = performance.now();
  for (let i = 0; i < 20000; i++) fn();
  const warm = ((performance.now() - start) / 20000) * 1000;
  let cold = 0;
  for (let r = 0; r < ROUNDS; r++) {
    torch.tidy(() => m.matmul(m).relu().sum()); // a kernel that walks ~7 MB, as a training step's do
    start = performance.now();
    fn();
    cold += performance.now() - start;
  }
  ours[name] = { warm, cold: (cold / ROUNDS) * 1000 };
}
const py = JSON.parse(execFileSync('/usr/bin/python3', [join(dirname(fileURLToPath(import.meta.url)), 'cold_call.py')], { encoding: 'utf8' })) as typeof ours;
console.log(`µs per call, 1 thread, libtorch ${torch.buildInfo().torchVersion}`);
console.log('| call | tstorch warm | PyTorch warm | tstorch after a matmul | PyTorch after a matmul | ratio after a matmul |');
console.log('|---|---|---|---|---|---|');
for (const name of Object.keys(calls)) {
  const [t, p] = [ours[name]!, py[name]!];
  console.log(`| ${name} | ${t.warm.toFixed(2)} | ${p.warm.toFixed(2)} | ${t.cold.toFixed(2)} | ${p.cold.toFixed(2)} | ${(t.cold / p.cold).toFixed(2)} |`);
}
