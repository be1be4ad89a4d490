// Wav2Vec2FeatureExtractor (transformers 4.31): pad (right, padding_value), then zero-mean unit-variance
// normalisation per row with numpy's float32 arithmetic; the attention mask when configured or asked for.
import { tensor } from '../../creation.js';
import type { ResolveOptions } from '../../hub/index.js';
import type { Tensor } from '../../tensor.js';
import { logger } from '../logging.js';
import { Callable } from '../tokenizer/callable.js';
import { checkKeys, loadPreprocessorConfig, savePreprocessorConfig, type PreprocessorDict } from '../processing/preprocessor-config.js';
import { meanFloat32, varFloat32 } from './numpy-float32.js';

export interface Wav2Vec2FeatureExtractorOptions {
  featureSize?: number;
  samplingRate?: number;
  paddingValue?: number;
  returnAttentionMask?: boolean;
  doNormalize?: boolean;
  paddingSide?: 'right' | 'left';
}

export type AudioPadding = boolean | 'longest' | 'max_length' | 'do_not_pad';

export interface FeatureExtractorCall {
  /** The rate the waveforms were sampled at; a mismatch with the extractor's is an error. */
  samplingRate?: number;
  padding?: AudioPadding;
  maxLength?: number;
  truncation?: boolean;
  padToMultipleOf?: number;
  returnAttentionMask?: boolean;
  /** 'pt': float32 input_values [B, L] and int32 attention_mask tensors; otherwise arrays per row. */
  returnTensors?: 'pt' | null;
}

export interface AudioBatchFeature {
  [name: string]: unknown;
  input_values: Tensor | Float32Array[];
  attention_mask?: Tensor | Int32Array[];
}

const CALL_OPTIONS = ['samplingRate', 'padding', 'maxLength', 'truncation', 'padToMultipleOf', 'returnAttentionMask', 'returnTensors'];
const CONFIG_KEYS: Record<string, keyof Wav2Vec2FeatureExtractorOptions> = {
  feature_size: 'featureSize', sampling_rate: 'samplingRate', padding_value: 'paddingValue',
  return_attention_mask: 'returnAttentionMask', do_normalize: 'doNormalize', padding_side: 'paddingSide',
};
const INFO_KEYS = ['feature_extractor_type', 'processor_class'];

export interface Wav2Vec2FeatureExtractor {
  (rawSpeech: unknown, options?: FeatureExtractorCall): AudioBatchFeature;
}

/** Callable: `extractor(rawSpeech, options)` is `extractor.extract(rawSpeech, options)` (Python's `__call__`). */
export class Wav2Vec2FeatureExtractor extends Callable<[unknown, FeatureExtractorCall?], AudioBatchFeature> {
  readonly featureSize: number;
  readonly samplingRate: number;
  readonly paddingValue: number;
  readonly returnAttentionMask: boolean;
  readonly doNormalize: boolean;
  readonly paddingSide: 'right' | 'left';

  constructor(o: Wav2Vec2FeatureExtractorOptions = {}) {
    super();
    checkKeys('Wav2Vec2FeatureExtractor', o, Object.values(CONFIG_KEYS));
    this.featureSize = o.featureSize ?? 1;
    this.samplingRate = o.samplingRate ?? 16000;
    this.paddingValue = o.paddingValue ?? 0;
    this.returnAttentionMask = o.returnAttentionMask ?? false;
    this.doNormalize = o.doNormalize ?? true;
    this.paddingSide = o.paddingSide ?? 'right';
    if (this.featureSize !== 1) throw new RangeError(`Wav2Vec2FeatureExtractor: feature_size must be 1 (raw mono audio), got ${this.featureSize}`);
    if (this.paddingSide !== 'right' && this.paddingSide !== 'left') throw new RangeError(`Wav2Vec2FeatureExtractor: padding_side must be "right" or "left", got ${JSON.stringify(this.paddingSide)}`);
  }

  static async fromPretrained(idOrPath: string, hub: ResolveOptions = {}): Promise<Wav2Vec2FeatureExtractor> {
    const { path, dict } = await loadPreprocessorConfig('Wav2Vec2FeatureExtractor.fromPretrained', idOrPath, hub);
    return new Wav2Vec2FeatureExtractor(wav2vec2OptionsFromConfig(dict, path));
  }

  protected _call(rawSpeech: unknown, o?: FeatureExtractorCall): AudioBatchFeature {
    return this.extract(rawSpeech, o);
  }

  /** Writes preprocessor_config.json into `dir` (as `save_pretrained`); returns the file's path. */
  savePretrained(dir: string): string {
    const dict = {
      do_normalize: this.doNormalize, feature_extractor_type: 'Wav2Vec2FeatureExtractor', feature_size: this.featureSize,
      padding_side: this.paddingSide, padding_value: this.paddingValue, return_attention_mask: this.returnAttentionMask, sampling_rate: this.samplingRate,
    };
    return savePreprocessorConfig(dir, dict, ['padding_value']);
  }

  /** One waveform or a batch. */
  extract(rawSpeech: unknown, o: FeatureExtractorCall = {}): AudioBatchFeature {
    checkKeys('Wav2Vec2FeatureExtractor', o, CALL_OPTIONS);
    if (o.samplingRate !== undefined) {
      if (o.samplingRate !== this.samplingRate) {
        throw new RangeError(
          `Wav2Vec2FeatureExtractor: the model was trained on audio sampled at ${this.samplingRate} Hz; the input was sampled at ` +
            `${o.samplingRate} Hz. Resample it first, e.g. loadAudio(path, { samplingRate: ${this.samplingRate} })`,
        );
      }
    } else {
      logger.warning('Wav2Vec2FeatureExtractor: pass the samplingRate option; without it a wrong sampling rate goes unnoticed');
    }
    const rows = asBatch(rawSpeech);
    const strategy = paddingStrategy(o.padding ?? false, o.maxLength);
    const wantMask = o.returnAttentionMask ?? this.returnAttentionMask;
    let target = strategy === 'longest' ? Math.max(...rows.map((r) => r.length)) : o.maxLength;
    if (target !== undefined && o.padToMultipleOf) target = Math.ceil(target / o.padToMultipleOf) * o.padToMultipleOf;
    if (o.truncation && target === undefined) throw new TypeError('Wav2Vec2FeatureExtractor: truncation needs maxLength');
    const values: Float32Array[] = [];
    const masks: Int32Array[] = [];
    for (const raw of rows) {
      const row = o.truncation && raw.length > target! ? raw.subarray(0, target) : raw;
      const length = strategy !== 'do_not_pad' && target !== undefined ? Math.max(target, row.length) : row.length;
      const padded = new Float32Array(length).fill(this.paddingValue);
      const mask = new Int32Array(length);
      const at = this.paddingSide === 'right' ? 0 : length - row.length;
      padded.set(row, at);
      mask.fill(1, at, at + row.length);
      values.push(padded);
      masks.push(mask);
    }
    if (this.doNormalize) {
      const useMask = wantMask && strategy !== 'do_not_pad';
      values.forEach((v, k) => {
        const [a, b] = useMask ? validRange(masks[k]!) : [0, v.length];
        normalize(v, a, b, useMask ? this.paddingValue : undefined);
      });
    }
    return output(values, wantMask ? masks : undefined, o.returnTensors);
  }
}

function output(values: Float32Array[], masks: Int32Array[] | undefined, returnTensors: unknown): AudioBatchFeature {
  if (returnTensors === undefined || returnTensors === null) return masks ? { input_values: values, attention_mask: masks } : { input_values: values };
  if (returnTensors !== 'pt') throw new TypeError(`Wav2Vec2FeatureExtractor: returnTensors must be 'pt' or omitted, got ${JSON.stringify(returnTensors)}`);
  const len = values[0]!.length;
  if (!values.every((v) => v.length === len)) {
    throw new Error('Wav2Vec2FeatureExtractor: rows of different lengths cannot form one tensor; pass padding: true (or "max_length" with maxLength)');
  }
  const stack = <T extends Float32Array | Int32Array>(rows: T[], make: (n: number) => T) => {
    const out = make(rows.length * len);
    rows.forEach((r, k) => out.set(r, k * len));
    return out;
  };
  const out: AudioBatchFeature = { input_values: tensor(stack(values, (n) => new Float32Array(n)), { shape: [values.length, len] }) };
  if (masks) out.attention_mask = tensor(stack(masks, (n) => new Int32Array(n)), { shape: [masks.length, len], dtype: 'int32' });
  return out;
}

function asBatch(raw: unknown): Float32Array[] {
  const one = (v: unknown, i: number): Float32Array => {
    if (v instanceof Float32Array) return v;
    if (v instanceof Float64Array || (Array.isArray(v) && v.every((x) => typeof x === 'number'))) return Float32Array.from(v as ArrayLike<number>);
    throw new TypeError(`Wav2Vec2FeatureExtractor: waveform ${i} must be a Float32Array (or an array of numbers) of mono samples, got ${describe(v)}`);
  };
  if (raw instanceof Float32Array || raw instanceof Float64Array || (Array.isArray(raw) && raw.length > 0 && typeof raw[0] === 'number')) return [one(raw, 0)];
  if (Array.isArray(raw) && raw.length > 0) return raw.map(one);
  throw new TypeError(`Wav2Vec2FeatureExtractor: expected a waveform (Float32Array) or a non-empty list of them, got ${describe(raw)}`);
}

const describe = (v: unknown) => (v === null || v === undefined ? String(v) : Array.isArray(v) ? `an array of ${v.length}` : v.constructor?.name ?? typeof v);

function paddingStrategy(padding: AudioPadding, maxLength: number | undefined): 'longest' | 'max_length' | 'do_not_pad' {
  const s = padding === true ? 'longest' : padding === false ? 'do_not_pad' : padding;
  if (s !== 'longest' && s !== 'max_length' && s !== 'do_not_pad') {
    throw new TypeError(`Wav2Vec2FeatureExtractor: padding must be true, false, "longest", "max_length" or "do_not_pad", got ${JSON.stringify(padding)}`);
  }
  if (s === 'max_length' && maxLength === undefined) throw new TypeError('Wav2Vec2FeatureExtractor: padding "max_length" needs maxLength');
  return s;
}

function validRange(mask: Int32Array): [number, number] {
  const first = mask.indexOf(1);
  return first < 0 ? [0, 0] : [first, mask.lastIndexOf(1) + 1];
}

/** In place: (x − mean) / sqrt(var + 1e-7) over [a, b); the rest set to `fill` when given. */
function normalize(v: Float32Array, a: number, b: number, fill: number | undefined): void {
  const part = v.subarray(a, b);
  if (part.length === 0) return;
  const mean = meanFloat32(part);
  const denom = Math.fround(Math.sqrt(varFloat32(part) + 1e-7));
  const src = fill === undefined ? v : part;
  for (let i = 0; i < src.length; i++) src[i] = Math.fround(src[i]! - mean) / denom;
  if (fill !== undefined) {
    v.fill(fill, 0, a);
    v.fill(fill, b);
  }
}

export function wav2vec2OptionsFromConfig(dict: PreprocessorDict, path: string): Wav2Vec2FeatureExtractorOptions {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(dict)) {
    if (INFO_KEYS.includes(k)) continue;
    const name = CONFIG_KEYS[k];
    if (!name) throw new TypeError(`Wav2Vec2FeatureExtractor: ${path} has the key "${k}", which Wav2Vec2FeatureExtractor does not know (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    o[name] = v;
  }
  return o as Wav2Vec2FeatureExtractorOptions;
}
