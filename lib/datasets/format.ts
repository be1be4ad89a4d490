// Output formats (`set_format` in `datasets`): plain JavaScript values, or tensors for numeric columns.
import { packColumn, tensorDtype } from './batch-columns.js';
import { packedRowToTensor, packedToTensor } from './torch-format.js';
import type { Table } from './table.js';
import type { BatchTransform } from './transform.js';
import { unknownColumn } from './table.js';

export type FormatType = 'torch' | null;

export interface DatasetFormat {
  type: FormatType;
  /** Columns returned (all when null). */
  columns: string[] | null;
  /** Also return the other columns, unformatted. */
  outputAllColumns: boolean;
  /** setTransform's function, applied to every batch read (null: none). */
  transform?: BatchTransform | null;
}

export interface FormatOptions {
  columns?: string[] | string | null;
  outputAllColumns?: boolean;
}

export const PYTHON_FORMAT: DatasetFormat = { type: null, columns: null, outputAllColumns: false };

export function makeFormat(type: string | null | undefined, opts: FormatOptions, table: Table): DatasetFormat {
  const t = type === 'pt' ? 'torch' : type === 'python' || type === undefined ? null : type;
  if (t !== null && t !== 'torch') {
    throw new TypeError(`setFormat: unsupported format ${JSON.stringify(type)}; supported: 'torch' (alias 'pt'), null (plain values)`);
  }
  const columns = typeof opts.columns === 'string' ? [opts.columns] : opts.columns ?? null;
  for (const c of columns ?? []) if (!table.has(c)) throw unknownColumn(c, table.columnNames);
  return { type: t, columns, outputAllColumns: opts.outputAllColumns ?? false };
}

/** Keeps a format valid on a new table: drops columns that no longer exist, as `datasets` does after map. */
export function carryFormat(format: DatasetFormat, table: Table, renamed: Record<string, string> = {}): DatasetFormat {
  if (!format.columns) return format;
  const columns = format.columns.map((c) => renamed[c] ?? c).filter((c) => table.has(c));
  return { ...format, columns };
}

const formatted = (format: DatasetFormat, name: string) => format.columns === null || format.columns.includes(name);

/** Names a formatted row or batch holds. */
export function outputColumns(format: DatasetFormat, table: Table): string[] {
  return table.columnNames.filter((n) => format.outputAllColumns || formatted(format, n));
}

export function formatRow(format: DatasetFormat, table: Table, row: number): Record<string, any> {
  const out: Record<string, any> = {};
  for (const name of outputColumns(format, table)) {
    const col = table.column(name);
    out[name] =
      format.type === 'torch' && formatted(format, name) && tensorDtype(col)
        ? packedRowToTensor(packColumn(name, col, [row]))
        : col.read(row);
  }
  return out;
}

export function formatColumn(format: DatasetFormat, table: Table, name: string, rows: ArrayLike<number>): unknown {
  const col = table.column(name);
  if (format.type === 'torch' && formatted(format, name) && tensorDtype(col)) return packedToTensor(packColumn(name, col, rows));
  return Array.from({ length: rows.length }, (_, k) => col.read(rows[k]!));
}
