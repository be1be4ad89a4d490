// returnTensors: 'pt' — the only place the tokenizer touches the tensor core.
import { tensor, type Tensor } from '../../index.js';

/** An int64 tensor of `shape` from ids packed row-major in an Int32Array (ids and masks fit in 32 bits). */
export function int64Tensor(flat: Int32Array, shape: number[]): Tensor {
  return tensor(flat, { dtype: 'int64', shape });
}

/** A [rows, length] int64 tensor; every row must have the same length (pad or truncate first). */
export function idsTensor(rows: number[][], key: string): Tensor {
  const length = rows[0]?.length ?? 0;
  const flat = new Int32Array(rows.length * length);
  rows.forEach((row, r) => {
    if (row.length !== length) {
      throw new RangeError(
        `Unable to create tensor for "${key}": row ${r} has ${row.length} values but row 0 has ${length}. ` +
          "Activate truncation and/or padding (padding: true, truncation: true) to get rows of the same length.",
      );
    }
    flat.set(row, r * length);
  });
  return int64Tensor(flat, [rows.length, length]);
}

/** A [rows] tensor of per-example numbers (labels): int64 when all are integers, else float32. */
export function valuesTensor(values: number[], key: string): Tensor {
  if (values.some((v) => typeof v !== 'number')) throw new TypeError(`pad: "${key}" must hold numbers to become a tensor`);
  if (values.every(Number.isInteger)) {
    return int64Tensor(Int32Array.from(values), [values.length]);
  }
  return tensor(Float32Array.from(values), { dtype: 'float32', shape: [values.length] });
}
