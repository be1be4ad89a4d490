// DistilBERT written in TypeScript on torch.nn against transformers 4.31 (hf-tiny-distilbert): eval outputs, the
// other heads, gradients, both 12-step AdamW loops (dropout masks included), the sinusoidal variant and the
// save round trip.
import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import {
  AutoModelForMaskedLM,
  AutoModelForQuestionAnswering,
  AutoModelForSequenceClassification,
  AutoModelForTokenClassification,
  DistilBertForSequenceClassification,
} from '../lib/transformers/index.js';
import { sinusoidalTable } from '../lib/transformers/models/distilbert/modeling_distilbert.js';
import { fixture } from './helpers/fixtures.js';
import { batchInputs, checkForward, checkGradients, checkHead, checkSaveRoundTrip, checkTrainRun, expectClose, type ModelClass } from './helpers/family-parity.js';
import { ids, readReference, type RefTensor } from './helpers/reference-tensors.js';

const FAMILY = 'distilbert';
const HEADS: Record<string, ModelClass> = {
  model: AutoModelForSequenceClassification,
  'model-token-cls': AutoModelForTokenClassification,
  'model-mlm': AutoModelForMaskedLM,
  'model-qa': AutoModelForQuestionAnswering,
  'model-sinusoidal': AutoModelForSequenceClassification,
};

describe('DistilBERT (TS) matches transformers', () => {
  it('eval logits, loss, hidden states and attentions of every batch', async () => {
    const worst = await checkForward(FAMILY, DistilBertForSequenceClassification);
    expect(worst.logits).toBeLessThan(1e-5);
  });
  it('token classification, masked LM and question answering heads', async () => {
    await checkHead(FAMILY, 'token-cls', AutoModelForTokenClassification, 'b_single');
    await checkHead(FAMILY, 'mlm', AutoModelForMaskedLM, 'b_single');
    await checkHead(FAMILY, 'qa', AutoModelForQuestionAnswering, 'c_pairs');
  });
  it('gradient norms of every parameter', async () => {
    await checkGradients(FAMILY, AutoModelForSequenceClassification);
  });
  it('12 AdamW steps without dropout', async () => {
    await checkTrainRun(FAMILY, AutoModelForSequenceClassification, 'dropout0');
  });
  it('12 AdamW steps with dropout (same masks as Python)', async () => {
    await checkTrainRun(FAMILY, AutoModelForSequenceClassification, 'default_dropout');
  });
  it('sinusoidal position embeddings: the table from the checkpoint, frozen, equal to the sinusoid', async () => {
    const ref = readReference<{ batches: Record<string, { input_ids: number[][]; attention_mask: number[][]; labels: number[] }>; family_checks: { sinusoidal_variant: { batches: Record<string, { logits: RefTensor; loss: number }> } } }>(
      'hf-tiny-distilbert', 'references', 'forward.json',
    );
    const model = await DistilBertForSequenceClassification.fromPretrained(fixture('hf-tiny-distilbert', 'model-sinusoidal'));
    const table = model.distilbert.embeddings.position_embeddings.weight;
    expect(table.requiresGrad).toBe(false);
    expect(table.sub(sinusoidalTable(64, 32)).abs().max().item()).toBeLessThan(1e-6);
    for (const [name, r] of Object.entries(ref.family_checks.sinusoidal_variant.batches)) {
      const b = ref.batches[name]!;
      const out = torch.noGrad(() => model.forward({ ...batchInputs(b), labels: ids(b.labels) }));
      expectClose(out.logits, r.logits);
      expect(Math.abs(out.loss!.item() - r.loss)).toBeLessThan(1e-5);
    }
    const fresh = new DistilBertForSequenceClassification({ sinusoidalPosEmbds: true, dim: 32, nHeads: 4, nLayers: 1, hiddenDim: 37, maxPositionEmbeddings: 64, vocabSize: 150 });
    expect(fresh.distilbert.embeddings.position_embeddings.weight.equal(sinusoidalTable(64, 32))).toBe(true);
  });
  it('savePretrained → fromPretrained is bit-identical, with the files transformers writes', async () => {
    for (const [folder, cls] of Object.entries(HEADS)) await checkSaveRoundTrip(FAMILY, folder, cls);
  });
});
