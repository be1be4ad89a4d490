// The TS-written families in float64 (`model.to('float64')`) against transformers 4.31's `model.double()` on the
// hf-tiny fixtures: logits, loss and the last hidden state of every forward.json batch. The references are
// test/data/family-float64/*.json, made by scripts/make-family-float64-references.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { AutoModelForSequenceClassification } from '../lib/transformers/index.js';
import { batchInputs, type Model } from './helpers/family-parity.js';
import { fixture } from './helpers/fixtures.js';
import { ids } from './helpers/reference-tensors.js';

interface Float64Ref {
  batches: Record<string, { logits: number[][]; loss: number; last_hidden_state: number[][][] }>;
}
interface ForwardRef {
  batches: Record<string, { input_ids: number[][]; attention_mask: number[][]; token_type_ids: number[][] | null; labels: number[] }>;
}

// float64 kernels differ between libtorch builds only in summation order: ~1e-16 relative
const TOL = 1e-12;
const maxDiff = (a: torch.Tensor, ref: number[] | number[][] | number[][][]) => a.sub(torch.tensor(ref, { dtype: 'float64' })).abs().max().item();

describe.each(['roberta', 'xlm-roberta', 'distilbert', 'electra', 'deberta-v2'])('%s in float64', (family) => {
  it('matches transformers 4.31 in float64 (logits, loss, last hidden state)', async () => {
    const ref = JSON.parse(readFileSync(join(import.meta.dirname, 'data', 'family-float64', `${family}.json`), 'utf8')) as Float64Ref;
    const inputs = JSON.parse(readFileSync(fixture(`hf-tiny-${family}`, 'references', 'forward.json'), 'utf8')) as ForwardRef;
    const model = (await AutoModelForSequenceClassification.fromPretrained(fixture(`hf-tiny-${family}`, 'model'))) as unknown as Model;
    model.to('float64').eval();
    for (const p of model.parameters()) expect(p.dtype).toBe('float64');
    for (const [name, b] of Object.entries(ref.batches)) {
      const out = torch.noGrad(() => model.forward({ ...batchInputs(inputs.batches[name]!), labels: ids(inputs.batches[name]!.labels), outputHiddenStates: true }));
      const logits = out.logits as torch.Tensor;
      const hidden = (out.hiddenStates as torch.Tensor[]).at(-1)!;
      expect(logits.dtype).toBe('float64');
      expect(hidden.dtype).toBe('float64');
      expect(maxDiff(logits, b.logits), `${name} logits`).toBeLessThan(TOL);
      expect(maxDiff(hidden, b.last_hidden_state), `${name} last hidden state`).toBeLessThan(TOL);
      expect(Math.abs((out.loss as torch.Tensor).item() - b.loss), `${name} loss`).toBeLessThan(TOL);
    }
  });
});
