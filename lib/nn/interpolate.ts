// F.interpolate: torch.nn.functional.interpolate's argument rules (size or scaleFactor, recomputeScaleFactor,
// alignCorners only for the interpolating modes, antialias for 4-D bilinear/bicubic), then one native call.
import { native } from '../native.js';
import { Tensor } from '../tensor.js';
import { checkOptions } from './layers/options.js';

export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area';

export interface InterpolateOptions {
  /** output spatial size: one number for every spatial dim, or one per dim */
  size?: number | readonly number[] | null;
  /** multiplier of each spatial dim; the kernels map coordinates with 1/scaleFactor unless recomputeScaleFactor */
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  /** linear modes only: align the corner pixels' centres (default false) */
  alignCorners?: boolean | null;
  /** compute the output size from scaleFactor, then interpolate to that size (coordinates from the sizes) */
  recomputeScaleFactor?: boolean | null;
  /** 4-D bilinear/bicubic only: an antialiasing filter when downsampling */
  antialias?: boolean;
}

const MODES: readonly InterpolateMode[] = ['nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area'];
const NEEDS: Partial<Record<InterpolateMode, number>> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };
const WHERE = 'F.interpolate';

function perDim(name: string, value: number | readonly number[], dims: number, integer: boolean): number[] {
  const list = typeof value === 'number' ? new Array<number>(dims).fill(value) : Array.isArray(value) ? [...value] : null;
  if (!list) throw new TypeError(`${WHERE}: ${name} must be a number or an array of numbers, got ${typeof value}`);
  if (list.length !== dims) {
    throw new RangeError(
      `${WHERE}: the input has ${dims} spatial dimension(s) but ${name} has ${list.length} value(s) (${JSON.stringify(value)}); ` +
        'give the input as [batch, channels, d1, ..., dK] and one value per spatial dim',
    );
  }
  for (const v of list) {
    const ok = integer ? Number.isInteger(v) && v >= 1 : typeof v === 'number' && Number.isFinite(v) && v > 0;
    if (!ok) throw new RangeError(`${WHERE}: ${name} must be ${integer ? 'integers >= 1' : 'positive finite numbers'}, got ${JSON.stringify(value)}`);
  }
  return list;
}

/** Resizes the spatial dims of [batch, channels, ...spatial] (1 to 3 spatial dims) as torch.nn.functional.interpolate. */
export function interpolate(input: Tensor, options: InterpolateOptions = {}): Tensor {
  const o = checkOptions(WHERE, options, ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor', 'antialias']);
  const mode = o.mode ?? 'nearest';
  if (!MODES.includes(mode)) throw new RangeError(`${WHERE}: mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);
  const rank = input.dim();
  if (rank < 3 || rank > 5) {
    throw new RangeError(`${WHERE}: only 3-D, 4-D and 5-D inputs ([batch, channels, spatial...]) are supported, got a ${rank}-D input (mode '${mode}')`);
  }
  const need = NEEDS[mode];
  if (need !== undefined && rank !== need) throw new RangeError(`${WHERE}: got a ${rank}-D input, but mode '${mode}' needs a ${need}-D input`);
  const linear = need !== undefined;
  if (!linear && o.alignCorners != null) {
    throw new RangeError(`${WHERE}: alignCorners can only be set with the interpolating modes linear, bilinear, bicubic and trilinear (mode is '${mode}')`);
  }
  if (o.antialias && !((mode === 'bilinear' || mode === 'bicubic') && rank === 4)) {
    throw new RangeError(`${WHERE}: antialias is only for modes 'bilinear' and 'bicubic' with a 4-D input (mode '${mode}', ${rank}-D input)`);
  }
  const dims = rank - 2;
  const hasSize = o.size != null;
  const hasScale = o.scaleFactor != null;
  if (hasSize === hasScale) throw new TypeError(`${WHERE}: give exactly one of size and scaleFactor${hasSize ? ', not both' : ''}`);
  if (hasSize && o.recomputeScaleFactor) throw new TypeError(`${WHERE}: recomputeScaleFactor is not meaningful with an explicit size`);
  let size = hasSize ? perDim('size', o.size!, dims, true) : null;
  let scales = hasScale ? perDim('scaleFactor', o.scaleFactor!, dims, false) : null;
  if (scales && (o.recomputeScaleFactor || mode === 'area')) {
    const shape = input.shape;
    size = scales.map((s, i) => Math.floor(shape[i + 2]! * s));
    if (size.some((n) => n < 1)) throw new RangeError(`${WHERE}: scaleFactor ${JSON.stringify(o.scaleFactor)} gives an empty output for input [${shape.join(', ')}]`);
    scales = null;
  }
  return new Tensor(native.interpolate(input._h, size, scales, mode, linear ? o.alignCorners ?? false : false, o.antialias ?? false));
}
