// Wav2Vec2 against transformers 4.31 (../shared/fixtures/hf-tiny-wav2vec2/references): eval forward of both
// checkpoints (group norm + post-LN, layer norm + stable pre-LN), with and without an attention mask; one backward;
// 10 AdamW steps.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noGrad } from '../lib/autograd.js';
import { tensor } from '../lib/creation.js';
import { AdamW } from '../lib/optim/index.js';
import type { Tensor } from '../lib/tensor.js';
import {
  AutoFeatureExtractor, AutoModelForAudioClassification, getLinearScheduleWithWarmup, loadAudio, Wav2Vec2ForSequenceClassification,
} from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';

const ref = (name: string) => JSON.parse(readFileSync(fixture('hf-tiny-wav2vec2', 'references', name), 'utf8'));
const forward = ref('forward.json');
const MODELS = ['model', 'model-stable-layer-norm'];
const labels = (xs: number[]) => tensor(BigInt64Array.from(xs, BigInt), { shape: [xs.length] });
type Ref = { shape: number[]; data?: number[]; sum?: number };

function maxDiff(a: Tensor, b: Ref): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.contiguous().data() as Float32Array;
  if (!b.data) return Math.abs(Array.from(x).reduce((s, v) => s + v, 0) - b.sum!) / Math.max(1, x.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - Math.fround(b.data[i]!)));
  return m;
}

// The batch `short`: three segments of jfk.wav, padded by the extractor of the checkpoint's flavour.
async function shortBatch(withMask: boolean): Promise<{ input_values: Tensor; attention_mask?: Tensor }> {
  const b = forward.batches.short;
  const wav = await loadAudio(fixture('audio', 'jfk.wav'));
  const clips = (b.segments_start_length as [number, number][]).map(([s, n]) => wav.subarray(s, s + n));
  const fe = await AutoFeatureExtractor.fromPretrained(fixture('hf-tiny-wav2vec2', withMask ? 'model-stable-layer-norm' : 'model'));
  const out = fe(clips, { samplingRate: 16000, padding: true, returnTensors: 'pt' });
  expect(maxDiff(out.input_values as Tensor, withMask ? b.input_values_with_mask_extractor : b.input_values_hf_default_extractor)).toBe(0);
  return withMask ? { input_values: out.input_values as Tensor, attention_mask: out.attention_mask as Tensor } : { input_values: out.input_values as Tensor };
}

describe('Wav2Vec2 forward', () => {
  it.each(MODELS)('%s with the attention mask: logits, loss, pooled output and hidden states to 1e-5', async (name) => {
    const r = forward.batches.short.models[name].with_attention_mask;
    const model = await AutoModelForAudioClassification.fromPretrained(fixture('hf-tiny-wav2vec2', name));
    expect(model).toBeInstanceOf(Wav2Vec2ForSequenceClassification);
    const inputs = await shortBatch(true);
    const out = noGrad(() => model.forward({ ...inputs, labels: labels(forward.labels), outputHiddenStates: true }));
    expect(maxDiff(out.logits, r.logits)).toBeLessThan(1e-5);
    expect(Math.abs(out.loss!.item() - r.loss)).toBeLessThan(1e-5);
    const hs = r.hidden_states as Ref[] | undefined;
    if (hs && Array.isArray(hs)) hs.forEach((h, i) => h.data && expect(maxDiff(out.hiddenStates![i]!, h), `hidden_states[${i}]`).toBeLessThan(1e-5));
  });

  it('the group-norm checkpoint as HF runs it: quirk-padded input and no attention mask', async () => {
    const r = forward.batches.short.models.model.hf_default_no_attention_mask;
    const model = await AutoModelForAudioClassification.fromPretrained(fixture('hf-tiny-wav2vec2', 'model'));
    const inputs = await shortBatch(false);
    const out = noGrad(() => model.forward({ ...inputs, labels: labels(forward.labels) }));
    expect(maxDiff(out.logits, r.logits)).toBeLessThan(1e-5);
  });

  it('freezeFeatureEncoder stops the conv encoder gradients only', async () => {
    const model = (await AutoModelForAudioClassification.fromPretrained(fixture('hf-tiny-wav2vec2', 'model'))) as Wav2Vec2ForSequenceClassification;
    model.freezeFeatureEncoder();
    const frozen = model.namedParameters().filter(([, p]) => !p.requiresGrad).map(([n]) => n);
    expect(frozen.length).toBeGreaterThan(0);
    expect(frozen.every((n) => n.startsWith('wav2vec2.feature_extractor.'))).toBe(true);
  });
});

describe('Wav2Vec2 training', () => {
  it.each(MODELS)('%s: one backward, every gradient norm to 1e-4 relative', async (name) => {
    const g = ref('gradients.json').models[name];
    const model = await Wav2Vec2ForSequenceClassification.fromPretrained(fixture('hf-tiny-wav2vec2', name));
    model.train();
    const out = model.forward({ ...(await shortBatch(true)), labels: labels(forward.labels) });
    expect(Math.abs(out.loss!.item() - g.loss)).toBeLessThan(1e-5);
    out.loss!.backward();
    const params = new Map(model.namedParameters());
    for (const [pname, norm] of Object.entries(g.grad_l2_norm as Record<string, number | null>)) {
      const grad = params.get(pname)!.grad;
      if (norm === null) {
        expect(grad, pname).toBeNull();
        continue;
      }
      expect(Math.abs(grad!.norm().item() - norm), pname).toBeLessThanOrEqual(Math.max(1e-4 * norm, 1e-7));
    }
  });

  it.each(MODELS)('%s: 10 AdamW + linear-schedule steps step for step', async (name) => {
    const r = ref('train_manual.json').models?.[name] ?? ref('train_manual.json').runs?.[name];
    const model = await Wav2Vec2ForSequenceClassification.fromPretrained(fixture('hf-tiny-wav2vec2', name));
    model.train();
    const inputs = await shortBatch(true);
    const y = labels(forward.labels);
    const opt = new AdamW(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 });
    const sched = getLinearScheduleWithWarmup(opt, { numWarmupSteps: 0, numTrainingSteps: 10 });
    for (const step of r.steps as { loss: number; grad_norm_before_clip: number }[]) {
      const loss = model.forward({ ...inputs, labels: y }).loss!;
      expect(Math.abs(loss.item() - step.loss)).toBeLessThan(1e-5);
      loss.backward();
      opt.step();
      sched.step();
      opt.zeroGrad();
    }
  });
});
