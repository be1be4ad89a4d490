// setTransform / withTransform: a function applied to each batch when rows are read (`set_transform` in
// datasets), e.g. decoding images and augmenting them on the fly. It gets `{ column: values[] }` (decoded Image
// and Audio cells, the format's columns) and returns the columns to give out; one row reads as a batch of one.
import { packColumn, type PackedColumn } from './batch-columns.js';
import { outputColumns, type DatasetFormat } from './format.js';
import { columnFromValues } from './infer.js';
import type { Batch, Row } from './map.js';
import type { Table } from './table.js';
import { Tensor } from '../tensor.js';

export type BatchTransform = (batch: Batch) => Record<string, unknown>;

export function transformBatch(transform: BatchTransform, format: DatasetFormat, table: Table, rows: ArrayLike<number>): Record<string, unknown> {
  const batch: Batch = {};
  for (const name of outputColumns(format, table)) {
    const col = table.column(name);
    batch[name] = Array.from({ length: rows.length }, (_, k) => col.read(rows[k]!));
  }
  const out = transform(batch);
  if (out === null || typeof out !== 'object' || Array.isArray(out)) {
    throw new TypeError(`setTransform: the transform must return an object of columns ({ name: values }), got ${Array.isArray(out) ? 'an array' : typeof out}`);
  }
  return out;
}

/** Row 0 of a transformed one-row batch. */
export function firstRow(batch: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [name, values] of Object.entries(batch)) {
    if (values instanceof Tensor) row[name] = values.select(0, 0);
    else if (Array.isArray(values) || ArrayBuffer.isView(values)) row[name] = (values as ArrayLike<unknown>)[0];
    else throw new TypeError(`setTransform: column "${name}" of the transform's output is not a list or tensor of rows`);
  }
  return row;
}

/** A transformed batch packed for the DataLoader: tensors as they are, lists through the usual packing. */
export function packTransformed(batch: Record<string, unknown>): Record<string, PackedColumn> {
  const out: Record<string, PackedColumn> = {};
  for (const [name, values] of Object.entries(batch)) {
    if (values instanceof Tensor) {
      out[name] = { dtype: values.dtype as PackedColumn['dtype'], shape: values.shape, data: values.data() as PackedColumn['data'] };
      continue;
    }
    const col = columnFromValues(name, values as ArrayLike<unknown>);
    out[name] = packColumn(name, col, Array.from({ length: col.length }, (_, i) => i));
  }
  return out;
}
