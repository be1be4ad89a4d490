/**
 * The record that checkpoint readers produce and writers consume: a tensor as plain bytes.
 * Converting it to and from a native tensor is done by the tensor core, in one call.
 */

export type RawDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export interface RawTensor {
  dtype: RawDType;
  shape: number[];
  /**
   * Little-endian element bytes in C-contiguous (row-major) order; `byteLength` = numel × itemsize.
   * Readers may return a view into a larger buffer, so `byteOffset` need not be aligned to the itemsize.
   */
  data: Uint8Array;
}

/** Bytes per element of each dtype. */
export const DTYPE_SIZE: Readonly<Record<RawDType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

export const RAW_DTYPES: readonly RawDType[] = Object.keys(DTYPE_SIZE) as RawDType[];

export function isRawDType(value: unknown): value is RawDType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_SIZE, value);
}

/** Number of elements of a shape (1 for a scalar `[]`). Throws when it is not an exact integer. */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  if (!Number.isSafeInteger(n)) throw new RangeError(`shape [${shape.join(', ')}] has more elements than can be addressed`);
  return n;
}

/** True when `value` is a list of non-negative safe integers. */
export function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
}

/** Checks a RawTensor's fields and byte length; `where` names it in the error (e.g. `tensor "x" for file.safetensors`). */
export function assertRawTensor(t: unknown, where: string): asserts t is RawTensor {
  if (t === null || typeof t !== 'object') throw new TypeError(`${where}: expected a RawTensor {dtype, shape, data}, got ${t === null ? 'null' : typeof t}`);
  const r = t as Partial<RawTensor>;
  if (!isRawDType(r.dtype)) throw new TypeError(`${where}: dtype ${JSON.stringify(r.dtype)} is not one of ${RAW_DTYPES.join(', ')}`);
  if (!isShape(r.shape)) throw new TypeError(`${where}: shape must be a list of non-negative integers, got ${JSON.stringify(r.shape)}`);
  if (!(r.data instanceof Uint8Array)) throw new TypeError(`${where}: data must be a Uint8Array`);
  const expected = numelOf(r.shape) * DTYPE_SIZE[r.dtype];
  if (r.data.byteLength !== expected) {
    throw new RangeError(
      `${where}: data has ${r.data.byteLength} bytes but dtype ${r.dtype} with shape [${r.shape.join(', ')}] needs ${expected}`,
    );
  }
}
