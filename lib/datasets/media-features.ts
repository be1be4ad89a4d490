// `datasets.Image` and `datasets.Audio`: columns of `{ bytes, path }` cells, decoded when a row is read (not when
// the data set is built), as Python's datasets does. Images decode to RGB (transformers' load_image); audio to
// `{ path, array, sampling_rate }`, mono and resampled to the feature's rate.
import { readFileSync } from 'node:fs';
import { decodeAudioSync, type AudioArray } from '../transformers/audio-utils/load-audio.js';
import { decodeImageSync } from '../transformers/image-utils/load-image.js';
import { RawImage } from '../transformers/image-utils/raw-image.js';
import type { AudioFeature, Feature, ImageFeature } from './features.js';

/** A stored cell of an Image or Audio column. */
export interface MediaCell {
  bytes: Uint8Array | null;
  path: string | null;
}

export class Image implements ImageFeature {
  readonly dtype = 'image' as const;
  readonly decode: boolean;
  constructor(options: { decode?: boolean } = {}) {
    checkOptions('Image', options, ['decode']);
    this.decode = options.decode ?? true;
  }
}

export class Audio implements AudioFeature {
  readonly dtype = 'audio' as const;
  readonly samplingRate: number | null;
  readonly mono: boolean;
  readonly decode: boolean;
  constructor(options: { samplingRate?: number; mono?: boolean; decode?: boolean } = {}) {
    checkOptions('Audio', options, ['samplingRate', 'mono', 'decode']);
    if (options.samplingRate !== undefined && !(Number.isInteger(options.samplingRate) && options.samplingRate > 0)) {
      throw new RangeError(`Audio: samplingRate must be a positive integer (Hz), got ${options.samplingRate}`);
    }
    if (options.mono === false) throw new RangeError('Audio: only mono decoding is supported (mono: true)');
    this.samplingRate = options.samplingRate ?? null;
    this.mono = true;
    this.decode = options.decode ?? true;
  }
}

function checkOptions(what: string, o: object, known: string[]): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new TypeError(`${what}: unknown option "${k}"; known: ${known.join(', ')}`);
}

export const isMediaFeature = (f: Feature): f is ImageFeature | AudioFeature => f.dtype === 'image' || f.dtype === 'audio';

/** What a read returns for a stored cell: decoded when the feature says so, the cell itself otherwise. */
export function decodeCell(feature: Feature, value: unknown): unknown {
  if (!isMediaFeature(feature) || !feature.decode || value === null || value === undefined) return value;
  if (value instanceof RawImage || (value as AudioArray).array instanceof Float32Array) return value;
  const cell = value as MediaCell;
  const label = cell.path ?? `<${cell.bytes?.length ?? 0} bytes>`;
  const bytes = cell.bytes ?? readPath(feature.dtype === 'image' ? 'Image' : 'Audio', cell.path);
  if (feature.dtype === 'image') return decodeImageSync(bytes, label);
  const { array, samplingRate } = decodeAudioSync(bytes, label, feature.samplingRate ?? undefined);
  return { path: cell.path, array, sampling_rate: samplingRate } satisfies AudioArray;
}

function readPath(what: string, path: string | null): Uint8Array {
  if (!path) throw new TypeError(`${what}: a cell has neither bytes nor a path`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new Error(`${what}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** The cells castColumn stores for `values`: paths become `{ bytes: null, path }`, cells stay as they are. */
export function toMediaCells(column: string, values: unknown[]): MediaCell[] {
  return values.map((v, i) => {
    if (typeof v === 'string') return { bytes: null, path: v };
    const c = v as Partial<MediaCell> | null;
    if (c && typeof c === 'object' && ('path' in c || 'bytes' in c)) return { bytes: c.bytes ?? null, path: c.path ?? null };
    throw new TypeError(`castColumn: row ${i} of "${column}" is neither a file path nor { bytes, path }, got ${v === null ? 'null' : typeof v}`);
  });
}
