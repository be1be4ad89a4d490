// JSON Lines (one object per line) and JSON files (an array of rows, a { column: values } object, or rows
// under `field`), typed like Arrow: integers -> int64, any float -> float64, lists of numbers, strings.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import type { Column } from '../columns.js';
import { columnFromValues } from '../infer.js';
import { Table } from '../table.js';
import { jsonErrorOffset, lineAt } from './json-error.js';
import { fileError, openText } from './open.js';

export interface JsonOptions {
  /** Key of the list of rows inside a JSON object (`field` in `datasets`). */
  field?: string;
}

/** Collects rows column-wise; keys missing from a row become null. */
class RowCollector {
  readonly columns = new Map<string, unknown[]>();
  rows = 0;
  add(row: unknown, where: () => Error): void {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw where();
    for (const [k, v] of Object.entries(row)) {
      let col = this.columns.get(k);
      if (!col) {
        col = new Array(this.rows).fill(null);
        this.columns.set(k, col);
      }
      col.push(v);
    }
    this.rows++;
    for (const col of this.columns.values()) if (col.length < this.rows) col.push(null);
  }
  table(path: string): Table {
    try {
      return new Table([...this.columns].map(([n, v]) => [n, columnFromValues(n, v)] as [string, Column]), this.rows);
    } catch (err) {
      throw fileError(path, undefined, (err as Error).message, err);
    }
  }
}

export async function readJson(path: string, opts: JsonOptions): Promise<Table> {
  if (opts.field === undefined && !(await startsWith(path, '['))) {
    const lines = await readJsonLines(path);
    if (lines) return lines;
  }
  const buf = await readFile(path);
  const text = (path.toLowerCase().endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw fileError(path, lineOf(text, err as Error), `malformed JSON: ${(err as Error).message}`, err);
  }
  if (opts.field !== undefined) {
    if (!data || typeof data !== 'object' || !(opts.field in data)) {
      throw fileError(path, undefined, `field "${opts.field}" not found at the top level of the JSON`);
    }
    data = (data as Record<string, unknown>)[opts.field];
  }
  const rows = new RowCollector();
  if (Array.isArray(data)) {
    data.forEach((row, i) => rows.add(row, () => fileError(path, undefined, `row ${i} of the JSON array is not an object`)));
    return rows.table(path);
  }
  if (data && typeof data === 'object' && Object.values(data).every(Array.isArray)) {
    // { column: values } as `datasets` also accepts.
    try {
      return new Table(Object.entries(data as Record<string, unknown[]>).map(([n, v]) => [n, columnFromValues(n, v)] as [string, Column]));
    } catch (err) {
      throw fileError(path, undefined, (err as Error).message, err);
    }
  }
  throw fileError(path, undefined, 'expected JSON Lines, a JSON array of objects, or { column: [values] } (use `field` for nested rows)');
}

/** Reads JSON Lines; undefined when the first non-empty line is not a whole JSON object (a pretty-printed file). */
async function readJsonLines(path: string): Promise<Table | undefined> {
  const rows = new RowCollector();
  let line = 0;
  for await (const text of createInterface({ input: openText(path), crlfDelay: Infinity })) {
    line++;
    const s = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (!s.trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(s);
    } catch (err) {
      if (rows.rows === 0) return undefined;
      throw fileError(path, line, `malformed JSON Lines: ${(err as Error).message}`, err);
    }
    rows.add(row, () => fileError(path, line, 'each JSON Lines row must be an object'));
  }
  return rows.table(path);
}

async function startsWith(path: string, c: string): Promise<boolean> {
  for await (const chunk of openText(path)) {
    const s = String(chunk).replace(/^\uFEFF/, '').trimStart();
    if (s) return s.startsWith(c);
  }
  return false;
}

/** Line of a JSON.parse error: from the message when it says, else by scanning for the first bad token. */
function lineOf(text: string, err: Error): number | undefined {
  const line = /line (\d+)/.exec(err.message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(err.message);
  const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
  return offset < 0 ? undefined : lineAt(text, offset);
}
