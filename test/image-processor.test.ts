// Decoding and ViTImageProcessor against Pillow 9.4 / transformers 4.31 (../shared/fixtures/images, hf-tiny-vit).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../lib/tensor.js';
import { AutoImageProcessor, loadImage, RawImage, resizeLikePil, ViTImageProcessor } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';

const images = JSON.parse(readFileSync(fixture('images', 'decoded.json'), 'utf8')).images as Record<string, any>;
const refs = JSON.parse(readFileSync(fixture('hf-tiny-vit', 'references', 'image_processor.json'), 'utf8'));
const NAMES = Object.keys(images);
const sha = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const FILTERS = ['0_NEAREST', '1_LANCZOS', '2_BILINEAR', '3_BICUBIC', '4_BOX', '5_HAMMING'];

const loaded = new Map<string, RawImage>();
async function load(name: string): Promise<RawImage> {
  if (!loaded.has(name)) loaded.set(name, await loadImage(fixture('images', name)));
  return loaded.get(name)!;
}

function hwcToChw(img: RawImage): Uint8Array {
  const out = new Uint8Array(img.data.length);
  const plane = img.width * img.height;
  for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) out[c * plane + p] = img.data[p * 3 + c]!;
  return out;
}

describe('loadImage', () => {
  it.each(NAMES)('%s decodes to exactly what load_image gives (Pillow 9.4)', async (name) => {
    const img = await load(name);
    const ref = images[name].load_image_rgb;
    expect([img.height, img.width, img.channels]).toEqual(ref.shape);
    expect(sha(img.data)).toBe(ref.sha256);
  });

  it('applies EXIF orientation 6 (1800×1200 stored, 1200×1800 loaded)', async () => {
    const img = await load('portrait_exif6.jpg');
    expect([img.width, img.height]).toEqual([1200, 1800]);
  });

  it('takes a buffer, and names the file when it cannot decode', async () => {
    const bytes = readFileSync(fixture('images', 'rocket.jpg'));
    expect(sha((await loadImage(new Uint8Array(bytes))).data)).toBe(images['rocket.jpg'].load_image_rgb.sha256);
    const dir = mkdtempSync(join(tmpdir(), 'img-'));
    const truncated = join(dir, 'truncated.jpg');
    writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    await expect(loadImage(truncated)).rejects.toThrow(/loadImage: cannot decode .*truncated\.jpg/);
    const corrupt = join(dir, 'corrupt.png');
    writeFileSync(corrupt, Buffer.from('not an image at all'));
    await expect(loadImage(corrupt)).rejects.toThrow(/corrupt\.png/);
    await expect(loadImage(join(dir, 'missing.png'))).rejects.toThrow(/no such file: .*missing\.png/);
  });
});

describe('resizeLikePil', () => {
  it.each(NAMES)('%s: all six filters to 32×32 equal Pillow bit for bit', async (name) => {
    const img = await load(name);
    for (const f of FILTERS) {
      const ref = refs.images[name].resize_only_uint8[f];
      const out = resizeLikePil(img, 32, 32, Number(f[0]));
      const chw = hwcToChw(out);
      if (ref.values) expect(Array.from(chw)).toEqual(ref.values.data);
      expect(sha(chw), f).toBe(ref.sha256);
    }
  });
});

describe('ViTImageProcessor', () => {
  const dir = fixture('hf-tiny-vit', 'model');
  const variants: [string, Record<string, unknown>][] = [
    ['default', {}],
    ['do_normalize_false', { doNormalize: false }],
    ['do_resize_false', { doResize: false }],
    ['resample_bicubic', { resample: 3 }],
    ['size_h48_w40', { size: { height: 48, width: 40 } }],
  ];

  it.each(NAMES)('%s: pixel_values equal transformers 4.31 for every variant (sha256)', async (name) => {
    const processor = await AutoImageProcessor.fromPretrained(dir);
    const img = await load(name);
    for (const [variant, options] of variants) {
      const ref = refs.images[name][variant];
      const out = processor(img, { ...options, returnTensors: 'pt' }).pixel_values as Tensor;
      expect(out.shape, variant).toEqual(ref.shape);
      const data = out.data() as Float32Array;
      if (ref.values) expect(Array.from(data)).toEqual(ref.values.data.map(Math.fround));
      expect(sha(data), variant).toBe(ref.sha256);
    }
  });

  it('batches images into one [N, 3, H, W] tensor and returns arrays without returnTensors', async () => {
    const processor = await AutoImageProcessor.fromPretrained(dir);
    const batch = await Promise.all(['cats_coco_000000039769.png', 'camera_gray.png'].map(load));
    const t = processor(batch, { returnTensors: 'pt' }).pixel_values as Tensor;
    expect(t.shape).toEqual([2, 3, 32, 32]);
    const list = processor(batch).pixel_values as Tensor[];
    expect(list.map((x) => x.shape)).toEqual([[3, 32, 32], [3, 32, 32]]);
    expect(sha(list[1]!.data() as Float32Array)).toBe(refs.images['camera_gray.png'].default.sha256);
  });

  it('rejects images that are not RGB, unknown options, and a folder without preprocessor_config.json', async () => {
    const processor = new ViTImageProcessor({ size: { height: 32, width: 32 } });
    const rgba = new RawImage(new Uint8Array(4 * 4 * 4), 4, 4, 4);
    expect(() => processor(rgba)).toThrow(/image 0 has 4 channel\(s\); expected an RGB image/);
    expect(() => processor(new RawImage(new Uint8Array(4), 2, 2, 1))).toThrow(/1 channel/);
    expect(() => processor(rgba, { doResise: true } as never)).toThrow(/unknown option "doResise"/);
    expect(() => processor({ foo: 1 })).toThrow(/expected an image/);
    const saved = mkdtempSync(join(tmpdir(), 'saved-'));
    const loaded = await AutoImageProcessor.fromPretrained(fixture('hf-tiny-vit', 'model'));
    expect(readFileSync(loaded.savePretrained(saved), 'utf8')).toBe(readFileSync(fixture('hf-tiny-vit', 'model', 'preprocessor_config.json'), 'utf8'));
    const empty = mkdtempSync(join(tmpdir(), 'noproc-'));
    await expect(AutoImageProcessor.fromPretrained(empty)).rejects.toThrow(/preprocessor_config\.json/);
  });
});
