import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import {
  EarlyStoppingCallback,
  getLinearScheduleWithWarmup,
  Trainer,
  TrainerControl,
  TrainingArguments,
  type TrainerModel,
  type TrainingArgumentsOptions,
} from 'tstorch/transformers';
import { Dataset } from 'tstorch/datasets';
import { DataLoader, SequentialSampler } from 'tstorch/utils/data';
import { syntheticDataset, TinyClassifier } from './trainer-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'tstorch-trainer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;
const outDir = () => join(root, `run-${++runs}`);

/** Records the exact loss of every micro-batch; trains in data set order. */
class SequentialTrainer extends Trainer {
  readonly losses: number[] = [];
  override getTrainSampler() {
    return new SequentialSampler(this.trainDataset!.length);
  }
  override trainingStep(model: TrainerModel, inputs: Record<string, unknown>): number {
    const loss = super.trainingStep(model, inputs);
    this.losses.push(loss);
    return loss;
  }
}

function quietArgs(o: Partial<TrainingArgumentsOptions> = {}): TrainingArguments {
  return new TrainingArguments({ outputDir: outDir(), disableTqdm: true, saveStrategy: 'no', loggingSteps: 1, ...o });
}

/** Silences the PrinterCallback's log lines while `fn` runs. */
async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

describe('Trainer training loop', () => {
  it("is transformers' loop: forward, backward, clip, AdamW with decay groups, linear schedule, zero_grad", async () => {
    const data = syntheticDataset(20);
    const opts = { learningRate: 0.05, weightDecay: 0.1, maxGradNorm: 0.5, warmupSteps: 2, numTrainEpochs: 2, perDeviceTrainBatchSize: 6 };
    const trainer = new SequentialTrainer({ model: new TinyClassifier(), args: quietArgs(opts), trainDataset: data });
    const out = await quiet(() => trainer.train());

    // the same steps written out by hand
    const model = new TinyClassifier();
    const named = model.namedParameters();
    const noDecay = new Set(['dense.bias', 'LayerNorm.weight', 'LayerNorm.bias', 'classifier.bias']);
    const opt = new torch.optim.AdamW(
      [
        { params: named.filter(([n]) => !noDecay.has(n)).map(([, p]) => p), weightDecay: 0.1 },
        { params: named.filter(([n]) => noDecay.has(n)).map(([, p]) => p), weightDecay: 0 },
      ],
      { lr: 0.05 },
    );
    const sched = getLinearScheduleWithWarmup(opt, { numWarmupSteps: 2, numTrainingSteps: 8 });
    const losses: number[] = [];
    const norms: number[] = [];
    const lrs: number[] = [];
    const loader = new DataLoader(data.removeColumns(['text']).renameColumn('label', 'labels'), { batchSize: 6 });
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const batch of loader) {
        model.train();
        const loss = model.forward(batch).loss!;
        loss.backward();
        losses.push(loss.item());
        norms.push(torch.nn.utils.clipGradNorm(model.parameters(), 0.5).item());
        opt.step();
        sched.step();
        opt.zeroGrad();
        lrs.push(sched.getLastLr()[0]!);
      }
    }
    expect(trainer.losses).toEqual(losses);
    expect((trainer.model as TinyClassifier).snapshot()).toEqual(model.snapshot());
    const logs = trainer.state.logHistory.filter((e) => 'loss' in e);
    expect(logs.map((e) => e.grad_norm)).toEqual(norms);
    expect(logs.map((e) => e.learning_rate)).toEqual(lrs);
    expect(logs.map((e) => e.loss)).toEqual(losses.map((l) => Math.round(l * 1e4) / 1e4));
    expect(logs.map((e) => e.epoch)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    expect(norms.filter((n) => n > 0.5).length).toBeGreaterThan(0); // clipping was active
    expect(out.globalStep).toBe(8);
    expect(out.trainingLoss).toBeCloseTo(losses.reduce((a, b) => a + b) / 8, 6);
    expect(Object.keys(trainer.state.logHistory.at(-1)!)).toEqual(['train_runtime', 'train_samples_per_second', 'train_steps_per_second', 'total_flos', 'train_loss', 'epoch', 'step']);
  });

  it('puts biases and LayerNorm weights in a group without weight decay', async () => {
    const trainer = new Trainer({ model: new TinyClassifier(), args: quietArgs({ weightDecay: 0.3 }), trainDataset: syntheticDataset(8) });
    const opt = trainer.createOptimizer();
    const names = new Map(trainer.model.namedParameters().map(([n, p]) => [p, n]));
    expect(opt.paramGroups.map((g) => g.params.map((p) => names.get(p)))).toEqual([
      ['embeddings.word_embeddings.weight', 'dense.weight', 'classifier.weight'],
      ['dense.bias', 'LayerNorm.weight', 'LayerNorm.bias', 'classifier.bias'],
    ]);
    expect(opt.paramGroups.map((g) => g.options.weightDecay)).toEqual([0.3, 0]);
  });

  it('gradient accumulation of 2 x batch 4 equals batch 8', async () => {
    const data = syntheticDataset(32);
    const run = async (bs: number, ga: number) => {
      const t = new SequentialTrainer({ model: new TinyClassifier(), args: quietArgs({ perDeviceTrainBatchSize: bs, gradientAccumulationSteps: ga, learningRate: 0.02, numTrainEpochs: 2 }), trainDataset: data });
      await quiet(() => t.train());
      return t;
    };
    const big = await run(8, 1);
    const acc = await run(4, 2);
    expect(acc.state.globalStep).toBe(big.state.globalStep);
    const a = acc.state.logHistory.filter((e) => 'loss' in e);
    const b = big.state.logHistory.filter((e) => 'loss' in e);
    a.forEach((e, i) => {
      expect(e.loss as number).toBeCloseTo(b[i]!.loss as number, 3);
      expect(e.grad_norm as number).toBeCloseTo(b[i]!.grad_norm as number, 5);
      expect(e.learning_rate).toBe(b[i]!.learning_rate);
    });
    const pa = (acc.model as TinyClassifier).snapshot();
    const pb = (big.model as TinyClassifier).snapshot();
    expect(Math.max(...pa.map((x, i) => Math.abs(x - pb[i]!)))).toBeLessThan(1e-5);
    // micro-batch losses are halved, as transformers' accelerate backward does
    expect(acc.losses).toHaveLength(16);
  });

  it('warms up linearly over warmupSteps, or ceil(warmupRatio * total steps)', async () => {
    const t = new Trainer({ model: new TinyClassifier(), args: quietArgs({ learningRate: 0.01, warmupSteps: 4, maxSteps: 10, perDeviceTrainBatchSize: 2 }), trainDataset: syntheticDataset(40) });
    await quiet(() => t.train());
    const lrs = t.state.logHistory.filter((e) => 'learning_rate' in e).map((e) => e.learning_rate as number);
    const expected = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => 0.01 * (s < 4 ? s / 4 : (10 - s) / 6));
    lrs.forEach((lr, i) => expect(lr).toBeCloseTo(expected[i]!, 12));
    const r = new Trainer({ model: new TinyClassifier(), args: quietArgs({ learningRate: 0.01, warmupRatio: 0.25, maxSteps: 10, perDeviceTrainBatchSize: 2 }), trainDataset: syntheticDataset(40) });
    await quiet(() => r.train());
    // ceil(0.25 * 10) = 3 warmup steps
    expect(r.state.logHistory[0]!.learning_rate).toBeCloseTo(0.01 / 3, 12);
  });

  it('bf16 runs the forward passes under CPU autocast', async () => {
    const run = async (bf16: boolean) => {
      const t = new SequentialTrainer({ model: new TinyClassifier(), args: quietArgs({ bf16, useCpu: true, maxSteps: 4, perDeviceTrainBatchSize: 4, learningRate: 0.01 }), trainDataset: syntheticDataset(16) });
      await quiet(() => t.train());
      return t.losses;
    };
    const full = await run(false);
    const half = await run(true);
    expect(half).not.toEqual(full); // bfloat16 matmuls round differently
    half.forEach((l, i) => expect(Math.abs(l - full[i]!)).toBeLessThan(0.05));
  });

  it('drops the columns forward does not take and renames label to labels', async () => {
    const model = new TinyClassifier();
    const t = new Trainer({ model, args: quietArgs({ maxSteps: 2 }), trainDataset: syntheticDataset(16) });
    await quiet(() => t.train()); // TinyClassifier throws on any unexpected input such as 'text'
    expect(model.forwardCalls).toBe(2);
    const textOnly = Dataset.fromDict({ text: ['a', 'b'] });
    await expect(new Trainer({ model, args: quietArgs(), trainDataset: textOnly }).train()).rejects.toThrow(/No columns in the training set match TinyClassifier\.forward's inputs.*\[text\]/);
    const kept = new Trainer({ model, args: quietArgs({ removeUnusedColumns: false, maxSteps: 1 }), trainDataset: syntheticDataset(8) });
    await expect(quiet(() => kept.train())).rejects.toThrow(/unexpected keyword argument 'text'/);
  });

  it('evaluates with computeMetrics and predicts logits and labels in data set order', async () => {
    const evalData = syntheticDataset(11, { seed: 5 });
    const seen: number[][] = [];
    const t = new Trainer({
      model: new TinyClassifier(),
      args: quietArgs({ evalStrategy: 'epoch', numTrainEpochs: 2, perDeviceEvalBatchSize: 4 }),
      trainDataset: syntheticDataset(16),
      evalDataset: evalData,
      computeMetrics: ({ predictions, labelIds }) => {
        seen.push(predictions.shape);
        return { accuracy: torch.argmax(predictions, -1).eq(labelIds).float().mean() };
      },
    });
    await quiet(() => t.train());
    const evals = t.state.logHistory.filter((e) => 'eval_loss' in e);
    expect(evals.map((e) => e.epoch)).toEqual([1, 2]);
    expect(Object.keys(evals[0]!)).toEqual(['eval_loss', 'eval_accuracy', 'eval_runtime', 'eval_samples_per_second', 'eval_steps_per_second', 'epoch', 'step']);
    expect(seen).toEqual([[11, 3], [11, 3]]);
    const p = await t.predict(evalData);
    expect(p.predictions!.shape).toEqual([11, 3]);
    expect(Array.from(p.labelIds!.data(), Number)).toEqual(evalData.column('label'));
    // the eval loss is the mean over examples of the per-batch mean losses repeated per example (batches 4, 4, 3)
    const logits = p.predictions!;
    const labels = p.labelIds!;
    const batchLosses = [0, 4, 8].map((s) => {
      const n = Math.min(4, 11 - s);
      return torch.nn.functional.crossEntropy(logits.narrow(0, s, n), labels.narrow(0, s, n)).item() * n;
    });
    expect(p.metrics.test_loss).toBeCloseTo(batchLosses.reduce((a, b) => a + b) / 11, 5);
    expect(p.metrics.test_accuracy).toBeCloseTo(torch.argmax(logits, -1).eq(labels).float().mean().item(), 6);
  });
});

describe('Trainer callbacks', () => {
  it('calls the events in transformers order with args, state, control', async () => {
    const events: string[] = [];
    const cb = Object.fromEntries(
      ['onTrainBegin', 'onEpochBegin', 'onStepBegin', 'onStepEnd', 'onLog', 'onEvaluate', 'onSave', 'onEpochEnd', 'onTrainEnd'].map((e) => [
        e,
        (args: TrainingArguments, state: { globalStep: number }, control: TrainerControl) => {
          expect(args).toBeInstanceOf(TrainingArguments);
          expect(control).toBeInstanceOf(TrainerControl);
          events.push(`${e}@${state.globalStep}`);
        },
      ]),
    );
    const t = new Trainer({
      model: new TinyClassifier(),
      args: quietArgs({ perDeviceTrainBatchSize: 8, evalStrategy: 'epoch', saveStrategy: 'epoch', loggingSteps: 2 }),
      trainDataset: syntheticDataset(16),
      evalDataset: syntheticDataset(4),
      callbacks: [cb],
    });
    await quiet(() => t.train({}));
    expect(events.slice(0, 9)).toEqual([
      'onTrainBegin@0',
      'onEpochBegin@0',
      'onStepBegin@0',
      'onStepEnd@1',
      'onStepBegin@1',
      'onStepEnd@2',
      'onLog@2',
      'onEpochEnd@2',
      'onLog@2',
    ]);
    expect(events.slice(9, 11)).toEqual(['onEvaluate@2', 'onSave@2']);
    expect(events.at(-2)).toBe('onLog@6');
    expect(events.at(-1)).toBe('onTrainEnd@6');
  });

  it('stops when a callback sets shouldTrainingStop, and with EarlyStoppingCallback', async () => {
    const t = new Trainer({
      model: new TinyClassifier(),
      args: quietArgs({ perDeviceTrainBatchSize: 2 }),
      trainDataset: syntheticDataset(20),
      callbacks: [{ onStepEnd: (_a, state, control) => void (state.globalStep === 3 && (control.shouldTrainingStop = true)) }],
    });
    await quiet(() => t.train());
    expect(t.state.globalStep).toBe(3);

    // learning rate 0: the eval loss never improves, so patience 2 stops after the third evaluation
    const es = new Trainer({
      model: new TinyClassifier(),
      args: quietArgs({ learningRate: 0, numTrainEpochs: 10, evalStrategy: 'epoch', saveStrategy: 'epoch', loadBestModelAtEnd: true, perDeviceTrainBatchSize: 8 }),
      trainDataset: syntheticDataset(16),
      evalDataset: syntheticDataset(8),
      callbacks: [new EarlyStoppingCallback({ earlyStoppingPatience: 2 })],
    });
    await quiet(() => es.train());
    expect(es.state.logHistory.filter((e) => 'eval_loss' in e)).toHaveLength(3);
    expect(es.state.bestModelCheckpoint).toBe(join(es.args.outputDir, 'checkpoint-2'));
    expect(() => new EarlyStoppingCallback({ earlyStoppingPatience: 0 })).toThrow(/earlyStoppingPatience/);
  });

  it('keeps the event loop running: a timer fires between training steps', async () => {
    // steps of 30 ms or more: the loop gives the event loop a turn after each (at most 25 ms apart; loop-turns.ts)
    const slowStep = { onStepEnd: () => void (() => { const end = performance.now() + 30; while (performance.now() < end); })() };
    const t = new Trainer({ model: new TinyClassifier(), args: quietArgs({ maxSteps: 4, perDeviceTrainBatchSize: 2, loggingSteps: 100 }), trainDataset: syntheticDataset(8), callbacks: [slowStep] });
    const firedAt = new Set<number>();
    const timer = setInterval(() => firedAt.add(t.state.globalStep), 1);
    await quiet(() => t.train());
    clearInterval(timer);
    // a turn after steps 1-3; a timer due at a turn's check phase runs in the next turn's timers phase
    expect([...firedAt].filter((s) => s > 0 && s < 4).length).toBeGreaterThanOrEqual(2);
  });

  it('prints log lines as Python dicts and writes trainer_log.jsonl with reportTo jsonl', async () => {
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => {
      lines.push(s);
      return true;
    }) as typeof process.stdout.write;
    const t = new Trainer({ model: new TinyClassifier(), args: quietArgs({ maxSteps: 2, perDeviceTrainBatchSize: 4, reportTo: 'jsonl' }), trainDataset: syntheticDataset(8) });
    try {
      await t.train();
    } finally {
      process.stdout.write = write;
    }
    expect(lines[0]).toMatch(/^\{'loss': \d\.\d+, 'grad_norm': \d\.\d+, 'learning_rate': 2\.5e-05, 'epoch': 0\.5\}\n$/);
    expect(lines.at(-1)).toMatch(/^\{'train_runtime': [\d.]+, 'train_samples_per_second': [\d.]+, 'train_steps_per_second': [\d.]+, 'train_loss': [\d.]+, 'epoch': 1\.0\}\n$/);
    const jsonl = readFileSync(join(t.args.outputDir, 'trainer_log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(jsonl.map((e) => e.step)).toEqual([1, 2, 2]);
    expect(jsonl[0]!.learning_rate).toBe(2.5e-5);
  });
});

describe('Trainer checkpoints', () => {
  it('writes checkpoint-<step> as transformers lays it out, rotating all but the best', async () => {
    const args = new TrainingArguments({
      outputDir: outDir(),
      disableTqdm: true,
      evalStrategy: 'steps',
      evalSteps: 2,
      saveSteps: 2,
      saveTotalLimit: 2,
      loggingSteps: 2,
      loadBestModelAtEnd: true,
      metricForBestModel: 'accuracy',
      perDeviceTrainBatchSize: 4,
      numTrainEpochs: 3,
      learningRate: 0.05,
    });
    // accuracy: 1 at step 2 only, so checkpoint-2 stays the best and survives the rotation
    const t: Trainer = new Trainer({
      model: new TinyClassifier(),
      args,
      trainDataset: syntheticDataset(16),
      evalDataset: syntheticDataset(4),
      computeMetrics: () => ({ accuracy: t.state.globalStep === 2 ? 1 : 0 }),
    });
    await quiet(() => t.train());
    expect(readdirSync(args.outputDir).sort()).toEqual(['checkpoint-12', 'checkpoint-2']);
    const ckpt = join(args.outputDir, 'checkpoint-12');
    expect(readdirSync(ckpt).sort()).toEqual(['model.safetensors', 'optimizer.safetensors', 'rng_state.safetensors', 'scheduler.json', 'trainer_state.json', 'training_args.json']);
    const text = readFileSync(join(ckpt, 'trainer_state.json'), 'utf8');
    const state = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(state)).toEqual([
      'best_metric',
      'best_model_checkpoint',
      'epoch',
      'eval_steps',
      'global_step',
      'is_hyper_param_search',
      'is_local_process_zero',
      'is_world_process_zero',
      'log_history',
      'logging_steps',
      'max_steps',
      'num_train_epochs',
      'save_steps',
      'stateful_callbacks',
      'total_flos',
      'train_batch_size',
      'trial_name',
      'trial_params',
    ]);
    expect(state).toMatchObject({ best_metric: 1, best_model_checkpoint: join(args.outputDir, 'checkpoint-2'), global_step: 12, max_steps: 12, num_train_epochs: 3 });
    expect(text).toContain('"epoch": 3.0,'); // Python floats
    expect(text).toContain('"best_metric": 1.0,');
    // the best model was loaded at the end
    const { readSafetensors } = await import('../lib/serialization/safetensors.js');
    const saved = readSafetensors(join(args.outputDir, 'checkpoint-2', 'model.safetensors')).tensors.get('classifier.bias')!;
    expect(Array.from(new Float32Array(saved.data.slice().buffer))).toEqual(Array.from(t.model.namedParameters().find(([n]) => n === 'classifier.bias')![1].data() as Float32Array));
  });

  it('resumes to exactly the losses of an uninterrupted run (shuffled, dropout, mid-epoch and epoch-end checkpoints)', async () => {
    const data = syntheticDataset(30);
    const evalData = syntheticDataset(6, { seed: 9 });
    const options = { disableTqdm: true, loggingSteps: 1, saveSteps: 3, perDeviceTrainBatchSize: 4, numTrainEpochs: 3, evalStrategy: 'epoch' as const, learningRate: 0.02, weightDecay: 0.01 };
    const full = new Trainer({ model: new TinyClassifier({ dropout: 0.3 }), args: new TrainingArguments({ outputDir: outDir(), ...options }), trainDataset: data, evalDataset: evalData });
    await quiet(() => full.train());
    expect(full.state.globalStep).toBe(24);
    const strip = (h: Record<string, unknown>[]) => h.map(({ eval_runtime, eval_samples_per_second, eval_steps_per_second, train_runtime, train_samples_per_second, train_steps_per_second, ...e }) => e);
    // 8 batches per epoch: checkpoints 6, 9 and 15 are mid-epoch, 24 is the last step (its epoch end is redone)
    for (const step of [6, 9, 15, 24]) {
      const resumed = new Trainer({ model: new TinyClassifier({ dropout: 0.3, seed: 5 }), args: new TrainingArguments({ outputDir: full.args.outputDir, ...options }), trainDataset: data, evalDataset: evalData });
      // a fresh process would also have drawn other numbers first
      torch.rand([7]);
      const out = await quiet(() => resumed.train({ resumeFromCheckpoint: join(full.args.outputDir, `checkpoint-${step}`) }));
      expect(strip(resumed.state.logHistory)).toEqual(strip(full.state.logHistory));
      expect(out.trainingLoss).toBe(full.state.logHistory.at(-1)!.train_loss);
      expect((resumed.model as TinyClassifier).snapshot()).toEqual((full.model as TinyClassifier).snapshot());
    }
    expect(readdirSync(full.args.outputDir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('resumes exactly from checkpoints saved at epoch ends (saveStrategy epoch), with a dataSeed generator', async () => {
    const data = syntheticDataset(20);
    const options = { disableTqdm: true, loggingSteps: 1, saveStrategy: 'epoch' as const, perDeviceTrainBatchSize: 4, numTrainEpochs: 3, dataSeed: 7, learningRate: 0.02 };
    const full = new Trainer({ model: new TinyClassifier({ dropout: 0.3 }), args: new TrainingArguments({ outputDir: outDir(), ...options }), trainDataset: data });
    await quiet(() => full.train());
    expect(readdirSync(full.args.outputDir).sort()).toEqual(['checkpoint-10', 'checkpoint-15', 'checkpoint-5']);
    const resumed = new Trainer({ model: new TinyClassifier({ dropout: 0.3, seed: 3 }), args: new TrainingArguments({ outputDir: full.args.outputDir, ...options }), trainDataset: data });
    await quiet(() => resumed.train({ resumeFromCheckpoint: join(full.args.outputDir, 'checkpoint-5') }));
    const strip = (h: Record<string, unknown>[]) => h.map(({ train_runtime, train_samples_per_second, train_steps_per_second, ...e }) => e);
    expect(strip(resumed.state.logHistory)).toEqual(strip(full.state.logHistory));
  });

  it('dataSeed shuffles from its own generator: the order does not depend on args.seed', async () => {
    const orderOf = async (seed: number, dataSeed: number | null) => {
      const seen: number[] = [];
      class Spy extends Trainer {
        override getTrainSampler() {
          const sampler = super.getTrainSampler();
          return {
            length: 12,
            *[Symbol.iterator]() {
              for (const i of sampler) {
                seen.push(i);
                yield i;
              }
            },
          };
        }
      }
      await quiet(() => new Spy({ model: new TinyClassifier(), args: quietArgs({ seed, dataSeed, numTrainEpochs: 1, perDeviceTrainBatchSize: 4 }), trainDataset: syntheticDataset(12) }).train());
      return seen;
    };
    expect(await orderOf(1, 5)).toEqual(await orderOf(2, 5));
    expect(await orderOf(1, null)).not.toEqual(await orderOf(2, null));
  });

  it('overwriteOutputDir removes old checkpoints; saveOnlyModel writes the model and the state only', async () => {
    const dir = outDir();
    const base = { outputDir: dir, disableTqdm: true, saveSteps: 2, maxSteps: 4, perDeviceTrainBatchSize: 4 };
    await quiet(() => new Trainer({ model: new TinyClassifier(), args: new TrainingArguments(base), trainDataset: syntheticDataset(16) }).train());
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-2', 'checkpoint-4']);
    await quiet(() => new Trainer({ model: new TinyClassifier(), args: new TrainingArguments({ ...base, maxSteps: 2, overwriteOutputDir: true, saveOnlyModel: true }), trainDataset: syntheticDataset(16) }).train());
    expect(readdirSync(dir)).toEqual(['checkpoint-2']);
    expect(readdirSync(join(dir, 'checkpoint-2')).sort()).toEqual(['model.safetensors', 'trainer_state.json', 'training_args.json']);
  });

  it('loggingFirstStep, loggingStrategy epoch and evalDelay', async () => {
    const t = new Trainer({
      model: new TinyClassifier(),
      args: quietArgs({ loggingStrategy: 'epoch', loggingFirstStep: true, evalStrategy: 'epoch', evalDelay: 2, numTrainEpochs: 3, perDeviceTrainBatchSize: 4 }),
      trainDataset: syntheticDataset(8),
      evalDataset: syntheticDataset(4),
    });
    await quiet(() => t.train());
    const kinds = t.state.logHistory.map((e) => `${'eval_loss' in e ? 'eval' : 'loss' in e ? 'loss' : 'end'}@${e.step}`);
    expect(kinds).toEqual(['loss@1', 'loss@2', 'loss@4', 'eval@4', 'loss@6', 'eval@6', 'end@6']);
    // the epoch-1 log averages the losses since the first-step log: one step
    expect(t.state.logHistory[1]!.epoch).toBe(1);
  });

  it('resumeFromCheckpoint: true takes the last checkpoint, and fails clearly without one', async () => {
    const dir = outDir();
    const args = new TrainingArguments({ outputDir: dir, disableTqdm: true, saveSteps: 2, maxSteps: 4, perDeviceTrainBatchSize: 4 });
    await expect(new Trainer({ model: new TinyClassifier(), args, trainDataset: syntheticDataset(16) }).train({ resumeFromCheckpoint: true })).rejects.toThrow(
      `No valid checkpoint found in output directory (${dir})`,
    );
    await quiet(() => new Trainer({ model: new TinyClassifier(), args, trainDataset: syntheticDataset(16) }).train());
    const again = new Trainer({ model: new TinyClassifier(), args: new TrainingArguments({ outputDir: dir, disableTqdm: true, saveSteps: 2, maxSteps: 6, perDeviceTrainBatchSize: 4 }), trainDataset: syntheticDataset(16) });
    await quiet(() => again.train({ resumeFromCheckpoint: true }));
    expect(again.state.logHistory[0]!.step).toBe(6); // went on from checkpoint-4
    expect(existsSync(join(dir, 'checkpoint-6'))).toBe(true);
  });
});
