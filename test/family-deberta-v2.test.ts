// DeBERTa-v2 written in TypeScript on torch.nn against transformers 4.31 (hf-tiny-deberta-v2: relative attention with
// c2p + p2c, 16 log buckets, share_att_key, norm_rel_ebd layer_norm, no absolute positions): eval outputs, the other heads,
// gradients, both 12-step AdamW loops (dropout masks included) and the save round trip.
import { describe, expect, it } from 'vitest';
import {
  AutoModelForMaskedLM,
  AutoModelForQuestionAnswering,
  AutoModelForSequenceClassification,
  AutoModelForTokenClassification,
  DebertaV2ForSequenceClassification,
} from '../lib/transformers/index.js';
import { checkForward, checkGradients, checkHead, checkSaveRoundTrip, checkTrainRun } from './helpers/family-parity.js';

const FAMILY = 'deberta-v2';

describe('DeBERTa-v2 (TS) matches transformers', () => {
  it('eval logits, loss, hidden states and attentions of every batch', async () => {
    const worst = await checkForward(FAMILY, DebertaV2ForSequenceClassification);
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
  it('savePretrained → fromPretrained is bit-identical, with the files transformers writes', async () => {
    for (const folder of ['model', 'model-mlm', 'model-qa', 'model-token-cls']) {
      await checkSaveRoundTrip(FAMILY, folder, folder === 'model-mlm' ? AutoModelForMaskedLM : folder === 'model-qa' ? AutoModelForQuestionAnswering : folder === 'model-token-cls' ? AutoModelForTokenClassification : AutoModelForSequenceClassification);
    }
  });
});
