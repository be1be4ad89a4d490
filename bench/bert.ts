// BertForSequenceClassification eval and train-step (forward + backward) time, tstorch next to PyTorch on the
// same libtorch (bench/bert.py builds the same model in plain PyTorch), 1 thread on both sides.
// Run: npx tsx --conditions=source bench/bert.ts [small|base ...]   (prints both sides and the ratios)
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'tstorch';
import { BertConfig, BertForSequenceClassification } from 'tstorch/transformers';

torch.setNumThreads(1);

interface Case {
  name: string;
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  batch: number;
  seq: number;
  vocab: number;
  labels: number;
  warmup: number;
  iters: number;
}
const CASES: Record<string, Case> = {
  small: { name: 'small', layers: 4, hidden: 256, heads: 4, intermediate: 1024, batch: 8, seq: 128, vocab: 30522, labels: 5, warmup: 2, iters: 10 },
  // about 30 s per eval and 100 s per train step with this machine's reference BLAS: two timed steps, no warm-up
  base: { name: 'bert-base', layers: 12, hidden: 768, heads: 12, intermediate: 3072, batch: 8, seq: 128, vocab: 30522, labels: 5, warmup: 0, iters: 2 },
};

function medianMs(fn: () => void, warmup: number, iters: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < iters; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

function run(c: Case): { eval_ms: number; train_ms: number } {
  torch.manualSeed(0);
  const config = new BertConfig({
    vocabSize: c.vocab, hiddenSize: c.hidden, numHiddenLayers: c.layers, numAttentionHeads: c.heads,
    intermediateSize: c.intermediate, numLabels: c.labels,
  });
  const model = new BertForSequenceClassification(config);
  // the same batch layout as bench/bert.py: half the rows padded over their last quarter
  const mask = torch.ones([c.batch, c.seq], { dtype: 'int64' });
  torch.noGrad(() => mask.slice(0, c.batch / 2).slice(1, (c.seq * 3) / 4).fill_(0));
  const inputs = {
    input_ids: torch.randint(1, c.vocab, [c.batch, c.seq]).mul(mask),
    attention_mask: mask,
    token_type_ids: torch.zeros([c.batch, c.seq], { dtype: 'int64' }),
    labels: torch.randint(0, c.labels, [c.batch]),
  };
  const { labels, ...features } = inputs;
  model.eval();
  const evalMs = medianMs(() => void torch.noGrad(() => model.forward(features)), c.warmup, c.iters);
  model.train();
  const trainMs = medianMs(() => {
    model.forward({ ...features, labels }).loss!.backward();
    model.zeroGrad();
  }, c.warmup, c.iters);
  return { eval_ms: evalMs, train_ms: trainMs };
}

const selected = (process.argv.slice(2).length ? process.argv.slice(2) : ['small', 'base']).map((k) => {
  const c = CASES[k];
  if (!c) throw new Error(`unknown case ${k}; choose from ${Object.keys(CASES).join(', ')}`);
  return c;
});
const python = process.env.TSTORCH_PYTHON ?? '/usr/bin/python3';
const here = dirname(fileURLToPath(import.meta.url));
const py = JSON.parse(execFileSync(python, [join(here, 'bert.py'), JSON.stringify(selected)], { encoding: 'utf8' })) as Record<string, { eval_ms: number; train_ms: number }>;
const ts = Object.fromEntries(selected.map((c) => [c.name, run(c)]));

console.log(`libtorch ${torch.buildInfo().torchVersion}, 1 thread, BertForSequenceClassification, median ms per step (lower is better)`);
console.log('| shape | step | tstorch (ms) | PyTorch (ms) | tstorch / PyTorch |');
console.log('|---|---|---|---|---|');
for (const c of selected) {
  const shape = `${c.name}: ${c.layers} layers, hidden ${c.hidden}, ${c.heads} heads, intermediate ${c.intermediate}, batch ${c.batch} x seq ${c.seq}`;
  for (const [label, key] of [['eval (no grad)', 'eval_ms'], ['train (forward + backward)', 'train_ms']] as const) {
    const a = ts[c.name]![key];
    const b = py[c.name]![key];
    console.log(`| ${shape} | ${label} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(3)} |`);
  }
}
