// A training run in its own process, for the kill / Ctrl-C tests (test/trainer-kill.test.ts): the hf-tiny-bert
// classifier with dropout 0.1 (so the RNG state matters) on its fixture data, shuffled. Configured by env:
// OUT (outputDir), RESULT (file for the final log history), RESUME=1 (resume from the last checkpoint),
// KILL_AT_SAVE=<step> (SIGKILL itself halfway through writing checkpoint-<step>), SLOW_MS (busy time per step).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, type Dataset, type DatasetDict } from 'tstorch/datasets';
import { AutoModelForSequenceClassification, Trainer, TrainingArguments } from 'tstorch/transformers';
import { fixture } from './helpers/fixtures.js';

let step = 0;
// saved with each checkpoint after the model, as a tokenizer is: the place to die halfway through a save
const processingClass = {
  savePretrained(dir: string): void {
    writeFileSync(join(dir, 'tokenizer_config.json'), '{}\n');
    if (Number(process.env.KILL_AT_SAVE) === step) process.kill(process.pid, 'SIGKILL');
  },
};

const dir = fixture('hf-tiny-bert', 'data');
const data = (await loadDataset('json', { dataFiles: { train: join(dir, 'train.jsonl'), eval: join(dir, 'eval.jsonl') } })) as DatasetDict;
// the fixture's input_ids padded to 32 tokens
const padded = await data.map((ex: { input_ids: number[][] }) => ({
  input_ids: ex.input_ids.map((r) => [...r, ...Array(32 - r.length).fill(0)]),
  attention_mask: ex.input_ids.map((r) => [...r.map(() => 1), ...Array(32 - r.length).fill(0)]),
}), { batched: true });
const model = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'), { hiddenDropoutProb: 0.1, attentionProbsDropoutProb: 0.1 });

const slow = Number(process.env.SLOW_MS ?? 0);
const trainer = new Trainer({
  model,
  args: new TrainingArguments({
    outputDir: process.env.OUT!,
    disableTqdm: true,
    loggingSteps: 1,
    saveSteps: 3,
    perDeviceTrainBatchSize: 4,
    numTrainEpochs: 2,
    evalStrategy: 'epoch',
    learningRate: 1e-3,
  }),
  trainDataset: padded.train as Dataset,
  evalDataset: padded.eval as Dataset,
  processingClass,
  callbacks: [
    {
      onStepEnd: (_a, state) => {
        step = state.globalStep;
        const until = performance.now() + slow;
        while (performance.now() < until);
        process.stderr.write(`step ${state.globalStep}\n`);
      },
    },
  ],
});
await trainer.train({ resumeFromCheckpoint: process.env.RESUME === '1' });
if (process.env.RESULT) writeFileSync(process.env.RESULT, JSON.stringify(trainer.state.logHistory));
