// The bytes behind loadImage/loadAudio's first argument: a local path, an http(s) URL, or the bytes themselves.
import { readFile } from 'node:fs/promises';

export type MediaSource = string | URL | Uint8Array | ArrayBuffer;

export interface SourceBytes {
  bytes: Uint8Array;
  /** How errors name the input: the path, the URL, or "<buffer of N bytes>". */
  label: string;
}

export async function readSource(fn: string, source: MediaSource): Promise<SourceBytes> {
  if (source instanceof Uint8Array) return { bytes: source, label: `<buffer of ${source.length} bytes>` };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), label: `<buffer of ${source.byteLength} bytes>` };
  const text = source instanceof URL ? source.href : source;
  if (typeof text !== 'string' || !text) throw new TypeError(`${fn}: expected a file path, an http(s) URL or a Uint8Array, got ${typeof source}`);
  if (/^https?:\/\//.test(text)) {
    const res = await fetch(text);
    if (!res.ok) throw new Error(`${fn}: GET ${text} answered ${res.status} ${res.statusText}`);
    return { bytes: new Uint8Array(await res.arrayBuffer()), label: text };
  }
  const path = text.startsWith('file://') ? new URL(text).pathname : text;
  try {
    return { bytes: new Uint8Array(await readFile(path)), label: path };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${fn}: no such file: ${path}` : `${fn}: cannot read ${path}: ${(e as Error).message}`);
  }
}
