// torch.nn.functional: one native call each (the native functions check shapes and name themselves in errors).
import { native } from '../native.js';
import { Tensor } from '../tensor.js';
import { checkOptions, checkProbability, tuple } from './layers/options.js';

export type Reduction = 'mean' | 'sum' | 'none';
export type Size = number | readonly number[];

// ---- activations ----
export const relu = (x: Tensor): Tensor => x.relu();
export function gelu(x: Tensor, options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  return x.gelu(checkOptions('F.gelu', options, ['approximate']).approximate);
}
export const silu = (x: Tensor): Tensor => x.silu();
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const tanh = (x: Tensor): Tensor => x.tanh();
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return new Tensor(native.leakyRelu(x._h, negativeSlope));
}

// ---- dropout, linear, embedding ----
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  checkProbability('F.dropout', 'p (dropout probability)', p);
  return new Tensor(native.dropout(x._h, p, training));
}
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return new Tensor(native.linear(x._h, weight._h, bias?._h));
}
export function bilinear(x1: Tensor, x2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return new Tensor(native.bilinear(x1._h, x2._h, weight._h, bias?._h));
}
/** Rows of `weight` by index. Ids outside [0, numEmbeddings) are a RangeError. */
export function embedding(input: Tensor, weight: Tensor, options: { paddingIdx?: number } = {}): Tensor {
  const { paddingIdx } = checkOptions('F.embedding', options, ['paddingIdx']);
  checkIds('F.embedding', input, weight.shape[0]!);
  return new Tensor(native.embedding(input._h, weight._h, paddingIdx));
}
function checkIds(where: string, ids: Tensor, count: number): void {
  if (ids.dtype !== 'int64' && ids.dtype !== 'int32') throw new TypeError(`${where}: indices must be int64 or int32, got ${ids.dtype}`);
  if (ids.numel() === 0) return;
  const lo = ids.min().item();
  const hi = ids.max().item();
  if (lo < 0 || hi >= count) throw new RangeError(`${where}: index ${lo < 0 ? lo : hi} is out of range for ${count} embeddings (expected 0 <= id < ${count})`);
}
export function oneHot(x: Tensor, numClasses = -1): Tensor {
  return new Tensor(native.oneHot(x._h, numClasses));
}

// ---- normalization ----
export function layerNorm(x: Tensor, normalizedShape: number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  return new Tensor(native.layerNorm(x._h, normalizedShape, weight?._h, bias?._h, eps));
}
export function groupNorm(x: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  return new Tensor(native.groupNorm(x._h, numGroups, weight?._h, bias?._h, eps));
}
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}
/** Normalizes over (N, ...) per channel; with `training`, updates the running statistics in place. */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const o = checkOptions('F.batchNorm', options, ['weight', 'bias', 'training', 'momentum', 'eps']);
  return new Tensor(native.batchNorm(x._h, runningMean?._h, runningVar?._h, o.weight?._h, o.bias?._h, o.training ?? false, o.momentum ?? 0.1, o.eps ?? 1e-5));
}

// ---- convolution and pooling ----
export interface ConvOptions {
  stride?: Size;
  /** sizes, or 'same' (output as long as the input; stride 1) or 'valid' (no padding) */
  padding?: Size | 'same' | 'valid';
  dilation?: Size;
  groups?: number;
}
const CONV_KEYS = ['stride', 'padding', 'dilation', 'groups'] as const;
function conv(dims: 1 | 2, x: Tensor, weight: Tensor, bias: Tensor | null | undefined, options: ConvOptions): Tensor {
  const where = `F.conv${dims}d`;
  const o = checkOptions(where, options, [...CONV_KEYS]);
  const padding = o.padding ?? 0;
  const pad = typeof padding === 'string' ? padding : tuple(where, 'padding', padding, dims, 0);
  const stride = tuple(where, 'stride', o.stride ?? 1, dims, 1);
  if (pad === 'same' && stride.some((s) => s !== 1)) throw new RangeError(`${where}: padding 'same' needs stride 1, got stride ${JSON.stringify(o.stride)}`);
  const fn = dims === 1 ? native.conv1d : native.conv2d;
  return new Tensor(fn(x._h, weight._h, bias?._h, stride, pad, tuple(where, 'dilation', o.dilation ?? 1, dims, 1), o.groups ?? 1));
}
export const conv1d = (x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor => conv(1, x, weight, bias, options);
export const conv2d = (x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor => conv(2, x, weight, bias, options);

export interface MaxPoolOptions {
  /** defaults to kernelSize */
  stride?: Size | null;
  padding?: Size;
  dilation?: Size;
  ceilMode?: boolean;
}
function maxPool(dims: 1 | 2, x: Tensor, kernelSize: Size, options: MaxPoolOptions): Tensor {
  const where = `F.maxPool${dims}d`;
  const o = checkOptions(where, options, ['stride', 'padding', 'dilation', 'ceilMode']);
  const k = tuple(where, 'kernelSize', kernelSize, dims, 1);
  const fn = dims === 1 ? native.maxPool1d : native.maxPool2d;
  return new Tensor(fn(x._h, k, tuple(where, 'stride', o.stride ?? k, dims, 1), tuple(where, 'padding', o.padding ?? 0, dims, 0), tuple(where, 'dilation', o.dilation ?? 1, dims, 1), o.ceilMode ?? false));
}
export const maxPool1d = (x: Tensor, kernelSize: Size, options: MaxPoolOptions = {}): Tensor => maxPool(1, x, kernelSize, options);
export const maxPool2d = (x: Tensor, kernelSize: Size, options: MaxPoolOptions = {}): Tensor => maxPool(2, x, kernelSize, options);

export interface AvgPoolOptions {
  stride?: Size | null;
  padding?: Size;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  /** 2-d only */
  divisorOverride?: number | null;
}
function avgPool(dims: 1 | 2, x: Tensor, kernelSize: Size, options: AvgPoolOptions): Tensor {
  const where = `F.avgPool${dims}d`;
  const keys = ['stride', 'padding', 'ceilMode', 'countIncludePad'] as (keyof AvgPoolOptions)[];
  const o = checkOptions(where, options, dims === 2 ? [...keys, 'divisorOverride'] : keys);
  const k = tuple(where, 'kernelSize', kernelSize, dims, 1);
  const args = [x._h, k, tuple(where, 'stride', o.stride ?? k, dims, 1), tuple(where, 'padding', o.padding ?? 0, dims, 0), o.ceilMode ?? false, o.countIncludePad ?? true] as const;
  return new Tensor(dims === 1 ? native.avgPool1d(...args) : native.avgPool2d(...args, o.divisorOverride));
}
export const avgPool1d = (x: Tensor, kernelSize: Size, options: AvgPoolOptions = {}): Tensor => avgPool(1, x, kernelSize, options);
export const avgPool2d = (x: Tensor, kernelSize: Size, options: AvgPoolOptions = {}): Tensor => avgPool(2, x, kernelSize, options);

/** outputSize per spatial dim; `null` in a 2-d size keeps that dim of the input. */
function adaptiveAvgPool(dims: 1 | 2, x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const where = `F.adaptiveAvgPool${dims}d`;
  const shape = x.shape;
  const given = typeof outputSize === 'number' ? new Array<number>(dims).fill(outputSize) : outputSize;
  const size = given.map((s, i) => s ?? shape[shape.length - dims + i]!);
  const fn = dims === 1 ? native.adaptiveAvgPool1d : native.adaptiveAvgPool2d;
  return new Tensor(fn(x._h, tuple(where, 'outputSize', size, dims, 1)));
}
export const adaptiveAvgPool1d = (x: Tensor, outputSize: number | readonly number[]): Tensor => adaptiveAvgPool(1, x, outputSize);
export const adaptiveAvgPool2d = (x: Tensor, outputSize: number | readonly (number | null)[]): Tensor => adaptiveAvgPool(2, x, outputSize);

// ---- attention, padding ----
export interface ScaledDotProductAttentionOptions {
  /** bool: true where a query may attend; float: added to the scores */
  attnMask?: Tensor | null;
  dropoutP?: number;
  isCausal?: boolean;
  /** defaults to 1 / sqrt(query.size(-1)) */
  scale?: number | null;
}
/** softmax(q kᵀ · scale + mask) v, with dropout on the attention weights. */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, options: ScaledDotProductAttentionOptions = {}): Tensor {
  const o = checkOptions('F.scaledDotProductAttention', options, ['attnMask', 'dropoutP', 'isCausal', 'scale']);
  return new Tensor(native.scaledDotProductAttention(query._h, key._h, value._h, o.attnMask?._h, o.dropoutP ?? 0, o.isCausal ?? false, o.scale));
}
/** Pads the last dims: `pad` is [left, right] for the last dim, then [top, bottom] for the one before, ... */
export function pad(x: Tensor, padding: readonly number[], options: { mode?: 'constant' | 'reflect' | 'replicate' | 'circular'; value?: number } = {}): Tensor {
  const o = checkOptions('F.pad', options, ['mode', 'value']);
  return new Tensor(native.pad(x._h, padding, o.mode, o.value));
}
/** torch.flip: reverses the order along `dims`. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  return new Tensor(native.flip(x._h, typeof dims === 'number' ? [dims] : dims));
}

// ---- losses ----
export interface CrossEntropyOptions {
  weight?: Tensor | null;
  reduction?: Reduction;
  ignoreIndex?: number;
  labelSmoothing?: number;
}
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const o = checkOptions('F.crossEntropy', options, ['weight', 'reduction', 'ignoreIndex', 'labelSmoothing']);
  if (o.labelSmoothing !== undefined) checkProbability('F.crossEntropy', 'labelSmoothing', o.labelSmoothing);
  return new Tensor(native.crossEntropy(input._h, target._h, o.weight?._h, o.reduction, o.ignoreIndex, o.labelSmoothing));
}
export function nllLoss(input: Tensor, target: Tensor, options: Omit<CrossEntropyOptions, 'labelSmoothing'> = {}): Tensor {
  const o = checkOptions('F.nllLoss', options, ['weight', 'reduction', 'ignoreIndex']);
  return new Tensor(native.nllLoss(input._h, target._h, o.weight?._h, o.reduction, o.ignoreIndex));
}
export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  return new Tensor(native.mseLoss(input._h, target._h, checkOptions('F.mseLoss', options, ['reduction']).reduction));
}
export function l1Loss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  return new Tensor(native.l1Loss(input._h, target._h, checkOptions('F.l1Loss', options, ['reduction']).reduction));
}
export function smoothL1Loss(input: Tensor, target: Tensor, options: { reduction?: Reduction; beta?: number } = {}): Tensor {
  const o = checkOptions('F.smoothL1Loss', options, ['reduction', 'beta']);
  return new Tensor(native.smoothL1Loss(input._h, target._h, o.reduction, o.beta));
}
export interface BCEWithLogitsOptions {
  weight?: Tensor | null;
  reduction?: Reduction;
  posWeight?: Tensor | null;
}
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BCEWithLogitsOptions = {}): Tensor {
  const o = checkOptions('F.binaryCrossEntropyWithLogits', options, ['weight', 'reduction', 'posWeight']);
  return new Tensor(native.binaryCrossEntropyWithLogits(input._h, target._h, o.weight?._h, o.reduction, o.posWeight?._h));
}
/** `input` holds probabilities (after a sigmoid). */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: { weight?: Tensor | null; reduction?: Reduction } = {}): Tensor {
  const o = checkOptions('F.binaryCrossEntropy', options, ['weight', 'reduction']);
  return new Tensor(native.binaryCrossEntropy(input._h, target._h, o.weight?._h, o.reduction));
}
