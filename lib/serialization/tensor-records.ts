// Tensors <-> RawTensor records (safetensors entries): the one place that maps dtypes and moves the bytes.
import { fromBytes } from '../creation.js';
import type { DeviceLike } from '../device.js';
import type { DType } from '../dtype.js';
import { native } from '../native.js';
import type { Tensor } from '../tensor.js';
import type { RawDType, RawTensor } from './raw-tensor.js';

export const RAW_TO_DTYPE: Readonly<Record<RawDType, DType>> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};

export const DTYPE_TO_RAW: Readonly<Record<DType, RawDType>> = Object.fromEntries(
  Object.entries(RAW_TO_DTYPE).map(([raw, dtype]) => [dtype, raw]),
) as Record<DType, RawDType>;

/** The tensor's raw little-endian bytes (copied to the CPU, C order), in its own dtype. */
export function toRawTensor(t: Tensor): RawTensor {
  return { dtype: DTYPE_TO_RAW[t.dtype], shape: [...t.shape], data: native.tensorBytes(t._h) };
}

/** A tensor with the record's dtype, shape and bytes (copied), optionally on `device`. */
export function fromRawTensor(raw: RawTensor, device?: DeviceLike): Tensor {
  return fromBytes(raw.data, RAW_TO_DTYPE[raw.dtype], raw.shape, device === undefined ? undefined : { device });
}
