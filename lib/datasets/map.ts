// map and filter: run a function over rows or batches of rows, yielding to the event loop between batches
// (so async tokenizers, timers and GC finalizers get to run), with a progress bar.
import { checkOptions } from '../options.js';
import { setImmediate as nextTick } from 'node:timers/promises';
import type { Column } from './columns.js';
import { columnFromValues, concatColumns } from './infer.js';
import { startProgress } from './progress.js';
import { Table, unknownColumn } from './table.js';

export type Row = Record<string, any>;
export type Batch = Record<string, any[]>;

export interface MapOptions {
  /** Pass batches (`{ column: values[] }`) instead of single rows. Default false. */
  batched?: boolean;
  /** Rows per batch; default 1000; 0 or null: the whole data set as one batch. */
  batchSize?: number | null;
  /** Columns to drop from the output (before the function's columns are added). */
  removeColumns?: string | string[];
  /** Also pass the row indices (a number, or number[] when batched) as the second argument. */
  withIndices?: boolean;
  /** Progress bar label; default "Map". */
  desc?: string;
  /** No progress bar for this call. */
  disableProgress?: boolean;
}

export type FilterOptions = Omit<MapOptions, 'removeColumns'>;

const MAP_OPTIONS = ['batched', 'batchSize', 'removeColumns', 'withIndices', 'desc', 'disableProgress'];


/** Rows [start, end) of the view as a batch object, columns in table order. */
function readBatch(table: Table, rows: (k: number) => number, start: number, end: number): Batch {
  const batch: Batch = {};
  for (const [name, col] of table.entries()) {
    const values = new Array(end - start);
    for (let k = start; k < end; k++) values[k - start] = col.read(rows(k));
    batch[name] = values;
  }
  return batch;
}

function readRow(table: Table, row: number): Row {
  const out: Row = {};
  for (const [name, col] of table.entries()) out[name] = col.read(row);
  return out;
}

/** Output of a user function as plain [name, value] pairs: objects, Maps, and tensors (via tolist()). */
function outputEntries(out: unknown, where: string): [string, unknown][] | undefined {
  if (out === undefined || out === null) return undefined;
  if (typeof out !== 'object' || Array.isArray(out)) {
    throw new TypeError(`${where} must return an object of columns (or nothing), got ${Array.isArray(out) ? 'an array' : typeof out}`);
  }
  const entries = out instanceof Map ? [...out.entries()] : Object.entries(out);
  // A key present with the value undefined (an optional tokenizer output that is off) is no column.
  return entries.filter(([, v]) => v !== undefined).map(([k, v]) => [String(k), toPlain(v)]);
}

function toPlain(v: unknown): unknown {
  if (v && typeof v === 'object' && typeof (v as { tolist?: unknown }).tolist === 'function') {
    return (v as { tolist(): unknown }).tolist();
  }
  return v;
}

/** Calls `body(start, end)` for each batch, in order, with a progress bar and an event-loop turn after each. */
async function forEachBatch(
  length: number,
  batchSize: number,
  progressDesc: string,
  disableProgress: boolean | undefined,
  body: (start: number, end: number) => Promise<void>,
): Promise<void> {
  const progress = startProgress(length, progressDesc, disableProgress);
  try {
    for (let start = 0; start < length; start += batchSize) {
      const end = Math.min(start + batchSize, length);
      await body(start, end);
      progress.update(end);
      await nextTick();
    }
  } finally {
    progress.stop();
  }
}

export async function mapTable(
  table: Table,
  rows: (k: number) => number,
  length: number,
  fn: (input: any, indices?: any) => unknown,
  opts: MapOptions,
): Promise<Table> {
  checkOptions('map', opts, MAP_OPTIONS);
  const batched = opts.batched ?? false;
  const batchSize = batchSizeOf(batched, opts.batchSize, length);
  const remove = typeof opts.removeColumns === 'string' ? [opts.removeColumns] : opts.removeColumns ?? [];
  for (const name of remove) if (!table.has(name)) throw unknownColumn(name, table.columnNames);
  const outputs = new Map<string, Column[]>();
  let outRows = 0;
  await forEachBatch(length, batchSize, opts.desc ?? 'Map', opts.disableProgress, async (start, end) => {
    const produced = batched
      ? await runBatch(table, rows, start, end, fn, opts.withIndices ?? false)
      : await runRows(table, rows, start, end, fn, opts.withIndices ?? false);
    const n = produced.rows ?? end - start;
    if (n !== end - start) {
      const kept = table.columnNames.filter((c) => !remove.includes(c) && !produced.columns.has(c));
      if (kept.length) {
        throw new RangeError(
          `map: the function returned ${n} rows for a batch of ${end - start}, so the input columns ` +
            `${kept.map((c) => `"${c}"`).join(', ')} no longer line up; pass them in removeColumns`,
        );
      }
    }
    if (outputs.size && [...outputs.keys()].some((k) => !produced.columns.has(k))) {
      const missing = [...outputs.keys()].filter((k) => !produced.columns.has(k));
      throw new TypeError(`map: batch starting at row ${start} lacks the column(s) ${missing.join(', ')} that earlier batches returned`);
    }
    for (const [name, col] of produced.columns) {
      if (!outputs.has(name)) {
        if (start > 0) throw new TypeError(`map: column "${name}" first appears in the batch starting at row ${start}; every batch must return the same columns`);
        outputs.set(name, []);
      }
      outputs.get(name)!.push(col);
    }
    outRows += n;
  });
  // Input columns first (replaced in place when the function returned them), then the new ones, as `datasets` does.
  const result: [string, Column][] = [];
  const identity = length === table.numRows && isIdentity(rows, length);
  for (const [name, col] of table.entries()) {
    if (remove.includes(name) && !outputs.has(name)) continue;
    const out = outputs.get(name);
    if (out) result.push([name, concatColumns(name, out)]);
    else result.push([name, identity ? col : col.take(indicesOf(rows, length))]);
  }
  for (const [name, out] of outputs) if (!table.has(name)) result.push([name, concatColumns(name, out)]);
  return new Table(result, outputs.size ? outRows : length);
}

interface Produced {
  columns: Map<string, Column>;
  /** Row count of the output, when the function returned columns. */
  rows?: number;
}

async function runBatch(
  table: Table,
  rows: (k: number) => number,
  start: number,
  end: number,
  fn: (input: any, indices?: any) => unknown,
  withIndices: boolean,
): Promise<Produced> {
  const batch = readBatch(table, rows, start, end);
  const indices = Array.from({ length: end - start }, (_, k) => start + k);
  const entries = outputEntries(await (withIndices ? fn(batch, indices) : fn(batch)), 'map (batched)');
  if (!entries) return { columns: new Map() };
  const lengths = entries.map(([name, v]) => {
    if (!isArrayLike(v)) throw new TypeError(`map (batched): column "${name}" must be an array of values, one per row, got ${typeof v}`);
    return [name, v.length] as const;
  });
  const n = lengths[0]?.[1] ?? end - start;
  if (lengths.some(([, l]) => l !== n)) {
    throw new RangeError(`map (batched): the returned columns have different lengths: ${lengths.map(([c, l]) => `${c}: ${l}`).join(', ')}`);
  }
  const columns = new Map(entries.map(([name, v]) => [name, columnFromValues(name, v as ArrayLike<unknown>)]));
  return { columns, rows: n };
}

async function runRows(
  table: Table,
  rows: (k: number) => number,
  start: number,
  end: number,
  fn: (input: any, indices?: any) => unknown,
  withIndices: boolean,
): Promise<Produced> {
  let names: string[] | undefined;
  const values = new Map<string, unknown[]>();
  for (let k = start; k < end; k++) {
    const out = await (withIndices ? fn(readRow(table, rows(k)), k) : fn(readRow(table, rows(k))));
    const entries = outputEntries(out, 'map');
    const keys = entries?.map(([n]) => n) ?? [];
    if (names === undefined) {
      names = keys;
      for (const n of names) values.set(n, []);
    } else if (keys.length !== names.length || keys.some((key) => !values.has(key))) {
      throw new TypeError(`map: row ${k} returned the columns [${keys.join(', ')}] but earlier rows returned [${names.join(', ')}]`);
    }
    for (const [n, v] of entries ?? []) values.get(n)!.push(v);
  }
  const columns = new Map([...values].map(([name, v]) => [name, columnFromValues(name, v)]));
  return { columns, rows: columns.size ? end - start : undefined };
}

/** 1000 rows by default, as in `datasets`; 0 or null means the whole data set in one batch. */
function batchSizeOf(batched: boolean, size: number | null | undefined, length: number): number {
  if (!batched || size === undefined) return 1000;
  return size !== null && size > 0 ? size : Math.max(length, 1);
}

const isArrayLike = (v: unknown): v is ArrayLike<unknown> =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

function isIdentity(rows: (k: number) => number, length: number): boolean {
  for (let k = 0; k < length; k++) if (rows(k) !== k) return false;
  return true;
}

function indicesOf(rows: (k: number) => number, length: number): Uint32Array {
  const out = new Uint32Array(length);
  for (let k = 0; k < length; k++) out[k] = rows(k);
  return out;
}

/** Positions k (in view order) of rows the predicate keeps. */
export async function filterRows(
  table: Table,
  rows: (k: number) => number,
  length: number,
  fn: (input: any, indices?: any) => unknown,
  opts: FilterOptions,
): Promise<number[]> {
  checkOptions('filter', opts, MAP_OPTIONS.filter((o) => o !== 'removeColumns'));
  const batched = opts.batched ?? false;
  const batchSize = batchSizeOf(batched, opts.batchSize, length);
  const keep: number[] = [];
  await forEachBatch(length, batchSize, opts.desc ?? 'Filter', opts.disableProgress, async (start, end) => {
    if (batched) {
      const indices = Array.from({ length: end - start }, (_, k) => start + k);
      const batch = readBatch(table, rows, start, end);
      const mask = await (opts.withIndices ? fn(batch, indices) : fn(batch));
      if (!isArrayLike(mask) || mask.length !== end - start) {
        throw new TypeError(`filter (batched): the function must return one boolean per row (${end - start}), got ${isArrayLike(mask) ? mask.length : typeof mask}`);
      }
      for (let k = start; k < end; k++) if (mask[k - start]) keep.push(k);
    } else {
      for (let k = start; k < end; k++) {
        const row = readRow(table, rows(k));
        if (await (opts.withIndices ? fn(row, k) : fn(row))) keep.push(k);
      }
    }
  });
  return keep;
}
