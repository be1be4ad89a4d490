// The BERT classes as PyTorch / transformers users drive them: nn.Module behaviour, forward inputs (camelCase,
// snake_case, DataLoader batches) and their errors, every head's loss against tensor-op formulas, attentions,
// dropout, activations and dtypes.
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import {
  BertConfig,
  BertForMaskedLM,
  BertForQuestionAnswering,
  BertForSequenceClassification,
  BertForTokenClassification,
  BertModel,
} from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';
import { manualActivation, manualEncode } from './helpers/manual-bert.js';
import { ids, maxAbsDiff, readReference } from './helpers/reference-tensors.js';

const F = torch.nn.functional;
const TINY = fixture('hf-tiny-bert', 'model');
const small = (o: Record<string, unknown> = {}) =>
  new BertConfig({ vocabSize: 99, hiddenSize: 16, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 24, ...o });
const input = ids([[2, 11, 12, 13, 14, 3], [2, 21, 22, 3, 0, 0]]);
const mask = ids([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]]);

describe('nn.Module behaviour', () => {
  let model: BertForSequenceClassification;
  beforeAll(async () => {
    model = await BertForSequenceClassification.fromPretrained(TINY);
  });

  it('namedParameters: Hugging Face names in PyTorch order', () => {
    const ref = readReference<{ grad_l2_norm: Record<string, number> }>('hf-tiny-bert', 'references', 'gradients.json');
    expect(model.namedParameters().map(([n]) => n)).toEqual(Object.keys(ref.grad_l2_norm)); // Python's named_parameters() order
    expect(model.numParameters()).toBe(32_133);
  });

  it('parameters are the model: same objects every call, updates in place change the output, tidy leaves them alive', () => {
    const first = torch.tidy(() => model.parameters());
    expect(model.parameters()).toEqual(first);
    expect(first.every((p, i) => p === model.parameters()[i])).toBe(true);
    expect(first.some((p) => p.isDisposed)).toBe(false);
    const before = model.forward({ inputIds: input, attentionMask: mask }).logits;
    const bias = model.namedParameters().find(([n]) => n === 'classifier.bias')![1];
    torch.noGrad(() => bias.add_(1));
    expect(maxAbsDiff(model.forward({ inputIds: input, attentionMask: mask }).logits, before.add(1))).toBeLessThan(1e-6);
    torch.noGrad(() => bias.sub_(1));
  });

  it('train()/eval() switch dropout and return the model', () => {
    const m = new BertForSequenceClassification(small());
    expect(m.training).toBe(true);
    expect(m.eval()).toBe(m);
    expect(m.training).toBe(false);
    const a = m.forward({ inputIds: input }).logits;
    expect(maxAbsDiff(m.forward({ inputIds: input }).logits, a)).toBe(0);
    m.train();
    expect(maxAbsDiff(m.forward({ inputIds: input }).logits, m.forward({ inputIds: input }).logits)).toBeGreaterThan(0);
    torch.manualSeed(5);
    const x = m.forward({ inputIds: input }).logits;
    torch.manualSeed(5);
    expect(maxAbsDiff(m.forward({ inputIds: input }).logits, x)).toBe(0);
  });

  it('to(dtype) converts in place and keeps the parameter objects', () => {
    const m = new BertForSequenceClassification(small()).eval();
    const params = m.parameters();
    const ref = m.forward({ inputIds: input, attentionMask: mask }).logits;
    expect(m.to('float64')).toBe(m);
    expect(m.dtype).toBe('float64');
    expect(m.parameters()[0]).toBe(params[0]);
    expect(params[0]!.dtype).toBe('float64');
    const out = m.forward({ inputIds: input, attentionMask: mask }).logits;
    expect(out.dtype).toBe('float64');
    expect(maxAbsDiff(out, ref)).toBeLessThan(1e-5);
    m.to({ dtype: 'bfloat16' });
    expect(maxAbsDiff(m.forward({ inputIds: input, attentionMask: mask }).logits, ref)).toBeLessThan(0.1);
    expect(() => m.to('int64')).toThrow(/floating point dtype/);
    expect(() => m.to('cuda:7')).toThrow();
    expect(m.device.toString()).toBe('cpu');
  });

  it('stateDict shares storage; loadStateDict checks keys and shapes as PyTorch', () => {
    const m = new BertForSequenceClassification(small());
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(m.namedParameters().map(([n]) => n));
    const other = new BertForSequenceClassification(small());
    expect(other.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    for (const [n, p] of other.namedParameters()) expect(p.equal(sd[n]!), n).toBe(true);

    const partial = { ...sd, extra: torch.zeros(1) } as Record<string, torch.Tensor>;
    delete partial['classifier.bias'];
    expect(() => other.loadStateDict(partial)).toThrow(
      'Error(s) in loading state_dict for BertForSequenceClassification:\n\tUnexpected key(s) in state_dict: "extra". \n\tMissing key(s) in state_dict: "classifier.bias". ',
    );
    expect(other.loadStateDict(partial, { strict: false })).toEqual({ missingKeys: ['classifier.bias'], unexpectedKeys: ['extra'] });
    expect(() => other.loadStateDict({ 'classifier.bias': torch.zeros(3) }, { strict: false })).toThrow(
      'size mismatch for classifier.bias: copying a param with shape torch.Size([3]) from checkpoint, the shape in current model is torch.Size([2]).',
    );
  });

  it('numParameters({ onlyTrainable }), requiresGrad_ and zeroGrad', () => {
    const m = new BertForSequenceClassification(small());
    const total = m.numParameters();
    for (const [n, p] of m.namedParameters()) if (n.startsWith('bert.')) p.requiresGrad_(false);
    expect(m.numParameters({ onlyTrainable: true })).toBe(16 * 2 + 2);
    m.requiresGrad_(true);
    expect(m.numParameters({ onlyTrainable: true })).toBe(total);
    m.forward({ inputIds: input, labels: ids([0, 1]) }).loss!.backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad({ setToNone: false });
    expect(m.parameters().every((p) => p.grad!.abs().max().item() === 0)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('a training step inside tidy leaves no tensors behind', () => {
    const m = new BertForSequenceClassification(small());
    m.parameters();
    const before = torch.memory().tensors;
    for (let i = 0; i < 3; i++) {
      torch.tidy(() => {
        m.forward({ inputIds: input, attentionMask: mask, labels: ids([0, 1]) }).loss!.backward();
        for (const p of m.parameters()) torch.noGrad(() => p.sub_(p.grad!.mul(0.01)));
        m.zeroGrad();
      });
    }
    expect(torch.memory().tensors).toBe(before);
  });

  it('dispose frees the model; later use is an error', () => {
    const m = new BertModel(small());
    const p = m.parameters()[0]!;
    m.dispose();
    expect(m.isDisposed).toBe(true);
    expect(p.isDisposed).toBe(true);
    expect(() => m.forward({ inputIds: input })).toThrow(/disposed/);
    expect(() => m.parameters()).toThrow('BertModel was disposed; it cannot be used any more');
  });
});

describe('forward inputs', () => {
  const m = new BertForSequenceClassification(small()).eval();

  it('camelCase, snake_case and a DataLoader batch (methods skipped) give the same result', () => {
    const a = m.forward({ inputIds: input, attentionMask: mask, labels: ids([0, 1]) });
    const b = m.forward({ input_ids: input, attention_mask: mask, labels: ids([0, 1]) });
    const batch = { input_ids: input, attention_mask: mask, token_type_ids: torch.zerosLike(input), labels: ids([0, 1]), to: () => batch };
    const c = m.forward(batch);
    expect(maxAbsDiff(b.logits, a.logits)).toBe(0);
    expect(maxAbsDiff(c.logits, a.logits)).toBe(0);
    expect(c.loss!.item()).toBe(a.loss!.item());
  });

  it('unknown keys and wrong values are Python-style errors', () => {
    expect(() => m.forward({ input_ids: input, idx: ids([0, 1]) })).toThrow("BertForSequenceClassification.forward() got an unexpected keyword argument 'idx'");
    expect(() => new BertModel(small()).forward({ input_ids: input, labels: ids([0, 1]) })).toThrow(
      "BertModel.forward() got an unexpected keyword argument 'labels'",
    );
    expect(() => m.forward({ inputIds: input, input_ids: input })).toThrow("got multiple values for argument 'input_ids'");
    expect(() => m.forward({ attentionMask: mask })).toThrow("missing the required input 'input_ids'");
    expect(() => m.forward({ inputIds: [[1, 2]] })).toThrow('inputIds must be a Tensor, got an array');
    expect(() => m.forward({ inputIds: input, outputAttentions: 1 })).toThrow('outputAttentions must be a boolean');
    expect(() => m.forward(input as never)).toThrow('takes an object of inputs');
  });

  it('shapes, dtypes and ranges are checked with clear messages', () => {
    const p = 'BertForSequenceClassification.forward: ';
    expect(() => m.forward({ inputIds: input.float() })).toThrow(`${p}input_ids must be an int64 tensor, got float32; convert it with .long()`);
    expect(() => m.forward({ inputIds: ids([1, 2, 3]) })).toThrow(`${p}input_ids must have shape [batch, seq], got [3]`);
    expect(() => m.forward({ inputIds: input, attentionMask: ids([[1, 1]]) })).toThrow(`${p}attention_mask must have shape [2, 6] like input_ids, got [1, 2]`);
    expect(() => m.forward({ inputIds: input, tokenTypeIds: ids([[0, 0, 0, 0, 0, 2], [0, 0, 0, 0, 0, 0]]) })).toThrow(
      `${p}token_type_ids holds 2, outside type_vocab_size [0, 2)`,
    );
    expect(() => m.forward({ inputIds: ids([Array(25).fill(5)]) })).toThrow(/25 tokens per sequence but the model takes at most 24/);
    expect(() => m.forward({ inputIds: input, labels: ids([0, 1, 1]) })).toThrow(`${p}labels must hold one class index per sequence (shape [2]), got [3]`);
    expect(() => m.forward({ inputIds: input, labels: ids([0, 2]) })).toThrow(`${p}labels holds 2, outside the labels [0, 2) (or -100 to ignore a position)`);
    expect(() => m.forward({ inputIds: input, outputHiddenStates: true }).hiddenStates).not.toThrow();
  });

  it('errors are TypeErrors from the native checks too, and the process survives them', () => {
    let error: unknown;
    try {
      m.forward({ inputIds: ids([[100]]) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('BertForSequenceClassification.forward: input_ids holds 100, outside the vocabulary [0, 99)');
  });
});

describe('heads and losses (against tensor-op formulas)', () => {
  it('sequence classification infers problem_type as transformers and remembers it in the config', () => {
    const reg = new BertForSequenceClassification(small({ numLabels: 1 })).eval();
    const y = torch.tensor([0.5, -1.0]);
    const r = reg.forward({ inputIds: input, labels: y });
    expect(reg.config.problemType).toBe('regression');
    expect(Math.abs(r.loss!.item() - F.mseLoss(r.logits.squeeze(), y).item())).toBeLessThan(1e-7);

    const multi = new BertForSequenceClassification(small({ numLabels: 3 })).eval();
    const yy = torch.tensor([[1, 0, 1], [0, 0, 1]], { dtype: 'float32' });
    const mo = multi.forward({ inputIds: input, labels: yy });
    expect(multi.config.problemType).toBe('multi_label_classification');
    expect(Math.abs(mo.loss!.item() - F.binaryCrossEntropyWithLogits(mo.logits, yy).item())).toBeLessThan(1e-7);

    const single = new BertForSequenceClassification(small({ numLabels: 3 })).eval();
    const s = single.forward({ inputIds: input, labels: ids([2, 0]) });
    expect(single.config.problemType).toBe('single_label_classification');
    expect(Math.abs(s.loss!.item() - F.crossEntropy(s.logits, ids([2, 0])).item())).toBeLessThan(1e-7);
    expect(() => single.forward({ inputIds: input, labels: yy })).toThrow(/one class index per sequence/);
  });

  it('token classification: [batch, seq, labels] logits, -100 ignored', () => {
    const m = new BertForTokenClassification(small({ numLabels: 4 })).eval();
    const labels = ids([[-100, 1, 2, 3, 0, -100], [-100, 3, 3, -100, -100, -100]]);
    const out = m.forward({ inputIds: input, attentionMask: mask, labels });
    expect(out.logits.shape).toEqual([2, 6, 4]);
    expect(Math.abs(out.loss!.item() - F.crossEntropy(out.logits.view(-1, 4), labels.view(-1)).item())).toBeLessThan(1e-7);
  });

  it('question answering: start/end logits and the mean CE with clamped positions', () => {
    const m = new BertForQuestionAnswering(small()).eval();
    const start = ids([1, 40]); // 40 is past the sequence: clamped to 6, then ignored
    const end = ids([[3], [2]]);
    const out = m.forward({ inputIds: input, attentionMask: mask, startPositions: start, endPositions: end });
    expect(out.startLogits.shape).toEqual([2, 6]);
    const ce = (x: torch.Tensor, y: torch.Tensor) => F.crossEntropy(x, y.clamp(0, 6), { ignoreIndex: 6 }).item();
    expect(Math.abs(out.loss!.item() - (ce(out.startLogits, start) + ce(out.endLogits, end.squeeze(-1))) / 2)).toBeLessThan(1e-7);
    expect(m.forward({ inputIds: input }).loss).toBeUndefined();
    expect(() => new BertForQuestionAnswering(small({ numLabels: 3 }))).toThrow(/needs num_labels 2/);
  });

  it('masked LM: decoder tied to the word embeddings, with its own bias', () => {
    torch.manualSeed(3);
    const m = new BertForMaskedLM(small({ hiddenAct: 'gelu_new', initializerRange: 0.5 })).eval();
    const sd = m.stateDict();
    expect(sd['cls.predictions.decoder.weight']!.equal(sd['bert.embeddings.word_embeddings.weight']!)).toBe(true);
    expect(m.namedParameters().map(([n]) => n).filter((n) => n.startsWith('cls.'))).toEqual([
      'cls.predictions.bias',
      'cls.predictions.transform.dense.weight',
      'cls.predictions.transform.dense.bias',
      'cls.predictions.transform.LayerNorm.weight',
      'cls.predictions.transform.LayerNorm.bias',
    ]);
    torch.noGrad(() => sd['cls.predictions.bias']!.normal_(0, 1));
    const labels = ids([[-100, 5, -100, 7, -100, -100], [-100, -100, 9, -100, -100, -100]]);
    const out = m.forward({ inputIds: input, attentionMask: mask, labels });
    const h = manualEncode(sd, { hiddenSize: 16, numHeads: 2, numLayers: 2, act: 'gelu_new', prefix: 'bert.' }, input, mask);
    const t = F.layerNorm(manualActivation.gelu_new(F.linear(h, sd['cls.predictions.transform.dense.weight']!, sd['cls.predictions.transform.dense.bias'])), [16],
      sd['cls.predictions.transform.LayerNorm.weight'], sd['cls.predictions.transform.LayerNorm.bias'], 1e-12);
    const manual = F.linear(t, sd['bert.embeddings.word_embeddings.weight']!, sd['cls.predictions.bias']);
    expect(maxAbsDiff(out.logits, manual)).toBeLessThan(1e-5);
    expect(Math.abs(out.loss!.item() - F.crossEntropy(manual.view(-1, 99), labels.view(-1)).item())).toBeLessThan(1e-5);
    // the decoder sends gradient to every embedding row, not only to the rows of the input tokens
    out.loss!.backward();
    const grad = m.namedParameters().find(([n]) => n === 'bert.embeddings.word_embeddings.weight')![1].grad!;
    expect(grad.select(0, 50).abs().max().item()).toBeGreaterThan(0);
  });

  it('untied MLM decoder (tie_word_embeddings false) has its own weight', () => {
    const m = new BertForMaskedLM(small({ tieWordEmbeddings: false }));
    expect(m.tiedParameters()).toEqual([['cls.predictions.decoder.bias', 'cls.predictions.bias']]);
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toContain('cls.predictions.decoder.weight');
  });
});

describe('outputs, activations and configs', () => {
  it('outputAttentions: per-layer probabilities, rows summing to 1, padded keys at 0', () => {
    const m = new BertModel(small()).eval();
    const out = m.forward({ inputIds: input, attentionMask: mask, outputAttentions: true, outputHiddenStates: true });
    expect(out.attentions).toHaveLength(2);
    expect(out.hiddenStates).toHaveLength(3);
    const a = out.attentions![1]!;
    expect(a.shape).toEqual([2, 2, 6, 6]);
    expect(a.sum(-1).sub(1).abs().max().item()).toBeLessThan(1e-6);
    expect(a.select(0, 1).slice(-1, 4).abs().max().item()).toBe(0);
    // the same model, explicit and (libtorch 2) fused attention paths, agree
    expect(maxAbsDiff(m.forward({ inputIds: input, attentionMask: mask }).lastHiddenState, out.lastHiddenState)).toBeLessThan(1e-5);
    expect(out.poolerOutput!.shape).toEqual([2, 16]);
    expect(new BertModel(small(), { addPoolingLayer: false }).forward({ inputIds: input }).poolerOutput).toBeUndefined();
  });

  for (const act of ['gelu', 'gelu_new', 'relu'] as const) {
    it(`hidden_act ${act} computes transformers' formula`, () => {
      torch.manualSeed(7);
      // large weights, so the activation sees inputs of order 1-10 where the formulas differ
      const m = new BertModel(small({ hiddenAct: act, initializerRange: 0.5 })).eval();
      const manual = manualEncode(m.stateDict(), { hiddenSize: 16, numHeads: 2, numLayers: 2, act }, input, mask);
      expect(maxAbsDiff(m.forward({ inputIds: input, attentionMask: mask }).lastHiddenState, manual)).toBeLessThan(1e-5);
    });
  }

  it('settings tstorch does not implement are rejected when the model is built', () => {
    expect(() => new BertModel(small({ positionEmbeddingType: 'relative_key' }))).toThrow(/position_embedding_type 'relative_key' is not supported/);
    expect(() => new BertModel(small({ isDecoder: true }))).toThrow(/decoder/);
    expect(() => new BertModel(small({ prunedHeads: { 0: [1] } }))).toThrow(/pruned_heads is not supported/);
  });
});
