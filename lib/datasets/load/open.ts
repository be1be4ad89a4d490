// Opening data files: a text stream (gunzipped for *.gz), with errors that name the path.
import { createReadStream, existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export function openText(path: string): Readable {
  if (!existsSync(path)) throw new Error(`data file not found: ${path}`);
  const raw = createReadStream(path);
  return path.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

/** Wraps a parse error as "<path>, line N: message". */
export function fileError(path: string, line: number | undefined, message: string, cause?: unknown): Error {
  return new Error(`${path}${line === undefined ? '' : `, line ${line}`}: ${message}`, { cause });
}
