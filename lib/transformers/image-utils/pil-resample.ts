// Pillow 9.4's Image.resize for 8-bit images (libImaging/Resample.c and the NEAREST affine path), reproduced
// to the bit: separable convolution, horizontal pass first into a rounded uint8 image, the kernel stretched by
// the scale factor when downscaling (antialiasing), weights normalised and turned into 22-bit fixed point.
import { RawImage } from './raw-image.js';

/** PIL's resampling filter ids (PIL.Image.Resampling), as preprocessor_config.json stores `resample`. */
export const PILImageResampling = { NEAREST: 0, LANCZOS: 1, BILINEAR: 2, BICUBIC: 3, BOX: 4, HAMMING: 5 } as const;
export type ResampleFilter = (typeof PILImageResampling)[keyof typeof PILImageResampling];

interface Filter {
  support: number;
  weight(x: number): number;
}

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
const BICUBIC_A = -0.5;

const FILTERS: Record<Exclude<ResampleFilter, 0>, Filter> = {
  [PILImageResampling.BOX]: { support: 0.5, weight: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  [PILImageResampling.BILINEAR]: { support: 1, weight: (x) => (Math.abs(x) < 1 ? 1 - Math.abs(x) : 0) },
  [PILImageResampling.HAMMING]: {
    support: 1,
    weight: (x) => {
      const a = Math.abs(x);
      if (a === 0) return 1;
      if (a >= 1) return 0;
      const t = a * Math.PI;
      return (Math.sin(t) / t) * (0.54 + 0.46 * Math.cos(t));
    },
  },
  [PILImageResampling.BICUBIC]: {
    support: 2,
    weight: (x) => {
      const a = Math.abs(x);
      if (a < 1) return ((BICUBIC_A + 2) * a - (BICUBIC_A + 3)) * a * a + 1;
      if (a < 2) return (((a - 5) * a + 8) * a - 4) * BICUBIC_A;
      return 0;
    },
  },
  [PILImageResampling.LANCZOS]: { support: 3, weight: (x) => (x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

interface Coeffs {
  /** First input index per output pixel. */
  start: Int32Array;
  /** Tap count per output pixel. */
  count: Int32Array;
  /** Fixed-point weights, ksize per output pixel. */
  k: Int32Array;
  ksize: number;
}

function coefficients(inSize: number, outSize: number, filter: Filter): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const k = new Int32Array(outSize * ksize);
  const w = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      w[x] = filter.weight((x + xmin - center + 0.5) / filterscale);
      ww += w[x]!;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww === 0 ? w[x]! : w[x]! / ww;
      k[xx * ksize + x] = Math.trunc(v < 0 ? -0.5 + v * ONE : 0.5 + v * ONE);
    }
    start[xx] = xmin;
    count[xx] = xmax;
  }
  return { start, count, k, ksize };
}

const clip8 = (ss: number) => {
  const v = Math.floor(ss / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

function horizontal(src: Uint8Array, width: number, height: number, c: number, outW: number, co: Coeffs): Uint8Array {
  const out = new Uint8Array(outW * height * c);
  for (let y = 0; y < height; y++) {
    const row = y * width * c;
    for (let xx = 0; xx < outW; xx++) {
      const base = xx * co.ksize;
      const x0 = co.start[xx]!;
      const n = co.count[xx]!;
      for (let ch = 0; ch < c; ch++) {
        let ss = HALF;
        for (let x = 0; x < n; x++) ss += src[row + (x0 + x) * c + ch]! * co.k[base + x]!;
        out[(y * outW + xx) * c + ch] = clip8(ss);
      }
    }
  }
  return out;
}

function vertical(src: Uint8Array, width: number, c: number, outH: number, co: Coeffs): Uint8Array {
  const out = new Uint8Array(width * outH * c);
  const stride = width * c;
  for (let yy = 0; yy < outH; yy++) {
    const base = yy * co.ksize;
    const y0 = co.start[yy]!;
    const n = co.count[yy]!;
    for (let i = 0; i < stride; i++) {
      let ss = HALF;
      for (let y = 0; y < n; y++) ss += src[(y0 + y) * stride + i]! * co.k[base + y]!;
      out[yy * stride + i] = clip8(ss);
    }
  }
  return out;
}

// NEAREST goes through Pillow's affine transform: x accumulates the scale in double, y is computed per row.
function nearest(img: RawImage, outW: number, outH: number): RawImage {
  const c = img.channels;
  const sx = img.width / outW;
  const sy = img.height / outH;
  const out = new Uint8Array(outW * outH * c);
  for (let y = 0; y < outH; y++) {
    const yin = Math.trunc(sy * (y + 0.5));
    let xo = sx * 0.5;
    for (let x = 0; x < outW; x++) {
      const xin = Math.trunc(xo);
      for (let ch = 0; ch < c; ch++) out[(y * outW + x) * c + ch] = img.data[(yin * img.width + xin) * c + ch]!;
      xo += sx;
    }
  }
  return new RawImage(out, outW, outH, c);
}

/** `image.resize((width, height), resample)` as Pillow 9.4 computes it for 8-bit images. */
export function resizeLikePil(img: RawImage, width: number, height: number, resample: number): RawImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`resize: the target size must be positive integers, got ${width}×${height}`);
  }
  if (width === img.width && height === img.height) return new RawImage(img.data.slice(), width, height, img.channels);
  if (resample === PILImageResampling.NEAREST) return nearest(img, width, height);
  const filter = FILTERS[resample as Exclude<ResampleFilter, 0>];
  if (!filter) throw new RangeError(`resize: unknown resample filter ${resample}; expected 0-5 (PIL's NEAREST, LANCZOS, BILINEAR, BICUBIC, BOX, HAMMING)`);
  let data = img.data;
  let w = img.width;
  if (width !== w) {
    data = horizontal(data, w, img.height, img.channels, width, coefficients(w, width, filter));
    w = width;
  }
  if (height !== img.height) data = vertical(data, w, img.channels, height, coefficients(img.height, height, filter));
  return new RawImage(data, width, height, img.channels);
}
