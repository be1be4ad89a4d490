// datasets: the Audio feature (lazy decode + resample), loadDataset('audiofolder'), map with the feature extractor.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Audio, Dataset, loadDataset, type DatasetDict } from '../lib/datasets/index.js';
import { AutoFeatureExtractor, type AudioArray } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';

const clips = JSON.parse(readFileSync(fixture('audio', 'decoded.json'), 'utf8')).clips as Record<string, any>;
const sha = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe('Audio feature', () => {
  it('castColumn(new Audio({ samplingRate })) decodes and resamples on read, bit-exact with the fixture recipe', () => {
    const names = ['jfk.flac', 'LJ050-0131.wav'];
    const ds = Dataset.fromDict({ audio: names.map((n) => fixture('audio', n)) }).castColumn('audio', new Audio({ samplingRate: 16000 }));
    expect(ds.features.audio).toEqual(new Audio({ samplingRate: 16000 }));
    names.forEach((n, i) => {
      const a = ds.at(i).audio as AudioArray;
      expect(a.sampling_rate).toBe(16000);
      expect(a.path).toBe(fixture('audio', n));
      expect(sha(a.array)).toBe(clips[n].mono_16k_float32.sha256);
    });
    // Casting again to the native rate: the same cells, read without resampling.
    const native = ds.castColumn('audio', new Audio());
    expect((native.at(1).audio as AudioArray).sampling_rate).toBe(22050);
    expect(() => Dataset.fromDict({ audio: [3] }).castColumn('audio', new Audio())).toThrow(/neither a file path nor \{ bytes, path \}/);
    expect(() => new Audio({ sampleRate: 16000 } as never)).toThrow(/unknown option "sampleRate"/);
  });

  it('audiofolder with train/test splits; map with the feature extractor; a wrong rate is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audiofolder-'));
    const layout: [string, string, string][] = [
      ['train', 'kennedy', 'jfk.wav'], ['train', 'kennedy', 'jfk.flac'], ['train', 'lj', 'LJ050-0131.wav'], ['test', 'lj', 'LJ050-0131.wav'],
    ];
    for (const [split, label, file] of layout) {
      mkdirSync(join(dir, split, label), { recursive: true });
      copyFileSync(fixture('audio', file), join(dir, split, label, file));
    }
    const ds = (await loadDataset('audiofolder', { dataDir: dir })) as DatasetDict;
    expect(ds.keys().sort()).toEqual(['test', 'train']);
    expect(ds.train.length).toBe(3);
    expect(ds.test.length).toBe(1);
    expect(ds.train.features.label).toEqual({ dtype: 'int64', names: ['kennedy', 'lj'] });
    const train = ds.train.castColumn('audio', new Audio({ samplingRate: 16000 }));
    const fe = await AutoFeatureExtractor.fromPretrained(fixture('hf-tiny-wav2vec2', 'model-stable-layer-norm'));
    const prepared = await train.map(
      (batch: { audio: AudioArray[] }) => fe(batch.audio.map((a) => a.array), { samplingRate: 16000, maxLength: 16000, truncation: true, padding: 'max_length' }),
      { batched: true, removeColumns: ['audio'] },
    );
    expect(prepared.columnNames.sort()).toEqual(['attention_mask', 'input_values', 'label']);
    expect((prepared.at(0).input_values as number[]).length).toBe(16000);
    const wrong = ds.train.castColumn('audio', new Audio({ samplingRate: 8000 }));
    await expect(wrong.map((b: { audio: AudioArray[] }) => fe(b.audio.map((a) => a.array), { samplingRate: b.audio[0]!.sampling_rate }), { batched: true }))
      .rejects.toThrow(/sampled at 16000 Hz; the input was sampled at 8000 Hz/);
  });
});
