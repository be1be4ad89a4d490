// The tstorch side of bench/bert.ts: a long-lived worker that builds the BERT of one shape once and, each time the
// driver asks on stdin, times one round of K steps of one mode and answers on stdout (JSON lines; the protocol is
// in bench/bert.ts). bench/bert.py is the same worker in plain PyTorch.
import { createInterface } from 'node:readline';
import * as torch from 'tstorch';
import { BertConfig, BertForSequenceClassification, getScheduler } from 'tstorch/transformers';
import { DataLoader } from 'tstorch/utils/data';
import type { Case, Mode, RoundResult } from './bert-protocol.js';

torch.setNumThreads(1);

function setup(c: Case): Record<Mode, () => void> {
  torch.manualSeed(0);
  const model = new BertForSequenceClassification(new BertConfig({
    vocabSize: c.vocab, hiddenSize: c.hidden, numHiddenLayers: c.layers, numAttentionHeads: c.heads,
    intermediateSize: c.intermediate, numLabels: c.labels,
  }));
  // half the rows padded over their last quarter, as in bench/bert.py
  const mask = torch.ones([c.batch, c.seq], { dtype: 'int64' });
  torch.noGrad(() => mask.slice(0, c.batch / 2).slice(1, (c.seq * 3) / 4).fill_(0));
  const features = { input_ids: torch.randint(1, c.vocab, [c.batch, c.seq]).mul(mask), attention_mask: mask, token_type_ids: torch.zeros([c.batch, c.seq], { dtype: 'int64' }) };
  const labels = torch.randint(0, c.labels, [c.batch]);
  // the tutorial's loop: a shuffling DataLoader over 8 batches of rows, AdamW, a linear schedule
  const n = c.batch * 8;
  const ids = torch.randint(1, c.vocab, [n, c.seq]);
  const rowLabels = torch.randint(0, c.labels, [n]);
  const rows = Array.from({ length: n }, (_, i) => ({ input_ids: ids.select(0, i), attention_mask: torch.onesLike(ids.select(0, i)), labels: rowLabels.select(0, i) }));
  const loader = new DataLoader({ length: n, at: (i: number) => rows[i]! }, { batchSize: c.batch, shuffle: true });
  let batches = loader[Symbol.iterator]();
  const nextBatch = () => {
    let r = batches.next();
    if (r.done) r = (batches = loader[Symbol.iterator]()).next();
    return r.value!;
  };
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 5e-5 });
  const scheduler = getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps: 1_000_000 });
  const trainStep = () => {
    model.forward({ ...features, labels }).loss!.backward();
  };
  return {
    eval: () => void torch.noGrad(() => model.eval().forward(features)),
    train: () => {
      model.train();
      trainStep();
      model.zeroGrad();
    },
    adamw: () => {
      model.train();
      trainStep();
      optimizer.step();
      optimizer.zeroGrad();
    },
    loop: () => {
      model.train();
      model.forward(nextBatch()).loss!.backward();
      optimizer.step();
      scheduler.step();
      optimizer.zeroGrad();
    },
  };
}

let steps: Record<Mode, () => void> | undefined;
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const msg = JSON.parse(line) as { setup: Case } | { mode: Mode; steps: number };
  if ('setup' in msg) {
    steps = setup(msg.setup);
    process.stdout.write(JSON.stringify({ ready: true, torch: torch.buildInfo().torchVersion, threads: torch.getNumThreads() }) + '\n');
    continue;
  }
  const step = steps![msg.mode];
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
