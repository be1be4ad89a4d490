// An immutable set of equal-length named columns. Dataset operations build new tables that share columns.
import type { Column } from './columns.js';
import { concatColumns } from './infer.js';
import type { Features } from './features.js';

export class Table {
  readonly numRows: number;
  private readonly byName: ReadonlyMap<string, Column>;

  constructor(entries: Iterable<[string, Column]>, numRows?: number) {
    const map = new Map(entries);
    this.byName = map;
    const lengths = [...map].map(([name, c]) => [name, c.length] as const);
    this.numRows = numRows ?? lengths[0]?.[1] ?? 0;
    const bad = lengths.filter(([, n]) => n !== this.numRows);
    if (bad.length) {
      throw new RangeError(
        `columns have different lengths: ${lengths.map(([name, n]) => `${name}: ${n}`).join(', ')}`,
      );
    }
  }

  get columnNames(): string[] {
    return [...this.byName.keys()];
  }

  get features(): Features {
    return Object.fromEntries([...this.byName].map(([name, c]) => [name, c.feature]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  column(name: string): Column {
    const c = this.byName.get(name);
    if (!c) throw unknownColumn(name, this.columnNames);
    return c;
  }

  entries(): [string, Column][] {
    return [...this.byName];
  }

  /** Keeps `names`, in that order. */
  select(names: string[]): Table {
    return new Table(names.map((n) => [n, this.column(n)]), this.numRows);
  }

  drop(names: string[]): Table {
    for (const n of names) this.column(n);
    return new Table(this.entries().filter(([n]) => !names.includes(n)), this.numRows);
  }

  rename(mapping: Record<string, string>): Table {
    for (const from of Object.keys(mapping)) this.column(from);
    const renamed = this.entries().map(([n, c]) => [mapping[n] ?? n, c] as [string, Column]);
    const seen = new Set<string>();
    for (const [n] of renamed) {
      if (seen.has(n)) throw new Error(`renaming would give two columns named "${n}"; existing columns: ${this.columnNames.join(', ')}`);
      seen.add(n);
    }
    return new Table(renamed, this.numRows);
  }

  take(indices: ArrayLike<number>): Table {
    return new Table(this.entries().map(([n, c]) => [n, c.take(indices)] as [string, Column]), indices.length);
  }
}

export function unknownColumn(name: string, existing: string[]): Error {
  return new Error(`column "${name}" not found; the data set has columns: ${existing.map((c) => `"${c}"`).join(', ') || '(none)'}`);
}

/** Rows of several tables with the same columns, one after the other (types promoted where they differ). */
export function concatTables(tables: Table[]): Table {
  if (tables.length === 1) return tables[0]!;
  const names = tables[0]!.columnNames;
  for (const t of tables.slice(1)) {
    if (t.columnNames.join('\0') !== names.join('\0')) {
      throw new Error(`cannot concatenate tables with different columns: [${names.join(', ')}] vs [${t.columnNames.join(', ')}]`);
    }
  }
  return new Table(
    names.map((n) => [n, concatColumns(n, tables.map((t) => t.column(n)))]),
    tables.reduce((s, t) => s + t.numRows, 0),
  );
}
