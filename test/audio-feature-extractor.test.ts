// loadAudio (decode, downmix, resample) and Wav2Vec2FeatureExtractor against soundfile/scipy/transformers 4.31
// (../shared/fixtures/audio, hf-tiny-wav2vec2/references/feature_extractor.json).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../lib/tensor.js';
import { AutoFeatureExtractor, loadAudio, Wav2Vec2FeatureExtractor } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';

const clips = JSON.parse(readFileSync(fixture('audio', 'decoded.json'), 'utf8')).clips as Record<string, any>;
const refs = JSON.parse(readFileSync(fixture('hf-tiny-wav2vec2', 'references', 'feature_extractor.json'), 'utf8'));
const NAMES = Object.keys(clips);
const sha = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
const f32 = (xs: number[]) => xs.map(Math.fround);

const waves = new Map<string, Float32Array>();
beforeAll(async () => {
  for (const n of NAMES) waves.set(n, await loadAudio(fixture('audio', n), { samplingRate: 16000 }));
}, 120_000);

describe('loadAudio', () => {
  it.each(NAMES)('%s: the decode and the 16 kHz mono waveform equal soundfile + resample_poly bit for bit', async (name) => {
    const c = clips[name];
    const channels = await loadAudio(fixture('audio', name), { mono: false });
    expect(channels).toHaveLength(c.channels);
    const inter = new Float32Array(c.frames * c.channels);
    channels.forEach((ch, k) => ch.forEach((v, i) => (inter[i * c.channels + k] = v)));
    expect(sha(inter)).toBe(c.float32_decode.sha256);
    const x = waves.get(name)!;
    expect(x.length).toBe(c.mono_16k_float32.shape[0]);
    expect(Array.from(x.subarray(8000, 8050))).toEqual(f32(c.mono_16k_50_from_8000));
    expect(sha(x)).toBe(c.mono_16k_float32.sha256);
  });

  it('names the file when it is truncated, corrupt or missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aud-'));
    const wav = readFileSync(fixture('audio', 'jfk.wav'));
    writeFileSync(join(dir, 'head.wav'), wav.subarray(0, 30));
    await expect(loadAudio(join(dir, 'head.wav'))).rejects.toThrow(/loadAudio: cannot decode .*head\.wav/);
    const flac = readFileSync(fixture('audio', 'jfk.flac'));
    writeFileSync(join(dir, 'cut.flac'), flac.subarray(0, 200));
    await expect(loadAudio(join(dir, 'cut.flac'))).rejects.toThrow(/cut\.flac/);
    writeFileSync(join(dir, 'noise.wav'), Buffer.from('definitely not audio'));
    await expect(loadAudio(join(dir, 'noise.wav'))).rejects.toThrow(/noise\.wav.*not a WAV \(RIFF\) or FLAC/);
    await expect(loadAudio(join(dir, 'gone.flac'))).rejects.toThrow(/no such file/);
    await expect(loadAudio(join(dir, 'gone.flac'), { sampleRate: 16000 } as never)).rejects.toThrow(/unknown option "sampleRate"/);
  });
});

describe('Wav2Vec2FeatureExtractor', () => {
  it.each(NAMES)('%s alone equals transformers 4.31 (sha256)', async (name) => {
    const fe = await AutoFeatureExtractor.fromPretrained(fixture('hf-tiny-wav2vec2', 'model'));
    const ref = refs.single_clips[name];
    const out = fe(waves.get(name)!, { samplingRate: 16000, returnTensors: 'pt' });
    const v = (out.input_values as Tensor).data() as Float32Array;
    expect(Array.from(v.subarray(0, 50))).toEqual(f32(ref.input_values_first_50));
    expect(sha(v)).toBe(ref.input_values.sha256);
  });

  const batchCases: [string, string, Record<string, unknown>][] = [
    ['return_attention_mask_true', 'model-stable-layer-norm', { padding: true }],
    ['return_attention_mask_false_hf_default', 'model', { padding: true }],
    ['max_length_16000_truncation', 'model-stable-layer-norm', { padding: 'max_length', maxLength: 16000, truncation: true }],
  ];
  it.each(batchCases)('batch %s equals transformers 4.31', async (variant, model, options) => {
    const fe = await AutoFeatureExtractor.fromPretrained(fixture('hf-tiny-wav2vec2', model));
    const saved = fe.savePretrained(mkdtempSync(join(tmpdir(), 'fe-')));
    expect(readFileSync(saved, 'utf8')).toBe(readFileSync(fixture('hf-tiny-wav2vec2', model, 'preprocessor_config.json'), 'utf8'));
    const ref = refs.batch.variants[variant];
    const out = fe(refs.batch.clips.map((n: string) => waves.get(n)!), { samplingRate: 16000, returnTensors: 'pt', ...options });
    const t = out.input_values as Tensor;
    expect(t.shape).toEqual(ref.input_values.shape);
    expect(sha(t.data() as Float32Array)).toBe(ref.input_values.sha256);
    const mask = out.attention_mask as Tensor | undefined;
    if (ref.attention_mask || ref.attention_mask_row_sums) {
      expect(mask!.dtype).toBe('int32');
      const sums = (mask!.sum(1).data() as BigInt64Array | Int32Array);
      expect(Array.from(sums, Number)).toEqual(ref.attention_mask?.row_sums ?? ref.attention_mask_row_sums);
    } else {
      expect(mask).toBeUndefined();
    }
    for (const [k, row] of (ref.rows ?? []).entries()) {
      const r = (t.data() as Float32Array).subarray(k * t.shape[1]!, (k + 1) * t.shape[1]!);
      expect(sha(r)).toBe(row.row.sha256);
      expect(Array.from(r.subarray(r.length - 50))).toEqual(f32(row.last_50));
    }
  });

  it('rejects a wrong sampling rate, unknown options and ragged rows as one tensor', () => {
    const fe = new Wav2Vec2FeatureExtractor();
    const x = new Float32Array(100).map((_, i) => Math.sin(i));
    expect(() => fe(x, { samplingRate: 22050 })).toThrow(/trained on audio sampled at 16000 Hz; the input was sampled at 22050 Hz/);
    expect(() => fe(x, { samplingRate: 16000, pading: true } as never)).toThrow(/unknown option "pading"/);
    expect(() => fe([x, x.subarray(0, 50)], { samplingRate: 16000, returnTensors: 'pt' })).toThrow(/padding: true/);
    expect(() => fe('speech', { samplingRate: 16000 })).toThrow(/expected a waveform/);
    const list = fe([x, x.subarray(0, 50)], { samplingRate: 16000, padding: true, returnAttentionMask: true });
    expect((list.input_values as Float32Array[]).map((r) => r.length)).toEqual([100, 100]);
    expect(Array.from((list.attention_mask as Int32Array[])[1]!.subarray(48, 52))).toEqual([1, 1, 0, 0]);
  });
});
