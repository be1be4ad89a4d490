// loadImage: transformers' load_image (PIL open, EXIF transpose, convert('RGB')). Decoding is libvips through
// sharp, which matches Pillow 9.4 bit for bit on the fixtures (JPEG: both libjpeg-turbo islow with fancy
// upsampling); ICC profiles are ignored and alpha is dropped without compositing, as Pillow does.
import { decodeImageBytes, decodeImageBytesSync, type DecodedImage } from '../media/decode-worker.js';
import { readSource, type MediaSource } from '../media/read-source.js';
import { RawImage } from './raw-image.js';

export async function loadImage(source: MediaSource): Promise<RawImage> {
  const { bytes, label } = await readSource('loadImage', source);
  try {
    return toRaw(await decodeImageBytes(bytes));
  } catch (e) {
    throw decodeError('loadImage', label, e);
  }
}

/** Synchronous decode of encoded bytes, for lazily decoded data set columns. */
export function decodeImageSync(bytes: Uint8Array, label: string): RawImage {
  try {
    return toRaw(decodeImageBytesSync(bytes));
  } catch (e) {
    throw decodeError('Image', label, e);
  }
}

const toRaw = (d: DecodedImage) => new RawImage(d.data, d.width, d.height, 3);

function decodeError(fn: string, label: string, e: unknown): Error {
  return new Error(`${fn}: cannot decode ${label} as an image (JPEG, PNG, WebP, GIF, TIFF, AVIF): ${(e as Error).message}`);
}
