// XLM-RoBERTa written in TypeScript on torch.nn against transformers 4.31 (hf-tiny-xlm-roberta): eval outputs, the other
// heads, gradients, both 12-step AdamW loops (dropout masks included) and the save round trip.
import { describe, expect, it } from 'vitest';
import {
  AutoModelForMaskedLM,
  AutoModelForQuestionAnswering,
  AutoModelForSequenceClassification,
  AutoModelForTokenClassification,
  RobertaForSequenceClassification,
  XLMRobertaForSequenceClassification,
} from '../lib/transformers/index.js';
import * as torch from '../lib/index.js';
import { fixture } from './helpers/fixtures.js';
import { batchInputs } from './helpers/family-parity.js';
import { readReference } from './helpers/reference-tensors.js';
import { checkForward, checkGradients, checkHead, checkSaveRoundTrip, checkTrainRun } from './helpers/family-parity.js';

const FAMILY = 'xlm-roberta';

describe('XLM-RoBERTa (TS) matches transformers', () => {
  it('eval logits, loss, hidden states and attentions of every batch', async () => {
    const worst = await checkForward(FAMILY, XLMRobertaForSequenceClassification);
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
  it('the checkpoint loads into the RoBERTa classes with the same outputs, bit for bit (as in transformers)', async () => {
    const b = readReference<{ batches: Record<string, { input_ids: number[][]; attention_mask: number[][] }> }>('hf-tiny-xlm-roberta', 'references', 'forward.json').batches.b_single!;
    const xlmr = await XLMRobertaForSequenceClassification.fromPretrained(fixture('hf-tiny-xlm-roberta', 'model'));
    const roberta = await RobertaForSequenceClassification.fromPretrained(fixture('hf-tiny-xlm-roberta', 'model'));
    expect(xlmr.config.modelType).toBe('xlm-roberta');
    const [a, c] = [xlmr, roberta].map((m) => torch.noGrad(() => m.forward(batchInputs(b)).logits));
    expect(a!.equal(c!)).toBe(true);
  });
});

