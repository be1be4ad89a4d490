// The only file that touches tstorch tensors: `setFormat('torch')` turns packed columns into tensors through
// `tensor(data, { dtype, shape })` of the tensor core.
import { tensor as makeTensor } from '../creation.js';
import type { DType } from '../dtype.js';
import type { PackedColumn } from './batch-columns.js';

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
