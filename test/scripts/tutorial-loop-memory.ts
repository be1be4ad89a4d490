// The tutorial's native training loop, as users write it (no tidy, no dispose), for many steps on a tiny BERT.
// Prints RSS after warm-up and at the end as JSON; test/native-loop.test.ts bounds the growth.
import * as torch from 'tstorch';
import { DataLoader } from 'tstorch/utils/data';
import { AutoModelForSequenceClassification, getScheduler } from 'tstorch/transformers';

// One intra-op thread: on a 2-core machine libtorch 2.6's default of 2 OpenMP threads beside OpenBLAS's 2 made
// this tiny model's step 13x slower (108 ms against 8 ms, 2026-12-03), past the test's timeout. Memory is what
// is measured here, not threading.
torch.setNumThreads(1);
const steps = Number(process.argv[2] ?? 3000);
const model = await AutoModelForSequenceClassification.fromPretrained(process.argv[3]!);
torch.manualSeed(0);
const rows = Array.from({ length: 64 }, (_, i) => ({
  input_ids: Array.from({ length: 32 }, (_, j) => 5 + ((i * 31 + j * 7) % 290)),
  attention_mask: Array(32).fill(1),
  labels: i % 5,
}));
const loader = new DataLoader({ length: rows.length, at: (i: number) => rows[i]! }, { batchSize: 8, shuffle: true });
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 5e-5 });
const scheduler = getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps: steps });
model.train();
let step = 0;
let warm = 0;
let peak = 0;
const started = Date.now();
while (step < steps) {
  for (const batch of loader) {
    const outputs = model.forward(batch.to('cpu'));
    const loss = outputs.loss!;
    loss.backward();
    optimizer.step();
    scheduler.step();
    optimizer.zeroGrad();
    step++;
    const rss = process.memoryUsage().rss;
    if (step === 300) warm = rss;
    if (step > 300) peak = Math.max(peak, rss);
    if (step === steps) break;
  }
}
console.log(JSON.stringify({ steps, warmMB: warm / 2 ** 20, peakMB: peak / 2 ** 20, msPerStep: (Date.now() - started) / steps, live: torch.memory() }));
