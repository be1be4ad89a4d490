// The only file that touches tstorch tensors: `setFormat('torch')` turns packed columns into tensors through
// `tensor(data, { dtype, shape })` of the tensor core, and rows that already are tensors are stacked here.
import { tensor as makeTensor } from '../creation.js';
import type { DType } from '../dtype.js';
import type { PackedColumn } from './batch-columns.js';
import { Tensor } from '../tensor.js';

type TensorData = Int32Array | BigInt64Array | Float32Array | Float64Array | Uint8Array;

function tensor(data: TensorData, opts: { dtype: string; shape: number[] }): unknown {
  return makeTensor(data, { dtype: opts.dtype as DType, shape: opts.shape });
}

/** A packed column as a tensor (strings and ragged lists stay arrays: one tensor per row for ragged lists). */
export function packedToTensor(p: PackedColumn): unknown {
  if (p.dtype === 'string' || p.dtype === 'object') return p.data;
  const data = p.data as TensorData;
  if (!p.offsets) return tensor(data, { dtype: p.dtype, shape: p.shape });
  const rows: unknown[] = [];
  for (let r = 0; r + 1 < p.offsets.length; r++) {
    const row = data.subarray(p.offsets[r]!, p.offsets[r + 1]!);
    rows.push(tensor(row, { dtype: p.dtype, shape: [row.length] }));
  }
  return rows;
}

/** One row's value of a packed single-row column: a 0-d tensor for scalars, 1-d for lists. */
export function packedRowToTensor(p: PackedColumn): unknown {
  if (p.dtype === 'string' || p.dtype === 'object') return (p.data as unknown[])[0];
  const data = p.data as TensorData;
  const shape = p.shape.length === 2 ? [p.shape[1]!] : p.offsets ? [data.length] : [];
  return tensor(data, { dtype: p.dtype, shape });
}

/** Rows that are tensors of one shape and dtype (an image processor's [3, H, W] pixel values) as one [n, ...shape] block. */
export function stackTensors(rows: unknown[]): PackedColumn | undefined {
  const first = rows[0];
  if (!(first instanceof Tensor) || (first.dtype !== 'float32' && first.dtype !== 'int64')) return undefined;
  const shape = first.shape;
  if (!rows.every((r) => r instanceof Tensor && r.dtype === first.dtype && r.shape.join() === shape.join())) return undefined;
  const size = shape.reduce((a, b) => a * b, 1);
  const data = first.dtype === 'float32' ? new Float32Array(rows.length * size) : new BigInt64Array(rows.length * size);
  rows.forEach((r, k) => (data as Float32Array).set((r as Tensor).contiguous().data() as Float32Array, k * size));
  return { dtype: first.dtype, shape: [rows.length, ...shape], data };
}
