// A fine-tuning loop in the tutorial's shape (model.parameters() -> AdamW, linear schedule, clipping,
// model.forward(batch)) replayed against transformers/PyTorch's recorded run (hf-tiny-bert train_manual.json):
// every step's loss and gradient norm, the final eval logits and every parameter's final norm.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { BertForSequenceClassification, getScheduler } from 'tstorch/transformers';
import { readFileSync } from 'node:fs';
import { fixture } from './helpers/fixtures.js';
import { maxAbsDiff, readReference, type RefTensor } from './helpers/reference-tensors.js';

interface Run {
  max_grad_norm: number;
  lr: number;
  steps: { example_indices: number[]; lr: number; loss: number; grad_norm_before_clip: number }[];
  final_eval: { logits: RefTensor; loss: number };
  final_param_l2_norm: Record<string, number>;
}
const ref = readReference<{ runs: Record<string, Run> }>('hf-tiny-bert', 'references', 'train_manual.json');
const rows = (file: string) =>
  readFileSync(fixture('hf-tiny-bert', 'data', file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input_ids: number[]; label: number });
const train = rows('train.jsonl');
const evalRows = rows('eval.jsonl');

/** Rows padded to 32 tokens, as the references were made; snake_case keys, as a DataLoader batch has. */
function batch(list: { input_ids: number[]; label: number }[]): Record<string, torch.Tensor> {
  const pad = (r: number[]) => [...r, ...Array(32 - r.length).fill(0)];
  return {
    input_ids: torch.tensor(list.map((r) => pad(r.input_ids))),
    attention_mask: torch.tensor(list.map((r) => pad(r.input_ids.map(() => 1)))),
    token_type_ids: torch.zeros([list.length, 32], { dtype: 'int64' }),
    labels: torch.tensor(list.map((r) => r.label)),
  };
}

for (const [name, run] of Object.entries(ref.runs)) {
  describe(`train_manual ${name}`, () => {
    it('matches every step and the trained model', async () => {
      const model = await BertForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model'));
      const optimizer = new torch.optim.AdamW(model.parameters(), { lr: run.lr, weightDecay: 0 });
      const scheduler = getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps: run.steps.length });
      model.train();
      let worstLoss = 0;
      for (const step of run.steps) {
        expect(optimizer.paramGroups[0]!.lr).toBeCloseTo(step.lr, 12);
        const out = model.forward(batch(step.example_indices.map((i) => train[i]!)));
        out.loss!.backward();
        const norm = torch.nn.utils.clipGradNorm(model.parameters(), run.max_grad_norm).item();
        optimizer.step();
        scheduler.step();
        optimizer.zeroGrad();
        worstLoss = Math.max(worstLoss, Math.abs(out.loss!.item() - step.loss));
        expect(Math.abs(out.loss!.item() - step.loss)).toBeLessThanOrEqual(1e-5);
        expect(Math.abs(norm - step.grad_norm_before_clip) / step.grad_norm_before_clip).toBeLessThanOrEqual(1e-4);
      }
      model.eval();
      const evalOut = torch.noGrad(() => model.forward(batch(evalRows)));
      const logitsDiff = maxAbsDiff(evalOut.logits, run.final_eval.logits);
      console.log(`train_manual ${name}: worst step-loss diff ${worstLoss}, final eval logits diff ${logitsDiff}`);
      expect(logitsDiff).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(evalOut.loss!.item() - run.final_eval.loss)).toBeLessThanOrEqual(1e-5);
      for (const [n, p] of model.namedParameters()) {
        // The key bias gets only rounding noise as gradient (softmax ignores it), which Adam scales up to lr-sized
        // steps in the noise's direction: its value is noise on both sides and has no effect on any output.
        if (n.endsWith('attention.self.key.bias')) continue;
        const expected = run.final_param_l2_norm[n]!;
        expect(Math.abs(p.norm().item() - expected) / expected, n).toBeLessThanOrEqual(1e-5);
      }
    });
  });
}
