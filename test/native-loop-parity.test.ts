// The tutorial's native loop — DataLoader in file order over a tstorch Dataset with the torch format, AdamW,
// getScheduler('linear'), clipGradNorm — against the runs Python transformers/PyTorch recorded:
// hf-tiny-bert references/train_manual.json (three variants) and tiny-random-bert-cased references.json (train).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { Dataset } from 'tstorch/datasets';
import { DataLoader } from 'tstorch/utils/data';
import { AutoModelForSequenceClassification, AutoTokenizer, getScheduler } from 'tstorch/transformers';
import { fixture } from './helpers/fixtures.js';
import { maxAbsDiff, readReference, type RefTensor } from './helpers/reference-tensors.js';

interface Step {
  loss: number;
  lr: number;
  grad_norm_before_clip: number;
}

/** The loop as the tutorial writes it, plus clipping; returns what each step recorded. */
function trainLoop(model: Awaited<ReturnType<typeof AutoModelForSequenceClassification.fromPretrained>>, loader: DataLoader, options: { lr: number; weightDecay?: number; maxGradNorm: number; epochs: number }) {
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: options.lr, weightDecay: options.weightDecay });
  const lrScheduler = getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps: options.epochs * loader.length });
  const steps: Step[] = [];
  model.train();
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const batch of loader) {
      const lr = optimizer.paramGroups[0]!.lr;
      const loss = model.forward(batch).loss!;
      loss.backward();
      const norm = torch.nn.utils.clipGradNorm(model.parameters(), options.maxGradNorm).item();
      optimizer.step();
      lrScheduler.step();
      optimizer.zeroGrad();
      steps.push({ loss: loss.item(), lr, grad_norm_before_clip: norm });
    }
  }
  return steps;
}

function expectSteps(actual: Step[], expected: Step[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((s, i) => {
    const e = expected[i]!;
    expect(Math.abs(s.loss - e.loss), `step ${i + 1} loss`).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(s.lr - e.lr), `step ${i + 1} lr`).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(s.grad_norm_before_clip - e.grad_norm_before_clip), `step ${i + 1} grad norm`).toBeLessThanOrEqual(1e-5);
  });
}

describe('native loop parity: hf-tiny-bert train_manual.json', () => {
  interface Run extends Record<string, unknown> {
    max_grad_norm: number;
    lr: number;
    steps: Step[];
    final_eval: { logits: RefTensor; loss: number };
  }
  const ref = readReference<{ runs: Record<string, Run> }>('hf-tiny-bert', 'references', 'train_manual.json');
  const rows = (file: string) =>
    readFileSync(fixture('hf-tiny-bert', 'data', file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input_ids: number[]; label: number });
  // padded to 32 tokens, as the references were made
  const dataset = (file: string) => {
    const list = rows(file);
    const pad = (r: number[]) => [...r, ...Array(32 - r.length).fill(0)];
    return Dataset.fromDict({
      input_ids: list.map((r) => pad(r.input_ids)),
      attention_mask: list.map((r) => pad(r.input_ids.map(() => 1))),
      token_type_ids: list.map(() => Array(32).fill(0)),
      labels: list.map((r) => r.label),
    }).withFormat('torch');
  };

  for (const [name, run] of Object.entries(ref.runs)) {
    it(`${name}: every step's loss, lr and pre-clip gradient norm, and the final eval logits`, async () => {
      const model = await AutoModelForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'));
      const loader = new DataLoader(dataset('train.jsonl'), { batchSize: 8 });
      const steps = trainLoop(model, loader, { lr: run.lr, weightDecay: 0, maxGradNorm: run.max_grad_norm, epochs: run.steps.length / loader.length });
      expectSteps(steps, run.steps);
      model.eval();
      const [evalBatch] = [...new DataLoader(dataset('eval.jsonl'), { batchSize: 1000 })];
      const out = torch.noGrad(() => model.forward(evalBatch!));
      expect(maxAbsDiff(out.logits, run.final_eval.logits)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(out.loss!.item() - run.final_eval.loss)).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('native loop parity: tiny-random-bert-cased references.json (train)', () => {
  interface Train {
    data: { input_ids: number[][]; attention_mask: number[][]; labels: number[] };
    settings: { max_grad_norm: number; epochs: number; batch_size: number; optimizer_defaults: { lr: number; weight_decay: number } };
    steps: Step[];
    final_eval: { logits: Record<'max_length_512' | 'longest', RefTensor>; loss_with_labels_max_length_512: number };
  }
  const ref = readReference<{ train: Train; texts: { text: string[]; label: number[] } }>('tiny-random-bert-cased', 'references.json');

  it('matches every step with torch AdamW defaults (weight decay 0.01), and the trained model\'s logits', async () => {
    const { data, settings } = ref.train;
    const dir = fixture('tiny-random-bert-cased');
    const model = await AutoModelForSequenceClassification.fromPretrained(dir, { hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 });
    const ds = Dataset.fromDict({
      input_ids: data.input_ids,
      attention_mask: data.attention_mask,
      token_type_ids: data.input_ids.map((r) => r.map(() => 0)),
      labels: data.labels,
    }).withFormat('torch');
    const loader = new DataLoader(ds, { batchSize: settings.batch_size });
    const steps = trainLoop(model, loader, { lr: settings.optimizer_defaults.lr, maxGradNorm: settings.max_grad_norm, epochs: settings.epochs });
    expectSteps(steps, ref.train.steps);

    model.eval();
    const tokenizer = await AutoTokenizer.fromPretrained(dir);
    const encodings = {
      max_length_512: tokenizer(ref.texts.text, { padding: 'max_length', truncation: true, returnTensors: 'pt' }),
      longest: tokenizer(ref.texts.text, { padding: 'longest', truncation: true, returnTensors: 'pt' }),
    };
    for (const [key, enc] of Object.entries(encodings) as ['max_length_512' | 'longest', Record<string, torch.Tensor>][]) {
      const out = torch.noGrad(() => model.forward({ ...enc, labels: torch.tensor(ref.texts.label) }));
      expect(maxAbsDiff(out.logits, ref.train.final_eval.logits[key]), key).toBeLessThanOrEqual(1e-6);
      if (key === 'max_length_512') expect(Math.abs(out.loss!.item() - ref.train.final_eval.loss_with_labels_max_length_512)).toBeLessThanOrEqual(1e-5);
    }
  });
});
