// DatasetDict: named splits, each a Dataset, reachable as properties (`ds.train`) and by name (`ds['test']`).
// Every method applies to all splits, as `datasets.DatasetDict` does.
import { inspect } from 'node:util';
import type { Dataset, FilterOptions, MapOptions, ShuffleOptions } from './dataset.js';
import type { FormatOptions, FormatType } from './format.js';
import type { Features } from './features.js';

class DatasetDictImpl {
  readonly #splits: Map<string, Dataset>;

  constructor(splits: Record<string, Dataset> | Iterable<[string, Dataset]>) {
    this.#splits = new Map(Symbol.iterator in splits ? (splits as Iterable<[string, Dataset]>) : Object.entries(splits));
    for (const [name, ds] of this.#splits) {
      // A split named like a method ("map") stays reachable through get(name).
      if (name in this) continue;
      Object.defineProperty(this, name, { value: ds, enumerable: true });
    }
  }

  #each(f: (ds: Dataset, name: string) => Dataset): DatasetDict {
    return new DatasetDict([...this.#splits].map(([n, ds]) => [n, f(ds, n)] as [string, Dataset]));
  }

  /** The split `name`; throws with the known names when absent. */
  get(name: string): Dataset {
    const ds = this.#splits.get(name);
    if (!ds) throw new Error(`split "${name}" not found; splits: ${this.keys().map((k) => `"${k}"`).join(', ')}`);
    return ds;
  }
  has(name: string): boolean {
    return this.#splits.has(name);
  }
  keys(): string[] {
    return [...this.#splits.keys()];
  }
  values(): Dataset[] {
    return [...this.#splits.values()];
  }
  entries(): [string, Dataset][] {
    return [...this.#splits];
  }
  [Symbol.iterator](): Iterator<[string, Dataset]> {
    return this.#splits[Symbol.iterator]();
  }

  get numRows(): Record<string, number> {
    return this.#record((ds) => ds.length);
  }
  get numColumns(): Record<string, number> {
    return this.#record((ds) => ds.numColumns);
  }
  get columnNames(): Record<string, string[]> {
    return this.#record((ds) => ds.columnNames);
  }
  get shape(): Record<string, [number, number]> {
    return this.#record((ds) => ds.shape);
  }
  get features(): Record<string, Features> {
    return this.#record((ds) => ds.features);
  }
  #record<T>(f: (ds: Dataset) => T): Record<string, T> {
    return Object.fromEntries([...this.#splits].map(([n, ds]) => [n, f(ds)]));
  }

  /** map over every split, one after the other. */
  async map<B = any>(fn: (input: B, indices?: any) => unknown, opts: MapOptions = {}): Promise<DatasetDict> {
    const out: [string, Dataset][] = [];
    for (const [n, ds] of this.#splits) out.push([n, await ds.map(fn, opts)]);
    return new DatasetDict(out);
  }

  async filter(fn: (input: any, indices?: any) => unknown, opts: FilterOptions = {}): Promise<DatasetDict> {
    const out: [string, Dataset][] = [];
    for (const [n, ds] of this.#splits) out.push([n, await ds.filter(fn, opts)]);
    return new DatasetDict(out);
  }

  /** Shuffles every split with the same seed, as `DatasetDict.shuffle(seed=...)`. */
  shuffle(opts: ShuffleOptions = {}): DatasetDict {
    return this.#each((ds) => ds.shuffle(opts));
  }
  flattenIndices(): DatasetDict {
    return this.#each((ds) => ds.flattenIndices());
  }
  removeColumns(names: string | string[]): DatasetDict {
    return this.#each((ds) => ds.removeColumns(names));
  }
  selectColumns(names: string | string[]): DatasetDict {
    return this.#each((ds) => ds.selectColumns(names));
  }
  renameColumn(from: string, to: string): DatasetDict {
    return this.#each((ds) => ds.renameColumn(from, to));
  }
  renameColumns(mapping: Record<string, string>): DatasetDict {
    return this.#each((ds) => ds.renameColumns(mapping));
  }
  /** In place, on every split. */
  setFormat(type: FormatType | 'pt' | 'python', opts: FormatOptions = {}): void {
    for (const ds of this.#splits.values()) ds.setFormat(type, opts);
  }
  resetFormat(): void {
    for (const ds of this.#splits.values()) ds.resetFormat();
  }
  withFormat(type: FormatType | 'pt' | 'python', opts: FormatOptions = {}): DatasetDict {
    return this.#each((ds) => ds.withFormat(type, opts));
  }

  toString(): string {
    const body = [...this.#splits]
      .map(([n, ds]) => `    ${n}: ${ds.toString().replace(/\n/g, '\n    ')}`)
      .join('\n');
    return `DatasetDict({\n${body}\n})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/** Splits as properties: `ds.train`, `ds['test']`. */
export type DatasetDict = DatasetDictImpl & { readonly [split: string]: Dataset };

export const DatasetDict = DatasetDictImpl as unknown as {
  new (splits: Record<string, Dataset> | Iterable<[string, Dataset]>): DatasetDict;
  prototype: DatasetDict;
};
