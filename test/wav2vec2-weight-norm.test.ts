// The weight-normed positional conv's checkpoint names: torch 1.13 + transformers 4.31 write weight_g / weight_v
// (the shared fixture), torch >= 2.1 + 4.31 write parametrizations.weight.original0 / original1
// (test/data/wav2vec2-parametrizations, from scripts/gen-wav2vec2-parametrizations-checkpoint.py on torch 2.6).
// Both load; savePretrained writes the names and shapes 4.31 writes on 1.13.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { readSafetensorsHeader } from '../lib/serialization/safetensors.js';
import { Wav2Vec2ForSequenceClassification } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';
import { maxAbsDiff } from './helpers/reference-tensors.js';

const here = dirname(fileURLToPath(import.meta.url));
const PARAMETRIZED = join(here, 'data', 'wav2vec2-parametrizations');
const ref = JSON.parse(readFileSync(join(PARAMETRIZED, 'reference.json'), 'utf8'));
const MODEL = fixture('hf-tiny-wav2vec2', 'model');
const CONV = 'wav2vec2.encoder.pos_conv_embed.conv';
const input = () => torch.tensor(Float32Array.from({ length: 3200 }, (_, i) => Math.sin(i * 0.03)), { shape: [2, 1600] });
const out = mkdtempSync(join(tmpdir(), 'tstorch-w2v-wn-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Wav2Vec2 positional conv weight norm', () => {
  it('a torch 2.x checkpoint (parametrizations.weight.original0/1) loads into weight_g / weight_v: same tensors, 4.31\'s logits', async () => {
    const header = readSafetensorsHeader(join(PARAMETRIZED, 'model.safetensors'));
    expect([...header.tensors.keys()].filter((k) => k.includes('pos_conv_embed')).sort()).toEqual([...ref.pos_conv_keys].sort());
    const fromNew = await Wav2Vec2ForSequenceClassification.fromPretrained(PARAMETRIZED);
    const fromOld = await Wav2Vec2ForSequenceClassification.fromPretrained(MODEL);
    const a = fromNew.stateDict();
    const b = fromOld.stateDict();
    for (const name of ['weight_g', 'weight_v', 'bias']) expect(a[`${CONV}.${name}`]!.equal(b[`${CONV}.${name}`]!), name).toBe(true);
    const logits = torch.noGrad(() => fromNew.forward({ inputValues: input() }).logits);
    expect(maxAbsDiff(logits, ref.logits)).toBeLessThan(1e-5);
  });

  it('savePretrained writes the keys, shapes and dtypes transformers 4.31 wrote (torch 1.13), and reloads bit-identically', async () => {
    const model = await Wav2Vec2ForSequenceClassification.fromPretrained(MODEL);
    model.savePretrained(out);
    const ours = readSafetensorsHeader(join(out, 'model.safetensors')).tensors;
    const theirs = readSafetensorsHeader(join(MODEL, 'model.safetensors')).tensors;
    const describe = (m: typeof ours) => [...m].map(([k, v]) => `${k} ${v.dtype} [${v.shape.join(',')}]`).sort();
    expect(describe(ours)).toEqual(describe(theirs));
    const again = await Wav2Vec2ForSequenceClassification.fromPretrained(out);
    const x = input();
    const l1 = torch.noGrad(() => model.forward({ inputValues: x }).logits);
    const l2 = torch.noGrad(() => again.forward({ inputValues: x }).logits);
    expect(l1.equal(l2)).toBe(true);
  });
});
