// loadAudio: decode WAV (PCM 8/16/24/32-bit, float) or FLAC to float32, mix down to mono (channel mean) and
// resample with resample_poly's Kaiser FIR: the recipe the fixtures used (soundfile, mean, scipy).
import { decodeAudioBytes, decodeAudioBytesSync, type DecodedAudio } from '../media/decode-worker.js';
import { readSource, type MediaSource } from '../media/read-source.js';
import { checkKeys } from '../processing/preprocessor-config.js';
import { resamplePoly } from './resample.js';

export interface LoadAudioOptions {
  /** Resample to this rate (Hz); default: the file's own rate. */
  samplingRate?: number;
  /** Mix the channels down to one (their mean); default true. */
  mono?: boolean;
}

/** A decoded clip, as datasets' Audio feature returns it. */
export interface AudioArray {
  path: string | null;
  array: Float32Array;
  sampling_rate: number;
}

/** Decodes and resamples: one Float32Array (mono), or one per channel with `mono: false`. */
export async function loadAudio(source: MediaSource, options?: LoadAudioOptions & { mono?: true }): Promise<Float32Array>;
export async function loadAudio(source: MediaSource, options: LoadAudioOptions & { mono: false }): Promise<Float32Array[]>;
export async function loadAudio(source: MediaSource, options: LoadAudioOptions = {}): Promise<Float32Array | Float32Array[]> {
  checkKeys('loadAudio', options, ['samplingRate', 'mono']);
  const { bytes, label } = await readSource('loadAudio', source);
  let decoded: DecodedAudio;
  try {
    decoded = await decodeAudioBytes(bytes);
  } catch (e) {
    throw decodeError('loadAudio', label, e);
  }
  return toArrays(decoded, options);
}

/** Synchronous decode + resample to mono, for the datasets Audio feature. */
export function decodeAudioSync(bytes: Uint8Array, label: string, samplingRate?: number): { array: Float32Array; samplingRate: number } {
  let decoded: DecodedAudio;
  try {
    decoded = decodeAudioBytesSync(bytes);
  } catch (e) {
    throw decodeError('Audio', label, e);
  }
  return { array: toArrays(decoded, { samplingRate, mono: true }) as Float32Array, samplingRate: samplingRate ?? decoded.samplingRate };
}

function toArrays(d: DecodedAudio, o: LoadAudioOptions): Float32Array | Float32Array[] {
  const rate = o.samplingRate ?? d.samplingRate;
  const channels = o.mono === false ? d.channels.map((c) => Float64Array.from(c)) : [mixdown(d.channels)];
  const out = channels.map((c) => Float32Array.from(rate === d.samplingRate ? c : resamplePoly(c, d.samplingRate, rate)));
  return o.mono === false ? out : out[0]!;
}

function mixdown(channels: Float32Array[]): Float64Array {
  const n = channels[0]!.length;
  const out = new Float64Array(n);
  for (const c of channels) for (let i = 0; i < n; i++) out[i] += c[i]!;
  if (channels.length > 1) for (let i = 0; i < n; i++) out[i] /= channels.length;
  return out;
}

function decodeError(fn: string, label: string, e: unknown): Error {
  return new Error(`${fn}: cannot decode ${label} as audio (WAV or FLAC): ${(e as Error).message}`);
}
