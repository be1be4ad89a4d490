// A training run in its own process, for the kill / Ctrl-C tests (test/trainer-kill.test.ts). Configured by env:
// OUT (outputDir), RESULT (file for the final log history), RESUME=1 (resume from the last checkpoint),
// KILL_AT_SAVE=<step> (SIGKILL itself halfway through writing checkpoint-<step>), SLOW_MS (busy time per step).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Trainer, TrainingArguments } from 'tstorch/transformers';
import { syntheticDataset, TinyClassifier } from './trainer-helpers.js';

let step = 0;
// saved with each checkpoint after the model weights, as a tokenizer is: the place to die mid-save
const processingClass = {
  savePretrained(dir: string): void {
    writeFileSync(join(dir, 'tokenizer_config.json'), '{}\n');
    if (Number(process.env.KILL_AT_SAVE) === step) process.kill(process.pid, 'SIGKILL');
  },
};

const slow = Number(process.env.SLOW_MS ?? 0);
const trainer = new Trainer({
  model: new TinyClassifier({ dropout: 0.3 }),
  args: new TrainingArguments({
    outputDir: process.env.OUT!,
    disableTqdm: true,
    loggingSteps: 1,
    saveSteps: 3,
    perDeviceTrainBatchSize: 4,
    numTrainEpochs: 3,
    evalStrategy: 'epoch',
    learningRate: 0.02,
  }),
  trainDataset: syntheticDataset(30),
  evalDataset: syntheticDataset(6, { seed: 9 }),
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
