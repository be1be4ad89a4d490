// Child process for test/memory-plain-loop.test.ts: a forward/backward/AdamW loop on an hf-tiny model, plain (no
// dispose, no tidy) or under torch.tidy, printing RSS every `every` steps as JSON lines.
// Usage: tsx --conditions=source test/helpers/plain-loop-rss.ts <plain|tidy> <steps> <every> <fixtureModelDir>
import * as torch from 'tstorch';
import { AutoModelForSequenceClassification } from 'tstorch/transformers';

// One intra-op thread: on a 2-core machine libtorch 2.6's default of 2 OpenMP threads beside OpenBLAS's 2 made
// this tiny model's step 13x slower (108 ms against 8 ms, 2026-12-03), past the test's timeout. Memory is what
// is measured here, not threading.
torch.setNumThreads(1);
const [mode = 'plain', stepsArg = '2000', everyArg = '100', modelDir = ''] = process.argv.slice(2);
const steps = Number(stepsArg);
const every = Number(everyArg);
torch.manualSeed(0);
const model = await AutoModelForSequenceClassification.fromPretrained(modelDir);
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-4 });
const batch = {
  inputIds: torch.randint(5, 90, [8, 32]),
  attentionMask: torch.ones([8, 32], { dtype: 'int64' }),
  labels: torch.randint(0, 2, [8]),
};
model.train();
const step = (): void => {
  const out = model.forward(batch);
  if (mode === 'forward') return;
  out.loss!.backward();
  optimizer.step();
  optimizer.zeroGrad();
  if (mode === 'dispose' || mode === 'disposeLoss') out.loss!.dispose();
  if (mode === 'dispose' || mode === 'disposeLogits') out.logits.dispose();
};
for (let i = 1; i <= steps; i++) {
  if (mode === 'tidy') torch.tidy(step);
  else step();
  if (mode === 'gc' && i % 50 === 0) (globalThis as { gc?: () => void }).gc?.();
  if (i % every === 0) {
    const m = process.memoryUsage();
    const live = torch.memory();
    console.log(JSON.stringify({ step: i, rssMb: Math.round(m.rss / 2 ** 20), heapMb: Math.round(m.heapUsed / 2 ** 20), externalMb: Math.round(m.external / 2 ** 20), liveTensors: live.tensors, liveMb: Math.round(live.bytes / 2 ** 20) }));
  }
}
