// ViT against transformers 4.31 (../shared/fixtures/hf-tiny-vit/references): eval forward (logits, hidden states,
// attentions), one backward (every parameter's gradient norm), and 10 AdamW steps, both recorded runs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noGrad } from '../lib/autograd.js';
import { tensor } from '../lib/creation.js';
import { clipGradNorm_ } from '../lib/nn/utils.js';
import { AdamW } from '../lib/optim/index.js';
import type { Tensor } from '../lib/tensor.js';
import {
  AutoImageProcessor, AutoModelForImageClassification, getLinearScheduleWithWarmup, loadImage, ViTForImageClassification, ViTModel,
} from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';

const ref = (name: string) => JSON.parse(readFileSync(fixture('hf-tiny-vit', 'references', name), 'utf8'));
const forward = ref('forward.json');
const MODEL = fixture('hf-tiny-vit', 'model');
const asTensor = (t: { shape: number[]; data: number[] }) => tensor(Float32Array.from(t.data), { shape: t.shape });
const sha = (a: Float32Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const labels = (xs: number[]) => tensor(BigInt64Array.from(xs, BigInt), { shape: [xs.length] });

function maxDiff(a: Tensor, b: { shape: number[]; data: number[] }): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.contiguous().data() as Float32Array;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - Math.fround(b.data[i]!)));
  return m;
}

describe('ViT forward', () => {
  it('the processor gives forward.json pixel_values; logits, loss, hidden states and attentions to 1e-5', async () => {
    const processor = await AutoImageProcessor.fromPretrained(MODEL);
    const images = await Promise.all((forward.images as string[]).map((n) => loadImage(fixture('images', n))));
    const pixels = processor(images, { returnTensors: 'pt' }).pixel_values as Tensor;
    expect(maxDiff(pixels, forward.pixel_values)).toBe(0);
    const model = await AutoModelForImageClassification.fromPretrained(MODEL);
    expect(model).toBeInstanceOf(ViTForImageClassification);
    const out = noGrad(() => model.forward({ pixel_values: pixels, labels: labels(forward.labels), outputHiddenStates: true, outputAttentions: true }));
    expect(maxDiff(out.logits, forward.logits)).toBeLessThan(1e-5);
    expect(Math.abs(out.loss!.item() - forward.loss)).toBeLessThan(1e-6);
    out.hiddenStates!.forEach((h, i) => expect(maxDiff(h, forward.hidden_states[i]), `hidden_states[${i}]`).toBeLessThan(1e-5));
    out.attentions!.forEach((a, i) => expect(maxDiff(a, forward.attentions[i]), `attentions[${i}]`).toBeLessThan(1e-5));
    const base = await ViTModel.fromPretrained(MODEL);
    expect(maxDiff(noGrad(() => base.forward({ pixelValues: pixels })).lastHiddenState, forward.last_hidden_state)).toBeLessThan(1e-5);
  });

  it('rejects wrong inputs with clear errors', async () => {
    const model = await ViTForImageClassification.fromPretrained(MODEL);
    expect(() => model.forward({ pixel_values: tensor(new Float32Array(3 * 48 * 48), { shape: [1, 3, 48, 48] }) })).toThrow(/input image size \(48\*48\) doesn't match the model \(32\*32\)/);
    expect(() => model.forward({ pixel_values: tensor(new Float32Array(32 * 32), { shape: [1, 1, 32, 32] }) })).toThrow(/1 channels/);
    expect(() => model.forward({ input_ids: tensor([1]) } as never)).toThrow(/unexpected keyword argument 'input_ids'/);
  });
});

describe('ViT training', () => {
  it('one backward: every gradient norm to 1e-4 relative (absolute 1e-7 for the near-zero key biases)', async () => {
    const g = ref('gradients.json');
    const model = await ViTForImageClassification.fromPretrained(MODEL);
    model.train();
    const out = model.forward({ pixel_values: asTensor(forward.pixel_values), labels: labels(forward.labels) });
    expect(Math.abs(out.loss!.item() - g.loss)).toBeLessThan(1e-6);
    out.loss!.backward();
    const params = new Map(model.namedParameters());
    for (const [name, norm] of Object.entries(g.grad_l2_norm as Record<string, number>)) {
      const got = params.get(name)!.grad!.norm().item();
      expect(Math.abs(got - norm), name).toBeLessThanOrEqual(Math.max(1e-4 * Math.abs(norm), 1e-7));
    }
    for (const [name, full] of Object.entries(g.full_grads as Record<string, { shape: number[]; data: number[] }>)) {
      expect(maxDiff(params.get(name)!.grad!, full), name).toBeLessThan(1e-6);
    }
  });

  it.each(['main', 'wd0.01_clip1.0'])('10 AdamW + linear-schedule steps follow run %s step for step', async (run) => {
    const t = ref('train_manual.json');
    const r = t.runs[run];
    const model = await ViTForImageClassification.fromPretrained(MODEL);
    model.train();
    const processor = await AutoImageProcessor.fromPretrained(MODEL);
    const images = await Promise.all((t.data.images as string[]).map((n) => loadImage(fixture('images', n))));
    const pixels = processor(images, { returnTensors: 'pt' }).pixel_values as Tensor;
    expect(sha(pixels.data() as Float32Array)).toBe(t.data.pixel_values_summary.sha256);
    const y = labels(t.data.labels);
    const weightDecay = run === 'main' ? 0 : 0.01;
    const opt = new AdamW(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay });
    const sched = getLinearScheduleWithWarmup(opt, { numWarmupSteps: 0, numTrainingSteps: 10 });
    for (const step of r.steps as { lr: number; loss: number; grad_norm_before_clip: number }[]) {
      expect(opt.paramGroups[0]!.lr).toBeCloseTo(step.lr, 12);
      const loss = model.forward({ pixel_values: pixels, labels: y }).loss!;
      expect(Math.abs(loss.item() - step.loss)).toBeLessThan(1e-5);
      loss.backward();
      const norm = clipGradNorm_(model.parameters(), r.max_grad_norm ?? Infinity).item();
      expect(Math.abs(norm - step.grad_norm_before_clip)).toBeLessThan(1e-4 * step.grad_norm_before_clip);
      opt.step();
      sched.step();
      opt.zeroGrad();
    }
    model.eval();
    const logits = noGrad(() => model.forward({ pixel_values: pixels }).logits);
    expect(maxDiff(logits, r.final_eval.logits)).toBeLessThan(1e-4);
  });
});
