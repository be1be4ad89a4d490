// torch.nn.init: in-place initializers. Each computes its bounds in double precision exactly as PyTorch does and
// draws from the default generator with libtorch's own uniform_/normal_, so a seeded run gives PyTorch's values.
import { noGrad } from '../autograd.js';
import { empty, tensor as makeTensor } from '../creation.js';
import { tidy } from '../memory.js';
import { native } from '../native.js';
import { Tensor } from '../tensor.js';

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
export type FanMode = 'fan_in' | 'fan_out';

/** The recommended gain for a nonlinearity (`param` is leaky_relu's negative slope, default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new TypeError(`calculateGain: negative slope ${slope} is not a valid number`);
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new RangeError(`calculateGain: unsupported nonlinearity '${String(nonlinearity)}'; expected linear, conv1d, conv2d, conv3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu or selu`);
  }
}

/** [fanIn, fanOut] of a weight of at least 2 dims: (out, in, *kernel). */
export function calculateFanInAndFanOut(tensor: Tensor): [number, number] {
  const shape = tensor.shape;
  if (shape.length < 2) throw new RangeError(`nn.init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (got shape [${shape}])`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1]! * receptive, shape[0]! * receptive];
}

function fan(tensor: Tensor, mode: FanMode, where: string): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new RangeError(`${where}: mode must be 'fan_in' or 'fan_out', got '${String(mode)}'`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return mode === 'fan_in' ? fanIn : fanOut;
}

const inPlace = (tensor: Tensor, fn: () => void): Tensor => {
  noGrad(fn);
  return tensor;
};

export const uniform_ = (tensor: Tensor, a = 0, b = 1): Tensor => inPlace(tensor, () => tensor.uniform_(a, b));
export const normal_ = (tensor: Tensor, mean = 0, std = 1): Tensor => inPlace(tensor, () => tensor.normal_(mean, std));
export const constant_ = (tensor: Tensor, value: number): Tensor => inPlace(tensor, () => tensor.fill_(value));
export const zeros_ = (tensor: Tensor): Tensor => inPlace(tensor, () => tensor.zero_());
export const ones_ = (tensor: Tensor): Tensor => constant_(tensor, 1);

export function xavierUniform_(tensor: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}
export function xavierNormal_(tensor: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  /** negative slope of the rectifier after this layer (leaky_relu) */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}
function kaimingStd(where: string, tensor: Tensor, options: KaimingOptions): number {
  for (const key of Object.keys(options)) {
    if (!['a', 'mode', 'nonlinearity'].includes(key)) throw new TypeError(`${where}: unknown option '${key}'; expected a, mode, nonlinearity`);
  }
  const f = fan(tensor, options.mode ?? 'fan_in', where);
  if (f === 0) throw new RangeError(`${where}: cannot initialize a tensor with 0 elements along the fan (shape [${tensor.shape}])`);
  return calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0) / Math.sqrt(f);
}
export function kaimingUniform_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3.0) * kaimingStd('nn.init.kaimingUniform_', tensor, options);
  return uniform_(tensor, -bound, bound);
}
export function kaimingNormal_(tensor: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(tensor, 0, kaimingStd('nn.init.kaimingNormal_', tensor, options));
}

/** Normal(mean, std) truncated to [a, b], by inverse-CDF sampling as PyTorch does. */
export function truncNormal_(tensor: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  const normCdf = (x: number): number => (1 + erf(x / Math.sqrt(2))) / 2;
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  return inPlace(tensor, () => {
    tensor.uniform_(2 * l - 1, 2 * u - 1);
    native.erfinv_(tensor._h);
    tensor.mul_(std * Math.sqrt(2));
    tensor.add_(mean);
    tensor.clamp_(a, b);
  });
}

/** A (semi-)orthogonal matrix from the QR decomposition of a normal draw, scaled by `gain`. */
export function orthogonal_(tensor: Tensor, gain = 1): Tensor {
  if (tensor.ndim < 2) throw new RangeError(`nn.init.orthogonal_: only tensors with 2 or more dimensions are supported (got shape [${tensor.shape}])`);
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0]!;
  const cols = tensor.numel() / rows;
  return inPlace(tensor, () =>
    tidy(() => {
      let flat = empty([rows, cols], { dtype: tensor.dtype, device: tensor.device }).normal_(0, 1);
      if (rows < cols) flat = flat.t();
      const [qh, rh] = native.linalgQr(flat._h) as [Tensor['_h'], Tensor['_h']];
      let q = new Tensor(qh).mul(new Tensor(native.diagonal(rh, 0)).sign());
      if (rows < cols) q = q.t();
      tensor.view(q.shape).copy_(q);
      tensor.mul_(gain);
    }),
  );
}

// math.erf in double precision (libm's, as Python's), through a float64 tensor.
const erf = (x: number): number => tidy(() => makeTensor([x], { dtype: 'float64' }).erf().item());
