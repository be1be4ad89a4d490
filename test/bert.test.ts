// Parity of the native BERT with numbers Python transformers 4.31 / PyTorch computed (fixtures' READMEs say
// what each number is): eval-mode outputs of every fixture batch, gradients after one backward, and the
// random init of a new model from the same seed.
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { readSafetensors } from '../lib/serialization/safetensors.js';
import { BertConfig } from '../lib/transformers/config.js';
import { BertForSequenceClassification, BertModel } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';
import { ids, maxAbsDiff, readReference, refTensor, type RefTensor } from './helpers/reference-tensors.js';

const TOL = 1e-5;
const TINY = fixture('hf-tiny-bert', 'model');

interface Batch {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
  labels: number[];
  logits: RefTensor;
  loss: number;
  base_model: { last_hidden_state: RefTensor; pooler_output: RefTensor; hidden_states: RefTensor[] };
}
const forwardRef = readReference<{ batches: Record<string, Batch> }>('hf-tiny-bert', 'references', 'forward.json');
const batchInputs = (b: Batch) => ({
  input_ids: ids(b.input_ids),
  attention_mask: ids(b.attention_mask),
  token_type_ids: ids(b.token_type_ids),
});

describe('hf-tiny-bert forward parity (eval, float32 CPU)', () => {
  let clf: BertForSequenceClassification;
  let base: BertModel;
  beforeAll(async () => {
    clf = await BertForSequenceClassification.fromPretrained(TINY);
    base = await BertModel.fromPretrained(TINY);
  });

  it('fromPretrained returns the model in eval mode, like Python', () => {
    expect(clf.training).toBe(false);
    expect(base.training).toBe(false);
  });

  for (const name of Object.keys(forwardRef.batches)) {
    it(`${name}: logits, loss, last_hidden_state, pooler_output and every hidden state`, () => {
      const b = forwardRef.batches[name]!;
      const out = torch.noGrad(() => clf.forward({ ...batchInputs(b), labels: ids(b.labels) }));
      const baseOut = torch.noGrad(() => base.forward({ ...batchInputs(b), outputHiddenStates: true }));
      const diffs = {
        logits: maxAbsDiff(out.logits, b.logits),
        loss: Math.abs(out.loss!.item() - b.loss),
        lastHiddenState: maxAbsDiff(baseOut.lastHiddenState, b.base_model.last_hidden_state),
        poolerOutput: maxAbsDiff(baseOut.poolerOutput!, b.base_model.pooler_output),
        hiddenStates: Math.max(...baseOut.hiddenStates!.map((h, i) => maxAbsDiff(h, b.base_model.hidden_states[i]!))),
      };
      console.log(`hf-tiny-bert ${name} max abs diffs`, diffs);
      expect(baseOut.hiddenStates).toHaveLength(b.base_model.hidden_states.length);
      for (const d of Object.values(diffs)) expect(d).toBeLessThanOrEqual(TOL);
      expect(out.hiddenStates).toBeUndefined(); // only when asked for
    });
  }

  it('the legacy gamma/beta checkpoint gives identical logits, with no warning', async () => {
    const legacy = await BertForSequenceClassification.fromPretrained(fixture('hf-tiny-bert', 'model-legacy-gamma-beta'));
    for (const b of Object.values(forwardRef.batches)) {
      const a = torch.noGrad(() => clf.forward(batchInputs(b)).logits);
      const l = torch.noGrad(() => legacy.forward(batchInputs(b)).logits);
      expect(maxAbsDiff(l, a)).toBe(0);
    }
  });
});

describe('hf-tiny-bert gradients (train mode, dropout 0, one backward)', () => {
  const ref = readReference<{
    loss: number;
    grad_l2_norm: Record<string, number>;
    total_grad_l2_norm: number;
    full_grads: Record<string, RefTensor>;
  }>('hf-tiny-bert', 'references', 'gradients.json');

  it('matches every parameter gradient norm to relative 1e-4, and the stored full gradients', async () => {
    const model = await BertForSequenceClassification.fromPretrained(TINY);
    model.train();
    const b = forwardRef.batches.b_single_padded!;
    const out = model.forward({ ...batchInputs(b), labels: ids(b.labels) });
    expect(Math.abs(out.loss!.item() - ref.loss)).toBeLessThanOrEqual(TOL);
    out.loss!.backward();

    const named = model.namedParameters();
    expect(named.map(([n]) => n).sort()).toEqual(Object.keys(ref.grad_l2_norm).sort());
    let worst = 0;
    let total = 0;
    for (const [name, p] of named) {
      const norm = p.grad!.norm().item();
      total += norm * norm;
      const expected = ref.grad_l2_norm[name]!;
      if (name.endsWith('attention.self.key.bias')) {
        // Analytically zero (softmax ignores a constant added to every score of a row); both sides hold only
        // rounding noise around 1e-13, so relative comparison is meaningless here.
        expect(norm).toBeLessThan(1e-9);
        expect(expected).toBeLessThan(1e-9);
        continue;
      }
      const rel = Math.abs(norm - expected) / expected;
      worst = Math.max(worst, rel);
      expect(rel, name).toBeLessThanOrEqual(1e-4);
    }
    console.log('hf-tiny-bert gradient norms: worst relative diff', worst);
    expect(Math.abs(Math.sqrt(total) - ref.total_grad_l2_norm) / ref.total_grad_l2_norm).toBeLessThanOrEqual(1e-4);

    const params = new Map(named);
    for (const [name, g] of Object.entries(ref.full_grads)) {
      const grad = params.get(name)!.grad!;
      const scale = refTensor(g).abs().max().item();
      expect(maxAbsDiff(grad, g) / scale, name).toBeLessThanOrEqual(1e-4);
    }
    // nn.Embedding(padding_idx=0): no gradient reaches the [PAD] row
    const padRow = params.get('bert.embeddings.word_embeddings.weight')!.grad!.select(0, 0);
    expect(padRow.abs().max().item()).toBe(0);
  });
});

describe('tiny-random-bert-cased (real bert-base-cased vocabulary, dropout 0.1 in config)', () => {
  const ref = readReference<{
    eval: { encodings: Record<string, { input_ids: number[][]; attention_mask: number[][]; token_type_ids: number[][]; logits: RefTensor; loss_with_labels: number; pooler_output: RefTensor; last_hidden_state?: RefTensor }> };
    texts: { label: number[] };
  }>('tiny-random-bert-cased', 'references.json');
  const dir = fixture('tiny-random-bert-cased');

  for (const encoding of ['longest', 'max_length_512']) {
    it(`${encoding}: logits, loss, pooler_output${encoding === 'longest' ? ', last_hidden_state' : ''}`, async () => {
      const e = ref.eval.encodings[encoding]!;
      const clf = await BertForSequenceClassification.fromPretrained(dir);
      const base = await BertModel.fromPretrained(dir);
      const inputs = { input_ids: ids(e.input_ids), attention_mask: ids(e.attention_mask), token_type_ids: ids(e.token_type_ids) };
      const out = torch.noGrad(() => clf.forward({ ...inputs, labels: ids(ref.texts.label) }));
      const b = torch.noGrad(() => base.forward(inputs));
      const diffs: Record<string, number> = {
        logits: maxAbsDiff(out.logits, e.logits),
        loss: Math.abs(out.loss!.item() - e.loss_with_labels),
        poolerOutput: maxAbsDiff(b.poolerOutput!, e.pooler_output),
      };
      if (e.last_hidden_state) diffs.lastHiddenState = maxAbsDiff(b.lastHiddenState, e.last_hidden_state);
      console.log(`tiny-random-bert-cased ${encoding} max abs diffs`, diffs);
      for (const d of Object.values(diffs)) expect(d).toBeLessThanOrEqual(TOL);
    });
  }
});

describe('random init follows transformers', () => {
  // Both checkpoints were made by `torch.manual_seed(0); BertForSequenceClassification(config)`: building the
  // modules in transformers' order, with its _init_weights, gives the same numbers from the same seed.
  for (const name of ['hf-tiny-bert/model', 'tiny-random-bert-cased']) {
    it(`manualSeed(0) + new BertForSequenceClassification(config) reproduces ${name} bit for bit`, async () => {
      const dir = fixture(...name.split('/'));
      const config = await BertConfig.fromPretrained(dir);
      torch.manualSeed(0);
      const model = new BertForSequenceClassification(config);
      expect(model.training).toBe(true); // like a freshly built Python module
      const saved = readSafetensors(`${dir}/model.safetensors`).tensors;
      const named = model.namedParameters();
      expect(named.length).toBe(saved.size);
      for (const [n, p] of named) {
        const raw = saved.get(n)!;
        expect(p.equal(torch.fromBytes(raw.data, 'float32', raw.shape)), n).toBe(true);
      }
    });
  }
});
