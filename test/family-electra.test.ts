// ELECTRA written in TypeScript on torch.nn against transformers 4.31 (hf-tiny-electra: embedding_size 16 ≠
// hidden_size 32): eval outputs, the other heads (the discriminator included), gradients, both 12-step AdamW
// loops (dropout masks included) and the save round trip.
import { describe, expect, it } from 'vitest';
import {
  AutoModelForMaskedLM,
  AutoModelForPreTraining,
  AutoModelForQuestionAnswering,
  AutoModelForSequenceClassification,
  AutoModelForTokenClassification,
  ElectraForSequenceClassification,
} from '../lib/transformers/index.js';
import { checkForward, checkGradients, checkHead, checkSaveRoundTrip, checkTrainRun, type ModelClass } from './helpers/family-parity.js';

const FAMILY = 'electra';
const HEADS: Record<string, ModelClass> = {
  model: AutoModelForSequenceClassification,
  'model-token-cls': AutoModelForTokenClassification,
  'model-mlm': AutoModelForMaskedLM,
  'model-qa': AutoModelForQuestionAnswering,
  'model-pretraining': AutoModelForPreTraining,
};

describe('ELECTRA (TS) matches transformers', () => {
  it('eval logits, loss, hidden states (the first after embeddings_project) and attentions', async () => {
    const worst = await checkForward(FAMILY, ElectraForSequenceClassification);
    expect(worst.logits).toBeLessThan(1e-5);
  });
  it('token classification, generator (masked LM), question answering and discriminator heads', async () => {
    await checkHead(FAMILY, 'token-cls', AutoModelForTokenClassification, 'b_single');
    await checkHead(FAMILY, 'mlm', AutoModelForMaskedLM, 'b_single');
    await checkHead(FAMILY, 'qa', AutoModelForQuestionAnswering, 'c_pairs');
    await checkHead(FAMILY, 'pretraining', AutoModelForPreTraining, 'b_single');
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
  it('savePretrained → fromPretrained is bit-identical, with the files transformers writes', async () => {
    for (const [folder, cls] of Object.entries(HEADS)) await checkSaveRoundTrip(FAMILY, folder, cls);
  });
});
