// The Trainer fine-tunes ViT on an imagefolder and Wav2Vec2 on an audiofolder made from the fixture files,
// offline (the tiny checkpoints, 3 classes), through loadDataset, the processors and the DataLoader.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Audio, loadDataset, type DatasetDict } from '../lib/datasets/index.js';
import { manualSeed } from '../lib/runtime.js';
import {
  AutoFeatureExtractor, AutoImageProcessor, AutoModelForAudioClassification, AutoModelForImageClassification,
  type AudioArray, type RawImage, Trainer, TrainingArguments,
} from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';

function folder(prefix: string, layout: Record<string, [string, string[]]>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [label, [source, files]] of Object.entries(layout)) {
    mkdirSync(join(dir, label));
    for (const f of files) copyFileSync(fixture(source, f), join(dir, label, f));
  }
  return dir;
}

describe('Trainer on images and audio', () => {
  it('fine-tunes ViT on an imagefolder with an on-the-fly transform; the loss goes down', async () => {
    manualSeed(0);
    const dir = folder('vit-train-', {
      a: ['images', ['cats_coco_000000039769.png', 'rocket.jpg', 'mountain_lossy.webp']],
      b: ['images', ['camera_gray.png', 'portrait_exif6.jpg']],
      c: ['images', ['logo_rgba.png', 'palette_10x10.png', 'chelsea_tall_24x200.png']],
    });
    const ds = (await loadDataset('imagefolder', { dataDir: dir })) as DatasetDict;
    const processor = await AutoImageProcessor.fromPretrained(fixture('hf-tiny-vit', 'model'));
    const train = ds.train.withTransform((b) => ({
      pixel_values: processor(b.image as RawImage[], { returnTensors: 'pt' }).pixel_values,
      labels: b.label,
    }));
    const model = await AutoModelForImageClassification.fromPretrained(fixture('hf-tiny-vit', 'model'), { numLabels: 3 });
    const out = mkdtempSync(join(tmpdir(), 'vit-out-'));
    const args = new TrainingArguments({
      outputDir: out, numTrainEpochs: 8, perDeviceTrainBatchSize: 4, learningRate: 5e-3, reportTo: 'none',
      removeUnusedColumns: false, loggingSteps: 1, saveStrategy: 'no', disableTqdm: true, useCpu: true,
    });
    const trainer = new Trainer({ model, args, trainDataset: train });
    const result = await trainer.train();
    const losses = trainer.state.logHistory.filter((l) => typeof l.loss === 'number').map((l) => l.loss as number);
    expect(losses.length).toBe(16);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(result.globalStep).toBe(16);
  }, 120_000);

  it('fine-tunes Wav2Vec2 on an audiofolder (Audio cast to 16 kHz, map with the extractor, frozen encoder)', async () => {
    manualSeed(0);
    const dir = folder('w2v-train-', {
      kennedy: ['audio', ['jfk.flac', 'jfk.wav']],
      lj: ['audio', ['LJ050-0131.wav']],
    });
    const ds = ((await loadDataset('audiofolder', { dataDir: dir })) as DatasetDict).train.castColumn('audio', new Audio({ samplingRate: 16000 }));
    const fe = await AutoFeatureExtractor.fromPretrained(fixture('hf-tiny-wav2vec2', 'model-stable-layer-norm'));
    const prepared = await ds.map(
      (b: { audio: AudioArray[] }) => fe(b.audio.map((a) => a.array), { samplingRate: fe.samplingRate, maxLength: 8000, truncation: true, padding: 'max_length' }),
      { batched: true, removeColumns: ['audio'] },
    );
    const model = await AutoModelForAudioClassification.fromPretrained(fixture('hf-tiny-wav2vec2', 'model-stable-layer-norm'), { numLabels: 2, ignoreMismatchedSizes: true });
    (model as unknown as { freezeFeatureEncoder(): void }).freezeFeatureEncoder();
    const out = mkdtempSync(join(tmpdir(), 'w2v-out-'));
    const args = new TrainingArguments({
      outputDir: out, numTrainEpochs: 6, perDeviceTrainBatchSize: 3, learningRate: 5e-3, reportTo: 'none',
      loggingSteps: 1, saveStrategy: 'no', disableTqdm: true, useCpu: true,
    });
    const trainer = new Trainer({ model, args, trainDataset: prepared.renameColumn('label', 'labels') });
    await trainer.train();
    const losses = trainer.state.logHistory.filter((l) => typeof l.loss === 'number').map((l) => l.loss as number);
    expect(losses.length).toBe(6);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    trainer.saveModel();
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
  }, 120_000);
});
