// ViTImageProcessor (transformers 4.31): resize with Pillow's filter, rescale, normalize, channel-first.
import { tensor } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { Callable } from '../tokenizer/callable.js';
import { resizeLikePil } from '../image-utils/pil-resample.js';
import { RawImage } from '../image-utils/raw-image.js';
import { checkKeys, loadPreprocessorConfig, savePreprocessorConfig, type PreprocessorDict } from '../processing/preprocessor-config.js';
import type { ResolveOptions } from '../../hub/index.js';

export interface ImageSize {
  height: number;
  width: number;
}

export interface ViTImageProcessorOptions {
  doResize?: boolean;
  size?: ImageSize;
  /** PIL filter id (0 NEAREST, 1 LANCZOS, 2 BILINEAR, 3 BICUBIC, 4 BOX, 5 HAMMING). */
  resample?: number;
  doRescale?: boolean;
  rescaleFactor?: number;
  doNormalize?: boolean;
  imageMean?: number[];
  imageStd?: number[];
}

export interface ImageProcessorCall extends ViTImageProcessorOptions {
  /** 'pt' stacks the batch into one float32 tensor [N, 3, H, W]; otherwise a list of one [3, H, W] tensor per image. */
  returnTensors?: 'pt' | null;
}

export interface ImageBatchFeature {
  [name: string]: unknown;
  pixel_values: Tensor | Tensor[];
}

const OPTIONS = ['doResize', 'size', 'resample', 'doRescale', 'rescaleFactor', 'doNormalize', 'imageMean', 'imageStd'];
const CONFIG_KEYS: Record<string, keyof ViTImageProcessorOptions> = {
  do_resize: 'doResize', size: 'size', resample: 'resample', do_rescale: 'doRescale', rescale_factor: 'rescaleFactor',
  do_normalize: 'doNormalize', image_mean: 'imageMean', image_std: 'imageStd',
};
// Keys save_pretrained writes that carry no setting.
const INFO_KEYS = ['image_processor_type', 'feature_extractor_type', 'processor_class'];

export interface ViTImageProcessor {
  (images: unknown, options?: ImageProcessorCall): ImageBatchFeature;
}

/** Callable: `processor(images, options)` is `processor.preprocess(images, options)`. */
export class ViTImageProcessor extends Callable<[unknown, ImageProcessorCall?], ImageBatchFeature> {
  readonly doResize: boolean;
  readonly size: ImageSize;
  readonly resample: number;
  readonly doRescale: boolean;
  readonly rescaleFactor: number;
  readonly doNormalize: boolean;
  readonly imageMean: number[];
  readonly imageStd: number[];

  constructor(o: ViTImageProcessorOptions = {}) {
    super();
    checkKeys('ViTImageProcessor', o, OPTIONS);
    this.doResize = o.doResize ?? true;
    this.size = checkSize(o.size ?? { height: 224, width: 224 });
    this.resample = o.resample ?? 2;
    this.doRescale = o.doRescale ?? true;
    this.rescaleFactor = o.rescaleFactor ?? 1 / 255;
    this.doNormalize = o.doNormalize ?? true;
    this.imageMean = o.imageMean ?? [0.5, 0.5, 0.5];
    this.imageStd = o.imageStd ?? [0.5, 0.5, 0.5];
  }

  /** Reads preprocessor_config.json from a folder or hub repo. */
  static async fromPretrained(idOrPath: string, hub: ResolveOptions = {}): Promise<ViTImageProcessor> {
    const { path, dict } = await loadPreprocessorConfig('ViTImageProcessor.fromPretrained', idOrPath, hub);
    return new ViTImageProcessor(vitOptionsFromConfig(dict, path));
  }

  protected _call(images: unknown, call?: ImageProcessorCall): ImageBatchFeature {
    return this.preprocess(images, call);
  }

  /** `preprocess`: one image or a list; every image must be RGB (loadImage converts). */
  preprocess(images: unknown, call: ImageProcessorCall = {}): ImageBatchFeature {
    checkKeys('ViTImageProcessor', call, [...OPTIONS, 'returnTensors']);
    const o = { ...this.settings(), ...definedOnly(call) };
    const list = Array.isArray(images) ? images : [images];
    if (list.length === 0) throw new TypeError('ViTImageProcessor: no images given');
    const size = checkSize(o.size);
    const out = list.map((img, i) => processOne(RawImage.from(img, `ViTImageProcessor: image ${i}`), i, { ...o, size }));
    if (call.returnTensors === 'pt') {
      const first = out[0]!;
      if (!out.every((a) => a.values.length === first.values.length)) {
        throw new Error('ViTImageProcessor: images of different sizes cannot be stacked into one tensor (resize them, or omit returnTensors)');
      }
      const flat = new Float32Array(out.length * first.values.length);
      out.forEach((a, k) => flat.set(a.values, k * first.values.length));
      return { pixel_values: tensor(flat, { shape: [out.length, 3, first.height, first.width] }) };
    }
    if (call.returnTensors !== undefined && call.returnTensors !== null) {
      throw new TypeError(`ViTImageProcessor: returnTensors must be 'pt' or omitted, got ${JSON.stringify(call.returnTensors)}`);
    }
    // one [3, H, W] tensor per image, as Python returns one array per image
    return { pixel_values: out.map((a) => tensor(a.values, { shape: [3, a.height, a.width] })) };
  }

  /** Writes preprocessor_config.json into `dir` (as `save_pretrained`); returns the file's path. */
  savePretrained(dir: string): string {
    const dict = {
      do_normalize: this.doNormalize, do_rescale: this.doRescale, do_resize: this.doResize, image_mean: this.imageMean,
      image_processor_type: 'ViTImageProcessor', image_std: this.imageStd, resample: this.resample, rescale_factor: this.rescaleFactor, size: this.size,
    };
    return savePreprocessorConfig(dir, dict, ['image_mean', 'image_std', 'rescale_factor']);
  }

  settings(): Required<ViTImageProcessorOptions> {
    const { doResize, size, resample, doRescale, rescaleFactor, doNormalize, imageMean, imageStd } = this;
    return { doResize, size, resample, doRescale, rescaleFactor, doNormalize, imageMean, imageStd };
  }
}

function processOne(img: RawImage, i: number, o: Required<ViTImageProcessorOptions>): { values: Float32Array; height: number; width: number } {
  if (img.channels !== 3) {
    throw new TypeError(
      `ViTImageProcessor: image ${i} has ${img.channels} channel(s); expected an RGB image (3). ` +
        'loadImage() converts grayscale, palette and RGBA images to RGB as transformers\' load_image does',
    );
  }
  const resized = o.doResize ? resizeLikePil(img, o.size.width, o.size.height, o.resample) : img;
  const { width, height, data } = resized;
  // Rescale is a float64 product cast to float32; normalize is float32 arithmetic (numpy's order).
  const mean = o.imageMean.map(Math.fround);
  const std = o.imageStd.map(Math.fround);
  const plane = width * height;
  const values = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      let v = o.doRescale ? Math.fround(data[p * 3 + c]! * o.rescaleFactor) : data[p * 3 + c]!;
      if (o.doNormalize) v = Math.fround(Math.fround(v - mean[c]!) / std[c]!);
      values[c * plane + p] = v;
    }
  }
  return { values, height, width };
}

function checkSize(size: unknown): ImageSize {
  const s = size as Partial<ImageSize> | null;
  if (!s || !Number.isInteger(s.height) || !Number.isInteger(s.width) || s.height! < 1 || s.width! < 1) {
    throw new TypeError(`ViTImageProcessor: size must be { height, width } with positive integers, got ${JSON.stringify(size)}`);
  }
  return { height: s.height!, width: s.width! };
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'returnTensors')) as Partial<T>;

/** Options from a preprocessor_config.json dict (snake_case keys), failing on unknown keys. */
export function vitOptionsFromConfig(dict: PreprocessorDict, path: string): ViTImageProcessorOptions {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(dict)) {
    if (INFO_KEYS.includes(k)) continue;
    const name = CONFIG_KEYS[k];
    if (!name) throw new TypeError(`ViTImageProcessor: ${path} has the key "${k}", which ViTImageProcessor does not know (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    o[name] = v;
  }
  return o as ViTImageProcessorOptions;
}
