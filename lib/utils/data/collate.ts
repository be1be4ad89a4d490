// default_collate for map-style data sets: numbers and equal-length number lists become one tensor per column
// (int64 for integers, float32 for fractions), tensors are stacked, strings stay arrays.
import { tensor } from '../../creation.js';
import { stack } from '../../ops.js';
import { Tensor } from '../../tensor.js';
import { makeBatch, type Batch } from './batch.js';

export type Row = Record<string, unknown>;
export type CollateFn<B = Batch> = (rows: Row[]) => B;

/** A column packed by a data set's fast path (see tstorch/datasets `getBatchColumns`). */
export interface PackedColumn {
  dtype: string;
  shape: number[];
  data: ArrayLike<unknown>;
  offsets?: Int32Array;
}

export function collatePacked(columns: Record<string, PackedColumn>): Batch {
  const out: Record<string, unknown> = {};
  for (const [name, col] of Object.entries(columns)) {
    if (col.dtype === 'string' || col.dtype === 'object') out[name] = Array.from(col.data);
    else if (col.offsets) throw raggedError(name);
    else out[name] = tensor(col.data as Float32Array, { dtype: col.dtype as 'int64', shape: col.shape });
  }
  return makeBatch(out);
}

export function defaultCollate(rows: Row[]): Batch {
  if (rows.length === 0) throw new Error('defaultCollate: empty batch');
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(rows[0]!)) {
    const values = rows.map((r, i) => {
      if (!(name in r)) throw new Error(`defaultCollate: row ${i} of the batch has no column '${name}'`);
      return r[name];
    });
    out[name] = collateColumn(name, values);
  }
  return makeBatch(out);
}

function collateColumn(name: string, values: unknown[]): unknown {
  const first = values[0];
  if (first instanceof Tensor) return stack(values as Tensor[]);
  if (typeof first === 'number' || typeof first === 'boolean' || typeof first === 'bigint') return tensor(values as number[]);
  if (Array.isArray(first) || ArrayBuffer.isView(first)) {
    const len = (first as ArrayLike<unknown>).length;
    if (values.some((v) => (v as ArrayLike<unknown>).length !== len)) throw raggedError(name);
    return tensor(values.map((v) => Array.from(v as ArrayLike<number>)));
  }
  return values;
}

function raggedError(name: string): Error {
  return new Error(
    `cannot stack column '${name}': its rows have different lengths. Pad them when tokenizing (padding: 'max_length') ` +
      'or pass collateFn: new DataCollatorWithPadding(tokenizer) to pad each batch',
  );
}
