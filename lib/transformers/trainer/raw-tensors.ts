// Tensors <-> safetensors records for the checkpoint files the Trainer writes itself (optimizer state, RNG
// state, the weights of models without savePretrained). Half-precision tensors are stored as float32 (exact).
import { fromBytes } from '../../creation.js';
import type { DType } from '../../dtype.js';
import type { DeviceLike } from '../../device.js';
import type { RawDType, RawTensor } from '../../serialization/raw-tensor.js';
import type { Tensor } from '../../tensor.js';

const TO_RAW: Partial<Record<DType, RawDType>> = {
  float32: 'F32',
  float64: 'F64',
  int64: 'I64',
  int32: 'I32',
  int16: 'I16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};
const FROM_RAW: Record<RawDType, DType> = {
  F32: 'float32',
  F64: 'float64',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};

/** The tensor's bytes (copied to the CPU). */
export function toRawTensor(t: Tensor): RawTensor {
  const half = t.dtype === 'float16' || t.dtype === 'bfloat16';
  const src = half ? t.float() : t;
  const values = src.data();
  if (half) src.dispose();
  const dtype = TO_RAW[half ? 'float32' : t.dtype];
  if (dtype === undefined) throw new TypeError(`cannot store a ${t.dtype} tensor in a checkpoint`);
  return { dtype, shape: [...t.shape], data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

export function fromRawTensor(raw: RawTensor, device?: DeviceLike): Tensor {
  return fromBytes(raw.data, FROM_RAW[raw.dtype], raw.shape, device === undefined ? undefined : { device });
}
