// Plain text: one row per line (or paragraph, or whole file) in a single `text` column, like `datasets`' text builder.
import { createInterface } from 'node:readline';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { Column } from '../columns.js';
import { Table } from '../table.js';
import { openText } from './open.js';

export interface TextOptions {
  /** 'line' (default), 'paragraph' (blank-line separated) or 'document' (the whole file). */
  sampleBy?: 'line' | 'paragraph' | 'document';
  /** Keep the line break at the end of each row. Default false. */
  keepLinebreaks?: boolean;
}

export async function readText(path: string, opts: TextOptions): Promise<Table> {
  const by = opts.sampleBy ?? 'line';
  const rows: string[] = [];
  if (by === 'line') {
    // Streamed, so large corpora are not held twice.
    for await (const line of createInterface({ input: openText(path), crlfDelay: Infinity })) {
      rows.push(opts.keepLinebreaks ? `${line}\n` : line);
    }
  } else {
    openText(path).destroy(); // existence check with the usual message
    const buf = await readFile(path);
    const text = (path.toLowerCase().endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
    if (by === 'document') rows.push(text);
    else for (const p of text.split(/\r?\n\s*\r?\n/)) if (p.trim()) rows.push(opts.keepLinebreaks ? p : p.replace(/\r?\n/g, ' '));
  }
  if (rows.length && rows[0]!.charCodeAt(0) === 0xfeff) rows[0] = rows[0]!.slice(1);
  const column = new Column({ dtype: 'string' }, [{ kind: 'string', feature: { dtype: 'string' }, data: rows }]);
  return new Table([['text', column]], rows.length);
}
