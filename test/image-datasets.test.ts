// datasets: the Image feature, loadDataset('imagefolder'), map with the image processor, setTransform.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset, Image, loadDataset, type DatasetDict } from '../lib/datasets/index.js';
import type { Tensor } from '../lib/tensor.js';
import { AutoImageProcessor, RawImage } from '../lib/transformers/index.js';
import { DataLoader } from '../lib/utils/data/index.js';
import { fixture } from './helpers/fixtures.js';

const images = JSON.parse(readFileSync(fixture('images', 'decoded.json'), 'utf8')).images as Record<string, any>;
const refs = JSON.parse(readFileSync(fixture('hf-tiny-vit', 'references', 'image_processor.json'), 'utf8'));
const sha = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

// cats/ and dogs/ hold the fixture images; a split-less folder, as most imagefolders are.
function makeImageFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'imagefolder-'));
  const classes: Record<string, string[]> = {
    dogs: ['rocket.jpg', 'mountain_lossy.webp', 'palette_10x10.png', 'chelsea_tall_24x200.png'],
    cats: ['cats_coco_000000039769.png', 'camera_gray.png', 'logo_rgba.png', 'portrait_exif6.jpg'],
  };
  for (const [label, files] of Object.entries(classes)) {
    mkdirSync(join(dir, label));
    for (const f of files) copyFileSync(fixture('images', f), join(dir, label, f));
  }
  return dir;
}

describe('imagefolder', () => {
  it('class folders become a ClassLabel (sorted names); images decode on read, exactly as load_image', async () => {
    const dir = makeImageFolder();
    const ds = (await loadDataset('imagefolder', { dataDir: dir })) as DatasetDict;
    const train = ds.train;
    expect(train.length).toBe(8);
    expect(train.features.label).toEqual({ dtype: 'int64', names: ['cats', 'dogs'] });
    expect(train.features.image).toEqual(new Image());
    for (const row of train.toList()) expect(row.image).toBeInstanceOf(RawImage);
    // Files are sorted by path: cats/ first, then dogs/.
    const first = train.at(0);
    expect(first.label).toBe(0);
    expect(sha((first.image as RawImage).data)).toBe(images['camera_gray.png'].load_image_rgb.sha256);
    expect(train.at(7).label).toBe(1);
  });

  it('map with the processor gives the reference pixel values; setTransform processes on the fly for the DataLoader', async () => {
    const dir = makeImageFolder();
    const train = ((await loadDataset('imagefolder', { dataDir: dir })) as DatasetDict).train;
    const processor = await AutoImageProcessor.fromPretrained(fixture('hf-tiny-vit', 'model'));
    const prepared = (await train.map((ex: { image: RawImage[] }) => processor(ex.image), { batched: true, batchSize: 3 })).removeColumns(['image']);
    expect(prepared.columnNames).toEqual(['label', 'pixel_values']);
    const firstPixels = prepared.at(0).pixel_values as Tensor;
    expect(sha(firstPixels.data() as Float32Array)).toBe(refs.images['camera_gray.png'].default.sha256);
    const [mapped] = [...new DataLoader(prepared, { batchSize: 8 })] as unknown as { pixel_values: Tensor; label: Tensor }[];
    expect(mapped!.pixel_values.shape).toEqual([8, 3, 32, 32]);

    const flipped = train.withTransform((batch) => {
      const imgs = (batch.image as RawImage[]).map((img) => mirror(img));
      return { pixel_values: processor(imgs, { returnTensors: 'pt' }).pixel_values, label: batch.label };
    });
    const row = flipped.at(0);
    expect((row.pixel_values as Tensor).shape).toEqual([3, 32, 32]);
    const loader = new DataLoader(flipped, { batchSize: 4 });
    const batches = [...loader] as unknown as { pixel_values: Tensor; labels?: Tensor; label: Tensor }[];
    expect(batches).toHaveLength(2);
    expect(batches[0]!.pixel_values.shape).toEqual([4, 3, 32, 32]);
    expect(Array.from(batches[1]!.label.data() as BigInt64Array, Number)).toEqual([1, 1, 1, 1]);
    expect(train.at(0).image).toBeInstanceOf(RawImage); // withTransform left the original alone
  });

  it('castColumn(Image) decodes paths lazily; a corrupt file fails when read, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgcast-'));
    const bad = join(dir, 'broken.png');
    writeFileSync(bad, readFileSync(fixture('images', 'cats_coco_000000039769.png')).subarray(0, 5000));
    const ds = Dataset.fromDict({ image: [fixture('images', 'rocket.jpg'), bad] }).castColumn('image', new Image());
    expect(sha((ds.at(0).image as RawImage).data)).toBe(images['rocket.jpg'].load_image_rgb.sha256);
    expect(() => ds.at(1)).toThrow(/Image: cannot decode .*broken\.png/);
    const raw = Dataset.fromDict({ image: [fixture('images', 'rocket.jpg')] }).castColumn('image', new Image({ decode: false }));
    expect(raw.at(0).image).toEqual({ bytes: null, path: fixture('images', 'rocket.jpg') });
    await expect(loadDataset('imagefolder', { dataDir: join(dir, 'nope') })).rejects.toThrow(/is not a folder/);
    await expect(loadDataset('imagefolder', {})).rejects.toThrow(/needs the dataDir option/);
  });
});

// A horizontal flip: the kind of augmentation a transform applies.
function mirror(img: RawImage): RawImage {
  const out = new Uint8Array(img.data.length);
  const c = img.channels;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      for (let k = 0; k < c; k++) out[(y * img.width + x) * c + k] = img.data[(y * img.width + img.width - 1 - x) * c + k]!;
    }
  }
  return new RawImage(out, img.width, img.height, c);
}
