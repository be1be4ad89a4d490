// Dataset: a table of columns plus an optional index view (select/shuffle/filter make views, no copy),
// and an output format. Methods mirror `datasets.Dataset` with camelCase names; map and filter are async.
import { randomInt } from 'node:crypto';
import { inspect } from 'node:util';
import { packColumn, type PackedColumn } from './batch-columns.js';
import { Column } from './columns.js';
import { DatasetDict } from './dataset-dict.js';
import { describeFeature, type Feature, type Features } from './features.js';
import { isMediaFeature, toMediaCells } from './media-features.js';
import { firstRow, packTransformed, transformBatch, type BatchTransform } from './transform.js';
import {
  carryFormat, formatColumn, formatRow, makeFormat, outputColumns, PYTHON_FORMAT,
  type DatasetFormat, type FormatOptions, type FormatType,
} from './format.js';
import { columnFromValues } from './infer.js';
import { checkOptions } from '../options.js';
import { filterRows, mapTable, type Batch, type FilterOptions, type MapOptions, type Row } from './map.js';
import { permutation } from './numpy-random.js';
import { Table } from './table.js';

export type { Batch, Row, MapOptions, FilterOptions };

export interface ShuffleOptions {
  /** Seed of numpy's `default_rng`: the same seed picks the same order as Python `datasets`. Random when omitted. */
  seed?: number | bigint;
}

export interface TrainTestSplitOptions {
  /** Fraction (0..1) or number of test rows; default 0.25 when trainSize is also omitted. */
  testSize?: number;
  /** Fraction or number of train rows; default: the rest. */
  trainSize?: number;
  /** Shuffle before splitting (default true), with numpy's permutation for `seed`. */
  shuffle?: boolean;
  seed?: number | bigint;
}

/** Data to build a Dataset from: `{ column: values }`. */
export type ColumnData = Record<string, ArrayLike<unknown>>;

export class Dataset implements Iterable<Row> {
  readonly #table: Table;
  /** Base-table row of each visible row; null means rows 0..n-1 of the table. */
  readonly #indices: Uint32Array | null;
  #format: DatasetFormat;
  /** Name of the split this data came from ("train", "test"...), when known. */
  readonly split: string | null;

  /** @internal Use `loadDataset`, `Dataset.fromDict` or `Dataset.fromList`. */
  constructor(table: Table, indices: Uint32Array | null = null, format: DatasetFormat = PYTHON_FORMAT, split: string | null = null) {
    this.#table = table;
    this.#indices = indices;
    this.#format = format;
    this.split = split;
  }

  /** @internal The rows of a data set as a table (index views gathered). */
  static tableOf(ds: Dataset): Table {
    return ds.flattenIndices().#table;
  }

  /** `Dataset.from_dict`: columns of equal length; types are inferred. */
  static fromDict(data: ColumnData, opts: { split?: string } = {}): Dataset {
    const table = new Table(Object.entries(data).map(([name, values]) => [name, columnFromValues(name, values)] as [string, Column]));
    return new Dataset(table, null, PYTHON_FORMAT, opts.split ?? null);
  }

  /** `Dataset.from_list`: rows as objects; the first row's keys give the columns. */
  static fromList(rows: Row[], opts: { split?: string } = {}): Dataset {
    const names = rows.length ? Object.keys(rows[0]!) : [];
    const data: Record<string, unknown[]> = Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? null)]));
    return Dataset.fromDict(data, opts);
  }

  // ---- shape and schema ----

  get length(): number {
    return this.#indices ? this.#indices.length : this.#table.numRows;
  }
  get numRows(): number {
    return this.length;
  }
  get numColumns(): number {
    return this.#table.columnNames.length;
  }
  get columnNames(): string[] {
    return this.#table.columnNames;
  }
  get shape(): [number, number] {
    return [this.length, this.numColumns];
  }
  /** `{ text: { dtype: 'string' }, label: { dtype: 'int64' } }`; lists: `{ dtype: 'list', feature: {...} }`. */
  get features(): Features {
    return this.#table.features;
  }
  get format(): DatasetFormat {
    return { ...this.#format, columns: this.#format.columns && [...this.#format.columns] };
  }

  // ---- reading ----

  /** Base-table row of visible row k. */
  #row(k: number): number {
    return this.#indices ? this.#indices[k]! : k;
  }
  readonly #rowFn = (k: number): number => this.#row(k);

  #checkIndex(i: number): number {
    if (!Number.isInteger(i)) throw new TypeError(`row index must be an integer, got ${i}`);
    const k = i < 0 ? this.length + i : i;
    if (k < 0 || k >= this.length) throw new RangeError(`row index ${i} out of range for a data set of ${this.length} rows`);
    return k;
  }

  /** Row i (negative counts from the end) as `{ column: value }`; tensors for numeric columns in torch format. */
  at(i: number): Row {
    return this.#formatRow(this.#row(this.#checkIndex(i)));
  }

  #formatRow(row: number): Row {
    const t = this.#format.transform;
    return t ? firstRow(transformBatch(t, this.#format, this.#table, [row])) : formatRow(this.#format, this.#table, row);
  }

  /** All values of a column: an array, or in torch format a tensor (2-D for equal-length lists). */
  column(name: string): any {
    const t = this.#format.transform;
    if (!t) return formatColumn(this.#format, this.#table, name, this.#baseRows());
    const out = transformBatch(t, this.#format, this.#table, this.#baseRows());
    if (!(name in out)) throw new Error(`column "${name}" is not in the transform's output; it gives: ${Object.keys(out).join(', ')}`);
    return out[name];
  }

  /** `ds[i]` / `ds['text']` of Python: a row for a number, a column for a string. */
  get(key: number | string): any {
    return typeof key === 'number' ? this.at(key) : this.column(key);
  }

  *[Symbol.iterator](): Iterator<Row> {
    for (let k = 0; k < this.length; k++) yield this.#formatRow(this.#row(k));
  }

  /** Batches of up to `batchSize` rows as `{ column: values[] }` (formatted like `column`). */
  *iter({ batchSize = 1000, dropLastBatch = false }: { batchSize?: number; dropLastBatch?: boolean } = {}): Generator<Record<string, any>> {
    for (let start = 0; start < this.length; start += batchSize) {
      const end = Math.min(start + batchSize, this.length);
      if (dropLastBatch && end - start < batchSize) return;
      yield this.#slice(start, end);
    }
  }

  #slice(start: number, end: number): Record<string, any> {
    const rows = Array.from({ length: end - start }, (_, k) => this.#row(start + k));
    if (this.#format.transform) return transformBatch(this.#format.transform, this.#format, this.#table, rows);
    const out: Record<string, any> = {};
    for (const name of outputColumns(this.#format, this.#table)) out[name] = formatColumn(this.#format, this.#table, name, rows);
    return out;
  }

  toList(): Row[] {
    return Array.from({ length: this.length }, (_, k) => formatRow(PYTHON_FORMAT, this.#table, this.#row(k)));
  }

  toDict(): Batch {
    return Object.fromEntries(this.columnNames.map((n) => [n, formatColumn(PYTHON_FORMAT, this.#table, n, this.#baseRows()) as unknown[]]));
  }

  /**
   * Fast path for the DataLoader: rows `indices` (positions in this data set) of every output column, packed into
   * flat arrays (`[n]` scalars, `[n, len]` equal-length lists; integers int64, floats float32).
   */
  getBatchColumns(indices: ArrayLike<number>): Record<string, PackedColumn> {
    const rows = Array.from(indices, (i) => this.#row(this.#checkIndex(i)));
    if (this.#format.transform) return packTransformed(transformBatch(this.#format.transform, this.#format, this.#table, rows));
    const out: Record<string, PackedColumn> = {};
    for (const name of outputColumns(this.#format, this.#table)) out[name] = packColumn(name, this.#table.column(name), rows);
    return out;
  }

  #baseRows(): ArrayLike<number> {
    return this.#indices ?? identity(this.#table.numRows);
  }

  // ---- views (no copy) ----

  #view(indices: Uint32Array, table = this.#table): Dataset {
    return new Dataset(table, indices, this.#format, this.split);
  }

  /** Rows at `indices` (any iterable of integers, e.g. `[...Array(1000).keys()]`), as a view. */
  select(indices: Iterable<number> | ArrayLike<number>): Dataset {
    const list = isIterable(indices) ? Array.from(indices) : Array.from(indices as ArrayLike<number>);
    const out = new Uint32Array(list.length);
    for (let k = 0; k < list.length; k++) {
      const i = list[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= this.length) {
        throw new RangeError(`select: index ${i} (position ${k}) out of range for a data set of ${this.length} rows`);
      }
      out[k] = this.#row(i);
    }
    return this.#view(out);
  }

  /**
   * Rows in a random order, as a view. With a seed, the order is numpy's `default_rng(seed).permutation(n)`
   * (PCG64, SeedSequence, Fisher-Yates with masked rejection), exactly what Python `datasets` uses.
   */
  shuffle(opts: ShuffleOptions = {}): Dataset {
    checkOptions('shuffle', opts, ['seed']);
    const perm = permutation(this.length, opts.seed ?? randomInt(2 ** 47));
    for (let k = 0; k < perm.length; k++) perm[k] = this.#row(perm[k]!);
    return this.#view(perm);
  }

  /** Rows for which `fn` returns true (one boolean per row when batched), as a view. Async like map. */
  async filter(fn: (input: any, indices?: any) => unknown, opts: FilterOptions = {}): Promise<Dataset> {
    const keep = await filterRows(this.#table, this.#rowFn, this.length, fn, opts);
    return this.#view(Uint32Array.from(keep, (k) => this.#row(k)));
  }

  /** Splits into `train` and `test` like `Dataset.train_test_split` (same rows as Python for the same seed). */
  trainTestSplit(opts: TrainTestSplitOptions = {}): DatasetDict {
    checkOptions('trainTestSplit', opts, ['testSize', 'trainSize', 'shuffle', 'seed']);
    const n = this.length;
    const [nTrain, nTest] = splitSizes(n, opts.testSize, opts.trainSize);
    const order = opts.shuffle === false ? identity(n) : permutation(n, opts.seed ?? randomInt(2 ** 47));
    const pick = (from: number, count: number) => Uint32Array.from({ length: count }, (_, k) => this.#row(order[from + k]!));
    const [test, train] = opts.shuffle === false ? [pick(nTrain, nTest), pick(0, nTrain)] : [pick(0, nTest), pick(nTest, nTrain)];
    return new DatasetDict({
      train: new Dataset(this.#table, train, this.#format, 'train'),
      test: new Dataset(this.#table, test, this.#format, 'test'),
    });
  }

  /** Copies the rows of an index view into new columns (later gathers and maps read them directly). */
  flattenIndices(): Dataset {
    if (!this.#indices) return this;
    return new Dataset(this.#table.take(this.#indices), null, this.#format, this.split);
  }

  // ---- transforms ----

  /**
   * `fn(row)` or, with `batched`, `fn({ column: values[] })` returns new or replaced columns
   * (e.g. a tokenizer's `input_ids`, `attention_mask`). Input columns are kept unless in `removeColumns`.
   */
  async map<B = any>(fn: (input: B, indices?: any) => unknown, opts: MapOptions = {}): Promise<Dataset> {
    const table = await mapTable(this.#table, this.#rowFn, this.length, fn as (input: any) => unknown, opts);
    return new Dataset(table, null, carryFormat(this.#format, table), this.split);
  }

  removeColumns(names: string | string[]): Dataset {
    const table = this.#table.drop(typeof names === 'string' ? [names] : names);
    return new Dataset(table, this.#indices, carryFormat(this.#format, table), this.split);
  }

  selectColumns(names: string | string[]): Dataset {
    const table = this.#table.select(typeof names === 'string' ? [names] : names);
    return new Dataset(table, this.#indices, carryFormat(this.#format, table), this.split);
  }

  renameColumn(from: string, to: string): Dataset {
    return this.renameColumns({ [from]: to });
  }

  renameColumns(mapping: Record<string, string>): Dataset {
    const table = this.#table.rename(mapping);
    return new Dataset(table, this.#indices, carryFormat(this.#format, table, mapping), this.split);
  }

  /** Adds a column of `values` (one per row, in this data set's order). */
  addColumn(name: string, values: ArrayLike<unknown>): Dataset {
    if (values.length !== this.length) throw new RangeError(`addColumn: "${name}" has ${values.length} values for ${this.length} rows`);
    if (this.#table.has(name)) throw new Error(`addColumn: column "${name}" already exists`);
    const base = this.flattenIndices();
    const table = new Table([...base.#table.entries(), [name, columnFromValues(name, values)]]);
    return new Dataset(table, null, this.#format, this.split);
  }

  // ---- format ----

  /** In place, like `set_format`: 'torch' returns tensors for numeric columns; `columns` limits the output. */
  setFormat(type: FormatType | 'pt' | 'python', opts: FormatOptions = {}): void {
    checkOptions('setFormat', opts, ['columns', 'outputAllColumns']);
    this.#format = makeFormat(type, opts, this.#table);
  }

  resetFormat(): void {
    this.#format = PYTHON_FORMAT;
  }

  /**
   * In place, like `set_transform`: `transform(batch)` runs on every read (rows, slices, DataLoader batches) and
   * its output is what is read; `columns` limits its input. `null` removes it. Replaces the format.
   */
  setTransform(transform: BatchTransform | null, opts: FormatOptions = {}): void {
    checkOptions('setTransform', opts, ['columns', 'outputAllColumns']);
    if (transform !== null && typeof transform !== 'function') throw new TypeError(`setTransform: expected a function or null, got ${typeof transform}`);
    this.#format = { ...makeFormat(null, opts, this.#table), transform };
  }

  /** A copy with the transform set (this data set is unchanged), like `with_transform`. */
  withTransform(transform: BatchTransform | null, opts: FormatOptions = {}): Dataset {
    const copy = new Dataset(this.#table, this.#indices, this.#format, this.split);
    copy.setTransform(transform, opts);
    return copy;
  }

  /**
   * `cast_column` to an Image or Audio feature: file paths or `{ bytes, path }` cells, decoded when read (an
   * Audio feature with another samplingRate resamples on read).
   */
  castColumn(name: string, feature: Feature): Dataset {
    const col = this.#table.column(name);
    if (!isMediaFeature(feature)) throw new TypeError(`castColumn: expected an Image or Audio feature (new Audio({ samplingRate })), got ${describeFeature(feature)}`);
    const stored = Array.from({ length: col.length }, (_, i) => col.get(i));
    const cells = isMediaFeature(col.feature) && col.feature.dtype === feature.dtype ? stored : toMediaCells(name, stored);
    const column = new Column(feature, [{ kind: 'object', feature, data: cells }]);
    const table = new Table(this.#table.entries().map(([n, c]) => [n, n === name ? column : c] as [string, Column]), this.#table.numRows);
    return new Dataset(table, this.#indices, this.#format, this.split);
  }

  /** A copy with the format set (this data set is unchanged). */
  withFormat(type: FormatType | 'pt' | 'python', opts: FormatOptions = {}): Dataset {
    const copy = new Dataset(this.#table, this.#indices, this.#format, this.split);
    copy.setFormat(type, opts);
    return copy;
  }

  toString(): string {
    return `Dataset({\n    features: [${this.columnNames.map((c) => `'${c}'`).join(', ')}],\n    numRows: ${this.length}\n})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

const isIterable = (v: unknown): v is Iterable<number> => typeof (v as Iterable<number>)?.[Symbol.iterator] === 'function';

/** `datasets`' size rules: fractions round the test size up and the train size down. */
function splitSizes(n: number, testSize: number | undefined, trainSize: number | undefined): [number, number] {
  const check = (v: number | undefined, what: string) => {
    if (v === undefined) return;
    const ok = Number.isInteger(v) && v >= 1 ? v < n : v > 0 && v < 1;
    if (!ok) throw new RangeError(`trainTestSplit: ${what}=${v} must be a fraction in (0, 1) or a row count in [1, ${n - 1}]`);
  };
  check(testSize, 'testSize');
  check(trainSize, 'trainSize');
  const count = (v: number, round: (x: number) => number) => (Number.isInteger(v) && v >= 1 ? v : round(v * n));
  const test = testSize === undefined && trainSize === undefined ? 0.25 : testSize;
  let nTest = test === undefined ? undefined : count(test, Math.ceil);
  let nTrain = trainSize === undefined ? undefined : count(trainSize, Math.floor);
  nTrain ??= n - nTest!;
  nTest ??= n - nTrain;
  if (nTrain + nTest > n) throw new RangeError(`trainTestSplit: ${nTrain} train + ${nTest} test rows exceed the ${n} rows`);
  if (nTrain === 0 || nTest === 0) throw new RangeError(`trainTestSplit: with ${n} rows that gives ${nTrain} train and ${nTest} test rows; adjust the sizes`);
  return [nTrain, nTest];
}
