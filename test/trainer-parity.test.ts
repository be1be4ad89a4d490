// The Trainer against the real transformers 4.31 Trainer (hf-tiny-bert references/trainer.json): same model,
// data, tokenization and arguments; every step's exact loss, the logged learning rates, the per-epoch eval
// loss and accuracy, and the final predictions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { loadDataset, type Dataset, type DatasetDict } from 'tstorch/datasets';
import { AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments, type EvalPrediction } from 'tstorch/transformers';
import { SequentialSampler } from 'tstorch/utils/data';
import { fixture } from './helpers/fixtures.js';
import { maxAbsDiff, readReference, type RefTensor } from './helpers/reference-tensors.js';
import { RecordingTrainer } from './helpers/recording-trainer.js';

interface RunRef {
  train_example_order_per_epoch: number[][];
  exact_step_losses: number[];
  log_history: Record<string, number>[];
  train_output: { global_step: number; training_loss: number };
  final_eval_via_predict: { logits: RefTensor };
}
const ref = readReference<{ runs: Record<'main' | 'sequential_check', RunRef> }>('hf-tiny-bert', 'references', 'trainer.json');
const root = mkdtempSync(join(tmpdir(), 'tstorch-trainer-parity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let data: DatasetDict;
beforeAll(async () => {
  const dir = fixture('hf-tiny-bert', 'data');
  const raw = (await loadDataset('json', { dataFiles: { train: join(dir, 'train.jsonl'), eval: join(dir, 'eval.jsonl') } })) as DatasetDict;
  const tokenizer = await AutoTokenizer.fromPretrained(fixture('hf-tiny-bert', 'model'));
  // every row padded to 32 tokens, as the references were made
  data = await raw.map((ex: { text: string[] }) => tokenizer(ex.text, { padding: 'max_length', truncation: true, maxLength: 32 }), { batched: true });
});

async function runTrainer(make: (opts: ConstructorParameters<typeof Trainer>[0]) => RecordingTrainer, name: string, extra: { bf16?: boolean } = {}) {
  const model = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'));
  const args = new TrainingArguments({
    outputDir: join(root, name),
    perDeviceTrainBatchSize: 8,
    numTrainEpochs: 2,
    seed: 42,
    evalStrategy: 'epoch',
    reportTo: 'none',
    loggingSteps: 1,
    dataloaderDropLast: false,
    disableTqdm: true,
    saveStrategy: 'no',
    optim: 'adamw_torch',
    ...extra,
  });
  const computeMetrics = ({ predictions, labelIds }: EvalPrediction) => ({ accuracy: torch.argmax(predictions, -1).eq(labelIds).float().mean().item() });
  const trainer = make({ model, args, trainDataset: data.train as Dataset, evalDataset: data.eval as Dataset, computeMetrics });
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const out = await trainer.train();
    return { trainer, out, predicted: await trainer.predict(data.eval as Dataset) };
  } finally {
    process.stdout.write = write;
  }
}

function compare(run: Awaited<ReturnType<typeof runTrainer>>, r: RunRef, label: string): void {
  const worst = Math.max(...run.trainer.losses.map((l, i) => Math.abs(l - r.exact_step_losses[i]!)));
  const logitsDiff = maxAbsDiff(run.predicted.predictions!, r.final_eval_via_predict.logits);
  console.log(`${label}: worst step-loss diff ${worst.toExponential(2)}, final logits diff ${logitsDiff.toExponential(2)}`);
  expect(run.trainer.losses).toHaveLength(12);
  expect(worst).toBeLessThanOrEqual(1e-5);
  const ours = run.trainer.state.logHistory;
  // same entries in the same order: 6 step logs, eval, 6 step logs, eval, the summary
  expect(ours.map((e) => ('eval_loss' in e ? 'eval' : 'loss' in e ? 'loss' : 'summary'))).toEqual(r.log_history.map((e) => ('eval_loss' in e ? 'eval' : 'loss' in e ? 'loss' : 'summary')));
  ours.forEach((e, i) => {
    const p = r.log_history[i]!;
    expect(e.step).toBe(p.step);
    expect(e.epoch).toBe(p.epoch);
    if ('learning_rate' in p) expect(e.learning_rate).toBe(p.learning_rate);
    if ('loss' in p) expect(Math.abs((e.loss as number) - p.loss!)).toBeLessThanOrEqual(1e-4 + 1e-9); // both rounded to 4 decimals
    if ('eval_loss' in p) {
      expect(Math.abs((e.eval_loss as number) - p.eval_loss!)).toBeLessThanOrEqual(1e-5);
      expect(e.eval_accuracy).toBeCloseTo(p.eval_accuracy!, 6);
    }
    if ('train_loss' in p) expect(Math.abs((e.train_loss as number) - p.train_loss!)).toBeLessThanOrEqual(1e-5);
  });
  expect(run.out.globalStep).toBe(r.train_output.global_step);
  expect(Math.abs(run.out.trainingLoss - r.train_output.training_loss)).toBeLessThanOrEqual(1e-5);
  expect(logitsDiff).toBeLessThanOrEqual(1e-5);
}

describe('Trainer parity with transformers 4.31 (hf-tiny-bert trainer.json)', () => {
  it('sequential_check: data set order (getTrainSampler overridden), every step within 1e-5', async () => {
    class Sequential extends RecordingTrainer {
      override getTrainSampler() {
        return new SequentialSampler(this.trainDataset!.length);
      }
    }
    compare(await runTrainer((o) => new Sequential(o), 'sequential'), ref.runs.sequential_check, 'sequential_check');
  });

  it("main: the default shuffling draws transformers' order from the global generator (set_seed(42))", async () => {
    class Orders extends RecordingTrainer {
      readonly orders: number[][] = [];
      override getTrainSampler() {
        const sampler = super.getTrainSampler();
        const orders = this.orders;
        return {
          length: this.trainDataset!.length,
          *[Symbol.iterator]() {
            const order: number[] = [];
            orders.push(order);
            for (const i of sampler) {
              order.push(i);
              yield i;
            }
          },
        };
      }
    }
    const run = await runTrainer((o) => new Orders(o), 'main');
    expect((run.trainer as Orders).orders).toEqual(ref.runs.main.train_example_order_per_epoch);
    compare(run, ref.runs.main, 'main (native shuffling)');
  });

  it('main: replaying the recorded per-epoch example order reproduces it too', async () => {
    // how to replay: a sampler whose k-th iteration yields epoch k's recorded order
    class Replay extends RecordingTrainer {
      override getTrainSampler() {
        let epoch = 0;
        const orders = ref.runs.main.train_example_order_per_epoch;
        return {
          length: orders[0]!.length,
          [Symbol.iterator]: () => orders[epoch++]![Symbol.iterator](),
        };
      }
    }
    compare(await runTrainer((o) => new Replay(o), 'replay'), ref.runs.main, 'main (replayed order)');
  });

  it('bf16 autocasts the native BERT forward: the same run within bfloat16 rounding', async () => {
    class Sequential extends RecordingTrainer {
      override getTrainSampler() {
        return new SequentialSampler(this.trainDataset!.length);
      }
    }
    const run = await runTrainer((o) => new Sequential(o), 'bf16', { bf16: true });
    const diffs = run.trainer.losses.map((l, i) => Math.abs(l - ref.runs.sequential_check.exact_step_losses[i]!));
    console.log(`bf16 vs float32 transformers: worst step-loss diff ${Math.max(...diffs).toExponential(2)}`);
    expect(Math.max(...diffs)).toBeLessThan(1e-2);
    expect(Math.max(...diffs)).toBeGreaterThan(2e-6); // float32 matches to 1.2e-7: these are bfloat16 matmuls
  });
});
