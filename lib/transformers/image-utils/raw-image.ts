// An 8-bit image in memory, row-major H×W×C (C = 3 for RGB): what loadImage returns and image processors take,
// the counterpart of the PIL RGB image that transformers' load_image returns.
export class RawImage {
  constructor(
    readonly data: Uint8Array,
    readonly width: number,
    readonly height: number,
    readonly channels: number = 3,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`RawImage: width and height must be positive integers, got ${width}×${height}`);
    }
    if (data.length !== width * height * channels) {
      throw new RangeError(`RawImage: data holds ${data.length} bytes, expected width·height·channels = ${width}·${height}·${channels}`);
    }
  }

  /** Anything with { data, width, height[, channels] }: a RawImage, or a plain object read back from a data set. */
  static from(value: unknown, where: string): RawImage {
    if (value instanceof RawImage) return value;
    const v = value as Partial<RawImage> | null;
    if (v && v.data instanceof Uint8Array && typeof v.width === 'number' && typeof v.height === 'number') {
      return new RawImage(v.data, v.width, v.height, v.channels ?? v.data.length / (v.width * v.height));
    }
    throw new TypeError(`${where}: expected an image (RawImage from loadImage, or { data: Uint8Array, width, height, channels }), got ${describe(value)}`);
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? `an object with keys ${Object.keys(v).join(', ') || '(none)'}` : typeof v;
}
