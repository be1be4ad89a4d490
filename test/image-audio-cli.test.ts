// `tstorch finetune --task image-classification | audio-classification` on folders made from the fixture files.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { finetuneMediaCommand } from '../lib/cli/finetune-media.js';
import { fixture } from './helpers/fixtures.js';

function folder(layout: [string, string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-media-'));
  for (const [sub, source, file] of layout) {
    mkdirSync(join(dir, sub), { recursive: true });
    copyFileSync(fixture(source, file), join(dir, sub, file));
  }
  return dir;
}

async function run(argv: string[]): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  try {
    expect(await finetuneMediaCommand(argv)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(out.filter((l) => l.startsWith('{')).at(-1)!);
}

describe('tstorch finetune --task', () => {
  it('image-classification: trains, evaluates the test split, saves model and preprocessor config', async () => {
    const data = folder([
      ['train/cat', 'images', 'cats_coco_000000039769.png'], ['train/cat', 'images', 'camera_gray.png'],
      ['train/rocket', 'images', 'rocket.jpg'], ['train/rocket', 'images', 'mountain_lossy.webp'],
      ['test/cat', 'images', 'logo_rgba.png'], ['test/rocket', 'images', 'chelsea_tall_24x200.png'],
    ]);
    const outDir = join(mkdtempSync(join(tmpdir(), 'cli-vit-')), 'out');
    const summary = await run(['--task', 'image-classification', '--model', fixture('hf-tiny-vit', 'model'), '--dataset', data,
      '--epochs', '1', '--batch-size', '2', '--device', 'cpu', '--no-progress', '--output-dir', outDir]);
    expect(summary.labels).toEqual(['cat', 'rocket']);
    expect(typeof summary.accuracy).toBe('number');
    expect(JSON.parse(readFileSync(join(outDir, 'config.json'), 'utf8')).id2label).toEqual({ 0: 'cat', 1: 'rocket' });
    expect(existsSync(join(outDir, 'preprocessor_config.json'))).toBe(true);
  }, 120_000);

  it('audio-classification on an audiofolder', async () => {
    const data = folder([['kennedy', 'audio', 'jfk.wav'], ['kennedy', 'audio', 'jfk.flac'], ['lj', 'audio', 'LJ050-0131.wav']]);
    const outDir = join(mkdtempSync(join(tmpdir(), 'cli-w2v-')), 'out');
    const summary = await run(['--task', 'audio-classification', '--model', fixture('hf-tiny-wav2vec2', 'model'), '--dataset', data,
      '--epochs', '1', '--batch-size', '3', '--max-duration', '0.5', '--device', 'cpu', '--no-progress', '--output-dir', outDir]);
    expect(summary.train_samples).toBe(3);
    expect(existsSync(join(outDir, 'model.safetensors'))).toBe(true);
  }, 120_000);

  it('explains bad usage', async () => {
    await expect(finetuneMediaCommand(['--task', 'video-classification'])).rejects.toThrow(/--task must be image-classification or audio-classification/);
    await expect(finetuneMediaCommand(['--task', 'image-classification', '--dataset', '/tmp'])).rejects.toThrow(/needs --model/);
    const oneClass = folder([['only', 'images', 'rocket.jpg']]);
    await expect(finetuneMediaCommand(['--task', 'image-classification', '--model', fixture('hf-tiny-vit', 'model'), '--dataset', oneClass]))
      .rejects.toThrow(/at least two class sub-folders/);
  });
});
