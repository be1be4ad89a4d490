// Wav2Vec2 SpecAugment against transformers 4.31 + numpy 1.24 (scripts/gen-wav2vec2-spec-augment-references.py →
// test/data/wav2vec2-spec-augment.json): numpy's legacy RNG bit for bit, `_compute_mask_indices` mask for mask from a
// seed, and a seeded train-mode forward/backward with time and feature masking that gives Python's logits, loss
// and gradients. Also the positional conv's state-dict names.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { setSeed, Wav2Vec2ForSequenceClassification, Wav2Vec2Model } from '../lib/transformers/index.js';
import { computeMaskIndices } from '../lib/transformers/models/wav2vec2/spec-augment.js';
import { LegacyRandomState, numpyRandom } from '../lib/utils/numpy-legacy-random.js';
import { fixture } from './helpers/fixtures.js';
import { maxAbsDiff, type RefTensor } from './helpers/reference-tensors.js';

const here = dirname(fileURLToPath(import.meta.url));
const refs = JSON.parse(readFileSync(join(here, 'data', 'wav2vec2-spec-augment.json'), 'utf8'));
const MODEL = fixture('hf-tiny-wav2vec2', 'model');
const rows = (m: Uint8Array[]) => m.map((r) => Array.from(r));

describe('numpy legacy RNG', () => {
  it('np.random.seed(5): rand, permutation and choice(replace=False) as numpy 1.24', () => {
    const r = new LegacyRandomState(5);
    expect(r.rand()).toBe(0.22199317108973948);
    expect(r.permutation(10)).toEqual([5, 8, 2, 3, 4, 7, 1, 0, 9, 6]);
    expect(r.choiceWithoutReplacement(300, 5)).toEqual([131, 24, 274, 96, 140]);
    expect(() => r.choiceWithoutReplacement(3, 4)).toThrow(/larger sample \(4\) than the population \(3\)/);
    expect(() => r.seed(-1)).toThrow(/numpy seed must be an integer in \[0, 2\^32 - 1\]/);
  });
});

describe('_compute_mask_indices', () => {
  it('every case, drawn in sequence from np.random.seed(123), gives numpy\'s mask', () => {
    const rng = new LegacyRandomState(refs.mask_indices.seed);
    for (const c of refs.mask_indices.cases) {
      const mask = computeMaskIndices(c.batch, c.length, { prob: c.prob, spanLength: c.span, minMasks: c.min_masks }, c.lengths, rng);
      expect(rows(mask), JSON.stringify({ ...c, mask: undefined })).toEqual(c.mask);
    }
  });

  it('a span longer than the axis is a clear error', () => {
    expect(() => computeMaskIndices(1, 5, { prob: 0.5, spanLength: 6, minMasks: 0 })).toThrow(/mask length \(6\) must not exceed the axis it masks \(5\)/);
  });
});

describe('Wav2Vec2 training with SpecAugment', () => {
  const t = refs.train_forward;
  const overrides = {
    applySpecAugment: true, maskTimeProb: 0.3, maskTimeLength: 3, maskTimeMinMasks: 2, maskFeatureProb: 0.25, maskFeatureLength: 4, maskFeatureMinMasks: 0,
  };
  function batch(lengths: number[]): { values: torch.Tensor; mask: torch.Tensor } {
    const values = new Float32Array(lengths.length * 2000);
    const mask = new BigInt64Array(lengths.length * 2000);
    lengths.forEach((n, r) => {
      for (let i = 0; i < n; i++) {
        values[r * 2000 + i] = Math.sin(i * 0.05) + 0.3 * Math.cos(i * 0.17);
        mask[r * 2000 + i] = 1n;
      }
    });
    return { values: torch.tensor(values, { shape: [lengths.length, 2000] }), mask: torch.tensor(mask, { shape: [lengths.length, 2000] }) };
  }

  for (const run of t.runs) {
    it(`seeded train forward ${run.attention_mask ? 'with' : 'without'} an attention mask: logits, loss and gradients as 4.31`, async () => {
      const model = await Wav2Vec2ForSequenceClassification.fromPretrained(MODEL, overrides);
      model.train();
      const { values, mask } = batch(run.rows);
      numpyRandom.seed(7);
      const out = model.forward({ inputValues: values, attentionMask: run.attention_mask ? mask : null, labels: torch.tensor([0, 1, 2]) });
      expect(maxAbsDiff(out.logits, run.logits)).toBeLessThan(1e-5);
      expect(Math.abs(out.loss!.item() - run.loss)).toBeLessThan(1e-5);
      out.loss!.backward();
      const g = model.wav2vec2.masked_spec_embed!.grad!;
      expect(maxAbsDiff(g, run.masked_spec_embed_grad as RefTensor)).toBeLessThan(1e-6);
      const params = Object.fromEntries(model.namedParameters());
      for (const [name, norm] of Object.entries(run.grad_norms as Record<string, number>)) {
        expect(Math.abs(params[name]!.grad!.norm().item() - norm), name).toBeLessThanOrEqual(Math.max(1e-4 * norm, 1e-7));
      }
    });
  }

  it('setSeed seeds the numpy stream: two seeded runs draw the same masks, masked frames carry masked_spec_embed', async () => {
    const model = await Wav2Vec2Model.fromPretrained(MODEL, { ...overrides, maskFeatureProb: 0 });
    model.train();
    const { values } = batch([2000, 2000]);
    const embed = model.masked_spec_embed!;
    const run = () => {
      setSeed(42);
      return torch.noGrad(() => model.forward({ inputValues: values }).lastHiddenState);
    };
    expect(run().equal(run())).toBe(true);
    // with the drawn mask given explicitly, the projected features of those frames are replaced before the encoder
    numpyRandom.seed(3);
    const drawn = computeMaskIndices(2, 199, { prob: 0.3, spanLength: 3, minMasks: 2 });
    numpyRandom.seed(3);
    const implicit = torch.noGrad(() => model.forward({ inputValues: values }).lastHiddenState);
    model.eval();
    const flat = new Uint8Array(2 * 199);
    drawn.forEach((r, i) => flat.set(r, i * 199));
    const explicit = torch.noGrad(() => model.forward({ inputValues: values, maskTimeIndices: torch.fromBytes(flat, 'bool', [2, 199]) }).lastHiddenState);
    expect(maxAbsDiff(implicit, explicit)).toBeLessThan(1e-6);
    expect(embed.shape).toEqual([32]);
    expect(() => model.forward({ inputValues: values, maskTimeIndices: torch.zeros([2, 5], { dtype: 'bool' }) })).toThrow(/mask_time_indices must be \[batch, frames\] = \[2, 199\]/);
  });

  it('eval mode and apply_spec_augment false never mask', async () => {
    const on = await Wav2Vec2Model.fromPretrained(MODEL, overrides);
    const off = await Wav2Vec2Model.fromPretrained(MODEL, { ...overrides, applySpecAugment: false });
    off.train();
    const { values } = batch([2000]);
    const a = torch.noGrad(() => on.forward({ inputValues: values }).lastHiddenState);
    const b = torch.noGrad(() => off.forward({ inputValues: values }).lastHiddenState);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
  });

  it('bad SpecAugment settings are config errors', () => {
    expect(() => new Wav2Vec2Model({ maskTimeProb: 1.5 })).toThrow(/mask_time_prob must be a probability in \[0, 1\]/);
    expect(() => new Wav2Vec2Model({ maskTimeLength: 0 })).toThrow(/mask_time_length must be an integer >= 1/);
  });
});

describe('positional conv weight norm', () => {
  it('the state dict names weight_g / weight_v as 4.31 saves them on torch 1.13', async () => {
    expect(refs.meta.has_parametrizations_weight_norm).toBe(false);
    const model = await Wav2Vec2ForSequenceClassification.fromPretrained(MODEL);
    expect(Object.keys(model.stateDict()).filter((k) => k.includes('pos_conv_embed')).sort()).toEqual([...refs.state_dict_keys].sort());
  });
});
