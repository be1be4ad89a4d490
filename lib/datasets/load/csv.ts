// CSV/TSV via csv-parse, typed like `datasets` (pandas.read_csv): a column of integers -> int64, of numbers
// -> float64, of True/False -> bool, else string. Empty fields are null (NaN in number columns).
import { parse, type Options as ParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { readFileSync, statSync } from 'node:fs';
import { Column } from '../columns.js';
import { columnFromValues } from '../infer.js';
import { Table } from '../table.js';
import { fileError, openText } from './open.js';

export interface CsvOptions {
  /** Field separator; default ',' ('\t' for .tsv files). */
  delimiter?: string;
  /** Column names for files without a header row (the first row is then data). */
  columnNames?: string[];
  /** Whether the first row holds the column names; default true, false when columnNames is given. */
  header?: boolean;
  /** Quote character, default '"'; null reads quotes as ordinary characters (csv.QUOTE_NONE). */
  quoteChar?: string | null;
}

/** Files up to this size are parsed in one call (3x faster than the streaming parser); larger ones stream. */
const SYNC_LIMIT = 256 * 2 ** 20;

export async function readCsv(path: string, opts: CsvOptions): Promise<Table> {
  const delimiter = opts.delimiter ?? (/\.tsv(\.gz)?$/i.test(path) ? '\t' : ',');
  const header = opts.header ?? !opts.columnNames;
  const options: ParseOptions = {
    delimiter,
    bom: true,
    quote: opts.quoteChar === null ? false : opts.quoteChar ?? '"',
    relax_quotes: true, // a quote inside an unquoted field is a character, as in pandas
    skip_empty_lines: true,
  };
  // With both a header row and columnNames, the names replace the header (pandas: header=0, names=...).
  let names: string[] | undefined = opts.columnNames ?? undefined;
  let skipHeader = header && names !== undefined;
  let values: string[][] = names ? names.map(() => []) : [];
  // Records are consumed as they are parsed (the parser keeps none); `lines` is where the record ends.
  options.relax_column_count = true; // checked here, with the column names in the message
  options.on_record = (record: string[], ctx: { lines: number }) => {
    if (skipHeader) {
      skipHeader = false;
      return null;
    }
    if (!names) {
      names = dedupe(record);
      values = names.map(() => []);
      return null;
    }
    if (record.length !== names.length) {
      throw fileError(path, ctx.lines, `expected ${names.length} fields (${names.join(', ')}) but found ${record.length}`);
    }
    for (let c = 0; c < record.length; c++) values[c]!.push(record[c]!);
    return null;
  };
  try {
    const size = statSync(path).size;
    if (size <= SYNC_LIMIT && !path.toLowerCase().endsWith('.gz')) parseSync(readFileSync(path), options);
    else for await (const _ of openText(path).pipe(parse(options))) void _;
  } catch (err) {
    if (err instanceof Error && err.message.startsWith(path)) throw err;
    const e = err as { lines?: number; message?: string; code?: string };
    if (e.code === 'ENOENT') throw new Error(`data file not found: ${path}`, { cause: err });
    throw fileError(path, e.lines, `malformed CSV: ${e.message ?? String(err)}`, err);
  }
  if (!names) throw fileError(path, undefined, 'the file is empty (no header row)');
  const columnNames: string[] = names;
  return new Table(columnNames.map((n, c) => [n, csvColumn(n, values[c]!)] as [string, Column]), values[0]?.length ?? 0);
}

function dedupe(names: string[]): string[] {
  // pandas renames repeated headers "a", "a" -> "a", "a.1".
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k ? `${n}.${k}` : n;
  });
}

const INT = /^\s*[+-]?\d+\s*$/;
const FLOAT = /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity)\s*$/i;
const NA = new Set(['', 'NaN', 'nan', 'NA', 'N/A', 'n/a', 'NULL', 'null', '-NaN', '-nan', '#N/A', '<NA>', 'None']);
const BOOL = new Map([['True', true], ['False', false], ['TRUE', true], ['FALSE', false], ['true', true], ['false', false]]);

/** pandas' type inference on one column of strings. */
export function csvColumn(name: string, raw: string[]): Column {
  let ints = true;
  let floats = true;
  let bools = true;
  let missing = false;
  for (const s of raw) {
    if (NA.has(s.trim())) {
      missing = true;
      bools = false;
      continue;
    }
    if (ints && !INT.test(s)) ints = false;
    if (floats && !FLOAT.test(s)) floats = false;
    if (bools && !BOOL.has(s.trim())) bools = false;
    if (!ints && !floats && !bools) break;
  }
  if (ints && !missing && raw.length) {
    const nums = raw.map(Number);
    if (nums.every(Number.isSafeInteger)) return columnFromValues(name, nums);
    return columnFromValues(name, raw.map((s) => s.trim())); // beyond 2^53: keep the digits exactly
  }
  if ((ints || floats) && raw.some((s) => !NA.has(s.trim()))) {
    const data = Float64Array.from(raw, (s) => (NA.has(s.trim()) ? NaN : parseFloatToken(s)));
    return new Column({ dtype: 'float64' }, [{ kind: 'numeric', feature: { dtype: 'float64' }, data }]);
  }
  if (bools && raw.length) return columnFromValues(name, raw.map((s) => BOOL.get(s.trim())!));
  return columnFromValues(name, raw.length ? raw.map((s) => (s === '' ? null : s)) : []);
}

function parseFloatToken(s: string): number {
  const t = s.trim().toLowerCase();
  if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}
