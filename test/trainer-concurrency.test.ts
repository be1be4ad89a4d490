// Runs that share a process must not change each other: two Trainer.train() at once, or predict() while another
// Trainer trains, give exactly (bit for bit) the losses and predictions each gives alone. The shuffle of every
// epoch and dropout (turned on here: hf-tiny-bert has none) draw from libtorch's global generator, which each run
// swaps in as its own stream (lib/transformers/trainer/rng-scope.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { loadDataset, type Dataset, type DatasetDict } from 'tstorch/datasets';
import { AutoModelForSequenceClassification, AutoTokenizer, TrainingArguments } from 'tstorch/transformers';
import { fixture } from './helpers/fixtures.js';
import { RecordingTrainer } from './helpers/recording-trainer.js';

const root = mkdtempSync(join(tmpdir(), 'tstorch-trainer-concurrency-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

let data: DatasetDict;
beforeAll(async () => {
  const dir = fixture('hf-tiny-bert', 'data');
  const raw = (await loadDataset('json', { dataFiles: { train: join(dir, 'train.jsonl'), eval: join(dir, 'eval.jsonl') } })) as DatasetDict;
  const tokenizer = await AutoTokenizer.fromPretrained(fixture('hf-tiny-bert', 'model'));
  data = await raw.map((ex: { text: string[] }) => tokenizer(ex.text, { padding: 'max_length', truncation: true, maxLength: 32 }), { batched: true, disableProgress: true });
});

/** A Trainer over a fresh copy of hf-tiny-bert; `seed` and `lr` make two runs draw and move differently. */
async function makeTrainer(seed: number, learningRate: number): Promise<RecordingTrainer> {
  const model = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'), { hiddenDropoutProb: 0.1, attentionProbsDropoutProb: 0.1 });
  const args = new TrainingArguments({
    outputDir: join(root, `run-${++runs}`),
    perDeviceTrainBatchSize: 8,
    numTrainEpochs: 3,
    seed,
    learningRate,
    reportTo: 'none',
    disableTqdm: true,
    saveStrategy: 'no',
    loggingSteps: 100,
  });
  return new RecordingTrainer({ model, args, trainDataset: (data.train as Dataset).select([...Array(16).keys()]), evalDataset: data.eval as Dataset });
}

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

describe('Trainer runs at once in one process', () => {
  it('two train() calls at once give exactly their solo losses', async () => {
    const soloA = await makeTrainer(1, 5e-3);
    await quiet(() => soloA.train());
    const soloB = await makeTrainer(2, 1e-3);
    await quiet(() => soloB.train());

    const a = await makeTrainer(1, 5e-3);
    const b = await makeTrainer(2, 1e-3);
    await quiet(() => Promise.all([a.train(), b.train()]));
    expect(a.losses).toHaveLength(6);
    expect(a.losses).toEqual(soloA.losses);
    expect(b.losses).toEqual(soloB.losses);
    // the runs really differ (different seeds), so equality above is not trivial
    expect(a.losses).not.toEqual(b.losses);
  });

  it('predict() while another Trainer trains changes neither', async () => {
    const solo = await makeTrainer(3, 5e-3);
    await quiet(() => solo.train());
    const predictor = await makeTrainer(4, 5e-3);
    const alone = await quiet(() => predictor.predict(data.eval as Dataset));

    const training = await makeTrainer(3, 5e-3);
    // predict() starts between two training steps, as a request to a server that trains would
    const [, during] = await quiet(() => Promise.all([training.train(), new Promise((r) => setImmediate(r)).then(() => predictor.predict(data.eval as Dataset))]));
    expect(training.losses).toEqual(solo.losses);
    expect(torch.equal(during.predictions!, alone.predictions!)).toBe(true);
  });
});
