// The tutorial's native training loop, step time next to the same loop in Python torch on the same libtorch
// (bench/native_loop.py): DataLoader with shuffling, forward, backward, AdamW, linear schedule, zeroGrad.
// Run: npx tsx --conditions=source bench/native-loop.ts   (1 thread both sides; prints a Markdown row)
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'tstorch';
import { DataLoader } from 'tstorch/utils/data';
import { AutoModelForSequenceClassification, BertConfig, getScheduler } from 'tstorch/transformers';

torch.setNumThreads(1);
const c = { name: 'small', vocab: 28996, hidden: 256, layers: 4, heads: 4, intermediate: 1024, labels: 5, batch: 8, seq: 128, warmup: 3, iters: 20 };

torch.manualSeed(0);
const model = AutoModelForSequenceClassification.fromConfig(
  new BertConfig({ vocabSize: c.vocab, hiddenSize: c.hidden, numHiddenLayers: c.layers, numAttentionHeads: c.heads, intermediateSize: c.intermediate, numLabels: c.labels }),
);
const n = c.batch * 8;
const ids = torch.randint(1, c.vocab, [n, c.seq]);
const labels = torch.randint(0, c.labels, [n]);
const rows = Array.from({ length: n }, (_, i) => ({ input_ids: ids.select(0, i), attention_mask: torch.onesLike(ids.select(0, i)), labels: labels.select(0, i) }));
const loader = new DataLoader({ length: n, at: (i: number) => rows[i]! }, { batchSize: c.batch, shuffle: true });
const steps = c.warmup + c.iters;
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 5e-5 });
const scheduler = getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps: steps });
model.train();
const times: number[] = [];
while (times.length < steps) {
  for (const batch of loader) {
    const start = performance.now();
    const loss = model.forward(batch).loss!;
    loss.backward();
    optimizer.step();
    scheduler.step();
    optimizer.zeroGrad();
    times.push(performance.now() - start);
    if (times.length === steps) break;
  }
}
const measured = times.slice(c.warmup).sort((a, b) => a - b);
const mine = measured[Math.floor(measured.length / 2)]!;
const here = dirname(fileURLToPath(import.meta.url));
const py = JSON.parse(execFileSync(process.env.TSTORCH_PYTHON ?? '/usr/bin/python3', [join(here, 'native_loop.py'), JSON.stringify(c)], { encoding: 'utf8' })) as { step_ms: number };
console.log(`libtorch ${torch.buildInfo().torchVersion}, 1 thread, BERT ${c.layers} layers hidden ${c.hidden}, batch ${c.batch} seq ${c.seq}: median train step (ms)`);
console.log('| loop | tstorch | Python torch | ratio |');
console.log('|---|---|---|---|');
console.log(`| native loop (DataLoader, forward, backward, AdamW, schedule) | ${mine.toFixed(1)} | ${py.step_ms.toFixed(1)} | ${(mine / py.step_ms).toFixed(2)} |`);
