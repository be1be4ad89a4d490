// F.interpolate against Python torch 1.13 and ViT's interpolate_pos_encoding against transformers 4.31
// (scripts/gen-interpolate-references.py → test/data/nn/interpolate.json; and the fixture's 48×48 logits).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import * as F from '../lib/nn/functional.js';
import { AutoImageProcessor, loadImage, ViTForImageClassification } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';
import { maxAbsDiff, refTensor, type RefTensor } from './helpers/reference-tensors.js';

const here = dirname(fileURLToPath(import.meta.url));
const refs = JSON.parse(readFileSync(join(here, 'data', 'nn', 'interpolate.json'), 'utf8')) as {
  interpolate: { name: string; options: F.InterpolateOptions; input: RefTensor; output: RefTensor; weight: RefTensor; input_grad: RefTensor }[];
  vit_interpolate_pos_encoding: {
    height: number; width: number; logits: RefTensor; hidden_states_0: RefTensor; interpolated_pos: RefTensor; position_embeddings_grad: RefTensor;
  }[];
};
const MODEL = fixture('hf-tiny-vit', 'model');
// the references are torch 1.13's kernels; libtorch 2.x's bicubic rounds differently by ~2e-6
const OUTPUT_TOL = torch.buildInfo().torchVersion.startsWith('1.') ? 1e-6 : 1e-5;

describe('F.interpolate', () => {
  for (const c of refs.interpolate) {
    it(`${c.name}: output and input gradient as torch 1.13 (${JSON.stringify(c.options)})`, () => {
      const x = refTensor(c.input).requiresGrad_(true);
      const y = F.interpolate(x, c.options);
      expect(y.shape).toEqual(c.output.shape);
      expect(maxAbsDiff(y, c.output)).toBeLessThan(OUTPUT_TOL);
      y.mul(refTensor(c.weight)).sum().backward();
      expect(maxAbsDiff(x.grad!, c.input_grad)).toBeLessThan(1e-5);
    });
  }

  it('rejects bad arguments with what was wrong', () => {
    const x = torch.zeros([1, 2, 4, 4]);
    expect(() => F.interpolate(x, {})).toThrow(/exactly one of size and scaleFactor/);
    expect(() => F.interpolate(x, { size: 3, scaleFactor: 2 })).toThrow(/exactly one of size and scaleFactor, not both/);
    expect(() => F.interpolate(x, { size: [3, 3, 3] })).toThrow(/2 spatial dimension\(s\) but size has 3 value/);
    expect(() => F.interpolate(x, { size: 0 })).toThrow(/size must be integers >= 1/);
    expect(() => F.interpolate(x, { scaleFactor: -1 })).toThrow(/scaleFactor must be positive finite numbers/);
    expect(() => F.interpolate(x, { size: 3, alignCorners: true })).toThrow(/alignCorners can only be set with the interpolating modes/);
    expect(() => F.interpolate(x, { size: 3, mode: 'linear' })).toThrow(/4-D input, but mode 'linear' needs a 3-D input/);
    expect(() => F.interpolate(torch.zeros([1, 2, 4]), { size: 3, mode: 'bicubic' })).toThrow(/mode 'bicubic' needs a 4-D input/);
    expect(() => F.interpolate(torch.zeros([4, 4]), { size: 3 })).toThrow(/only 3-D, 4-D and 5-D inputs/);
    expect(() => F.interpolate(x, { size: 3, mode: 'nearest', antialias: true })).toThrow(/antialias is only for modes 'bilinear' and 'bicubic'/);
    expect(() => F.interpolate(x, { size: 3, mode: 'cubic' as never })).toThrow(/mode must be one of/);
    expect(() => F.interpolate(x, { size: 3, recomputeScaleFactor: true })).toThrow(/recomputeScaleFactor is not meaningful with an explicit size/);
    expect(() => F.interpolate(x, { scaleFactor: 0.1, mode: 'area' })).toThrow(/gives an empty output/);
    expect(() => F.interpolate(x, { size: 3, align_corners: true } as never)).toThrow(/unknown option 'align_corners' \(did you mean 'alignCorners'\?\)/);
  });
});

/** ((i · 7919) mod 255) / 127.5 − 1 over the flat index, as the generator script makes them. */
function pixels(batch: number, h: number, w: number): torch.Tensor {
  const data = Float32Array.from({ length: batch * 3 * h * w }, (_, i) => ((i * 7919) % 255) / 127.5 - 1);
  return torch.tensor(data, { shape: [batch, 3, h, w] });
}

describe('ViT interpolatePosEncoding', () => {
  for (const c of refs.vit_interpolate_pos_encoding) {
    it(`${c.height}×${c.width}: embeddings, resized positions, logits and the position-embedding gradient as transformers 4.31`, async () => {
      const model = await ViTForImageClassification.fromPretrained(MODEL);
      model.eval();
      const out = model.forward({ pixelValues: pixels(2, c.height, c.width), interpolatePosEncoding: true, outputHiddenStates: true });
      expect(maxAbsDiff(out.hiddenStates![0]!, c.hidden_states_0)).toBeLessThan(1e-5);
      expect(maxAbsDiff(out.logits, c.logits)).toBeLessThan(1e-5);
      const emb = model.vit.embeddings;
      expect(maxAbsDiff(torch.noGrad(() => emb.interpolatePosEncoding(out.hiddenStates![0]!, c.height, c.width)), c.interpolated_pos)).toBeLessThan(OUTPUT_TOL);
      out.logits.sum().backward();
      const g = emb.position_embeddings.grad!;
      expect(maxAbsDiff(g, c.position_embeddings_grad) / refTensor(c.position_embeddings_grad).abs().max().item()).toBeLessThan(1e-4);
    });
  }

  it('the fixture\'s 48×48 batch: pixel_values sha256 and logits as 4.31', async () => {
    const forward = JSON.parse(readFileSync(fixture('hf-tiny-vit', 'references', 'forward.json'), 'utf8'));
    const ref = forward.interpolate_pos_encoding_48x48;
    const processor = await AutoImageProcessor.fromPretrained(MODEL);
    const images = await Promise.all((forward.images as string[]).map((n) => loadImage(fixture('images', n))));
    const pv = processor(images, { size: { height: 48, width: 48 }, returnTensors: 'pt' }).pixel_values as torch.Tensor;
    const bytes = pv.contiguous().data() as Float32Array;
    expect(createHash('sha256').update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest('hex')).toBe(ref.pixel_values.sha256);
    const model = await ViTForImageClassification.fromPretrained(MODEL);
    const out = torch.noGrad(() => model.forward({ pixel_values: pv, interpolate_pos_encoding: true, outputHiddenStates: true }));
    expect(maxAbsDiff(out.logits, ref.logits)).toBeLessThan(1e-5);
    expect(Math.abs(out.hiddenStates![0]!.sum().item() - ref.hidden_states_0.sum)).toBeLessThan(1e-3);
  });

  it('without the flag, another image size is a clear error that names the option', async () => {
    const model = await ViTForImageClassification.fromPretrained(MODEL);
    expect(() => model.forward({ pixelValues: pixels(1, 48, 48) })).toThrow(/doesn't match the model \(32\*32\); pass interpolatePosEncoding: true/);
  });
});
