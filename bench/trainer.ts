// The Trainer's per-step overhead over the bare native loop (the tutorial's "Train in native PyTorch" loop, with
// the gradient clipping the Trainer does by default), on the same tiny BERT and the same batches. The bare loop runs
// twice: plain, as the tutorial writes it (each step's graph is freed later, by V8's GC, mostly after the run), and
// with each step in tidy(), which frees it at the step's end as the Trainer does (and as Python's reference counting
// does in PyTorch): the Trainer's own bookkeeping is its overhead over the second.
// Run: npx tsx --conditions=source bench/trainer.ts   (ROUNDS, STEPS and THREADS in the environment; ONLY=<loop>
// runs one loop once, as bench/trainer-instructions.sh does)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as torch from 'tstorch';
import { Dataset } from 'tstorch/datasets';
import { AutoModelForSequenceClassification, getScheduler, Trainer, TrainingArguments } from 'tstorch/transformers';
import { DataLoader } from 'tstorch/utils/data';

const fixtures = process.env.TSTORCH_FIXTURES ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'fixtures');
const MODEL = join(fixtures, 'hf-tiny-bert', 'model');
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const STEPS = Number(process.env.STEPS ?? 100);
torch.setNumThreads(Number(process.env.THREADS ?? 1));

// hf-tiny-bert's 45 training rows padded to 32 tokens, repeated to STEPS batches of 8
const rows = readFileSync(join(fixtures, 'hf-tiny-bert', 'data', 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input_ids: number[]; label: number });
const n = STEPS * 8;
const pick = (i: number) => rows[i % rows.length]!;
const data = Dataset.fromDict({
  input_ids: Array.from({ length: n }, (_, i) => [...pick(i).input_ids, ...Array(32 - pick(i).input_ids.length).fill(0)]),
  attention_mask: Array.from({ length: n }, (_, i) => [...pick(i).input_ids.map(() => 1), ...Array(32 - pick(i).input_ids.length).fill(0)]),
  labels: Array.from({ length: n }, (_, i) => pick(i).label),
});

/** Wall and CPU milliseconds since `start` (CPU time is what other processes on the machine disturb least). */
function since(start: { wall: number; cpu: NodeJS.CpuUsage }, steps: number[]): Sample {
  const cpu = process.cpuUsage(start.cpu);
  return { wall: performance.now() - start.wall, cpu: (cpu.user + cpu.system) / 1000, steady: (steps.at(-1)! - steps[0]!) / (steps.length - 1) };
}
interface Sample {
  wall: number;
  cpu: number;
  /** ms per step from the end of step 1 to the end of the last step: setup and teardown excluded. */
  steady: number;
}
const now = () => ({ wall: performance.now(), cpu: process.cpuUsage() });

// A plain loop leaves its graphs to the GC, which would collect them during whichever run comes next: each run
// starts on a settled heap and pays for its own garbage (a full GC ends its whole-run time).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function settle(): Promise<void> {
  gc();
  await new Promise((r) => setImmediate(r)); // finalizers queued by that GC
  gc();
}

async function bareLoop(freeEachStep: boolean): Promise<Sample> {
  const model = await AutoModelForSequenceClassification.fromPretrained(MODEL);
  await settle();
  const start = now();
  torch.manualSeed(42);
  const loader = new DataLoader(data, { shuffle: true, batchSize: 8 });
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 5e-5, weightDecay: 0 });
  const scheduler = getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps: loader.length });
  model.train();
  const ends: number[] = [];
  const step = (batch: Record<string, torch.Tensor>) => {
    const loss = model.forward(batch).loss!;
    loss.backward();
    torch.nn.utils.clipGradNorm(model.parameters(), 1.0);
    optimizer.step();
    scheduler.step();
    optimizer.zeroGrad();
  };
  for (const batch of loader) {
    if (freeEachStep) torch.tidy(() => step(batch));
    else step(batch);
    ends.push(performance.now());
  }
  gc();
  const took = since(start, ends);
  model.dispose();
  return took;
}

async function trainerLoop(): Promise<Sample> {
  const model = await AutoModelForSequenceClassification.fromPretrained(MODEL);
  const args = new TrainingArguments({ outputDir: '/tmp/tstorch-bench-trainer', numTrainEpochs: 1, saveStrategy: 'no', disableTqdm: true, loggingSteps: 500 });
  const ends: number[] = [];
  const trainer = new Trainer({ model, args, trainDataset: data, callbacks: [{ onStepEnd: () => void ends.push(performance.now()) }] });
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write; // the summary line
  await settle();
  const start = now();
  try {
    await trainer.train();
  } finally {
    process.stdout.write = write;
  }
  gc();
  const took = since(start, ends);
  model.dispose();
  return took;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loops = { bare: () => bareLoop(false), tidy: () => bareLoop(true), trainer: trainerLoop };
// ONLY=<loop>: that loop once, cold, for bench/trainer-instructions.sh to count its instructions under callgrind
const only = process.env.ONLY as keyof typeof loops | undefined;
if (only !== undefined) {
  if (!(only in loops)) throw new RangeError(`ONLY: unknown loop '${only}'; choose from ${Object.keys(loops).join(', ')}`);
  await loops[only]();
  process.exit(0);
}
console.log(`load average at start: ${load()}`);
for (const run of Object.values(loops)) await run(); // warm up every path (allocator, lazily built tables)
const samples: Record<keyof typeof loops, Sample[]> = { bare: [], tidy: [], trainer: [] };
const names = Object.keys(loops) as Array<keyof typeof loops>;
for (let r = 0; r < ROUNDS; r++) {
  // adjacent triples, in rotating order, so drift in machine load hits all alike
  for (let k = 0; k < names.length; k++) {
    const name = names[(r + k) % names.length]!;
    samples[name].push(await loops[name]());
  }
}
console.log(`hf-tiny-bert (32,133 parameters), batch 8 x 32 tokens, ${STEPS} steps per run, ${ROUNDS} runs of each, ${torch.getNumThreads()} thread(s), libtorch ${torch.buildInfo().torchVersion}`);
console.log('| loop | steady ms/step (median) | whole run: wall ms/step | whole run: CPU ms/step |');
console.log('|---|---|---|---|');
for (const [name, xs] of [['bare native loop', samples.bare], ['bare native loop, each step in tidy()', samples.tidy], ['Trainer.train()', samples.trainer]] as const) {
  const m = (k: keyof Sample, per = 1) => (median(xs.map((x) => x[k])) / per).toFixed(3);
  console.log(`| ${name} | ${m('steady')} | ${m('wall', STEPS)} | ${m('cpu', STEPS)} |`);
}
const overhead = (key: keyof Sample, base: Sample[]) => {
  const pct = (q: number) => ((quantile(samples.trainer.map((x, i) => x[key] / base[i]![key]), q) - 1) * 100).toFixed(2);
  return `${pct(0.5)}% (IQR ${pct(0.25)} to ${pct(0.75)}; min-max ${pct(0)} to ${pct(1)})`;
};
for (const [name, base] of [['the plain bare loop', samples.bare], ['the bare loop in tidy()', samples.tidy]] as const) {
  console.log(`Trainer overhead over ${name}, median of the ${ROUNDS} runs side by side: per step ${overhead('steady', base)}`);
  console.log(`  whole run, setup included: wall ${overhead('wall', base)}; CPU ${overhead('cpu', base)}`);
}
console.log(`load average at end: ${load()}`);
