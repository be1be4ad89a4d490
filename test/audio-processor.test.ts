// AutoProcessor: a folder with a tokenizer and a feature extractor (or image processor), one call, one batch.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../lib/tensor.js';
import { AutoFeatureExtractor, AutoImageProcessor, AutoProcessor, AutoTokenizer, loadAudio, loadImage } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';

function folderWith(preprocessorFrom: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'processor-'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) copyFileSync(fixture('hf-tiny-bert', 'model', f), join(dir, f));
  copyFileSync(fixture(preprocessorFrom, 'preprocessor_config.json'), join(dir, 'preprocessor_config.json'));
  return dir;
}

describe('AutoProcessor', () => {
  it('audio + text: input_values and attention_mask from the extractor, the transcripts as labels, in one batch', async () => {
    const dir = folderWith('hf-tiny-wav2vec2/model-stable-layer-norm');
    const processor = await AutoProcessor.fromPretrained(dir);
    const wav = await loadAudio(fixture('audio', 'jfk.wav'));
    const clips = [wav.subarray(4800, 6800), wav.subarray(11200, 12800)];
    const text = ['ask not', 'what your country can do'];
    const out = processor({ audio: clips, text }, { samplingRate: 16000, padding: true, returnTensors: 'pt' });
    const fe = await AutoFeatureExtractor.fromPretrained(dir);
    const alone = fe(clips, { samplingRate: 16000, padding: true, returnTensors: 'pt' });
    expect(Array.from((out.input_values as Tensor).data() as Float32Array)).toEqual(Array.from((alone.input_values as Tensor).data() as Float32Array));
    expect((out.attention_mask as Tensor).shape).toEqual([2, 2000]);
    const tok = await AutoTokenizer.fromPretrained(dir);
    expect((out.labels as Tensor).toArray()).toEqual((tok(text, { padding: true, returnTensors: 'pt' }).input_ids as Tensor).toArray());
    expect(() => processor({ audio: clips }, { samplingRate: 8000 })).toThrow(/sampled at 8000 Hz/);
    expect(() => processor({ images: [] })).toThrow(/no image processor/);
  });

  it('images + text: pixel_values next to the token ids', async () => {
    const processor = await AutoProcessor.fromPretrained(folderWith('hf-tiny-vit/model'));
    const image = await loadImage(fixture('images', 'cats_coco_000000039769.png'));
    const out = processor({ images: [image], text: ['two cats'] }, { returnTensors: 'pt' });
    expect(Object.keys(out).sort()).toEqual(['attention_mask', 'input_ids', 'pixel_values', 'token_type_ids']);
    const alone = (await AutoImageProcessor.fromPretrained(fixture('hf-tiny-vit', 'model')))(image, { returnTensors: 'pt' });
    expect((out.pixel_values as Tensor).toArray()).toEqual((alone.pixel_values as Tensor).toArray());
    await expect(AutoProcessor.fromPretrained(mkdtempSync(join(tmpdir(), 'empty-')))).rejects.toThrow(/neither preprocessor_config\.json nor a tokenizer/);
  });
});
