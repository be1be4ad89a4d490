// examples/images-audio.ts (the tutorial's images-and-audio script) runs whole, as a user runs it, offline on the
// tiny ViT and Wav2Vec2 fixtures: the image forward, a Trainer run on an imagefolder of the fixture images (saved
// to OUTPUT_DIR), and the audio batch from jfk.flac cut to its first second (AUDIO_SECONDS; all 11 s would need
// ~5 GB per attention layer with the tiny model). The saved model reloads in tstorch and in Python transformers
// 4.31 (when the reference environment at /tmp/hfref is there) with the same logits.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { AutoImageProcessor, AutoModelForImageClassification, loadImage } from '../lib/transformers/index.js';
import { fixture } from './helpers/fixtures.js';
import { nodeSync } from './helpers/launch.js';

const root = mkdtempSync(join(tmpdir(), 'tstorch-images-audio-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An imagefolder of the eight fixture images in three classes: 8 rows, 4 steps at the script's batch size 2. */
const IMAGES = join(root, 'images');
const CLASSES: Record<string, string[]> = {
  a: ['cats_coco_000000039769.png', 'rocket.jpg', 'mountain_lossy.webp'],
  b: ['camera_gray.png', 'portrait_exif6.jpg'],
  c: ['logo_rgba.png', 'palette_10x10.png', 'chelsea_tall_24x200.png'],
};
for (const [label, files] of Object.entries(CLASSES)) {
  mkdirSync(join(IMAGES, label), { recursive: true });
  for (const f of files) copyFileSync(fixture('images', f), join(IMAGES, label, f));
}

const VIT = fixture('hf-tiny-vit', 'model');
const CATS = fixture('images', 'cats_coco_000000039769.png');

function runScript(extra: Record<string, string>) {
  return nodeSync(['examples/images-audio.ts'], { env: { VIT, W2V: fixture('hf-tiny-wav2vec2', 'model'), IMAGE: CATS, AUDIO: fixture('audio'), ...extra } });
}

const PY = '/usr/bin/python3';
const HF = '/tmp/hfref/site';
const pythonAvailable = existsSync(HF) && existsSync(PY);

/** Python transformers 4.31's logits for the saved folder on the given pixel values, and the class it loaded. */
function pythonLogits(dir: string, pixels: torch.Tensor): { cls: string; logits: number[][] } {
  const code = [
    'import json, sys, torch',
    'from transformers import AutoModelForImageClassification',
    'm = AutoModelForImageClassification.from_pretrained(sys.argv[1]).eval()',
    'shape, data = json.loads(sys.argv[2])',
    'with torch.no_grad(): logits = m(pixel_values=torch.tensor(data, dtype=torch.float32).reshape(shape)).logits',
    'print(json.dumps({"cls": type(m).__name__, "logits": logits.tolist()}))',
  ].join('\n');
  const r = spawnSync(PY, ['-c', code, dir, JSON.stringify([pixels.shape, pixels.flatten().toArray()])], {
    env: { ...process.env, PYTHONPATH: HF, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`Python transformers failed (status ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { cls: string; logits: number[][] };
}

describe('examples/images-audio.ts', () => {
  const out = join(root, 'vit-out');
  let run: ReturnType<typeof runScript> | undefined;
  const ran = () => (run ??= runScript({ IMAGES, OUTPUT_DIR: out, AUDIO_SECONDS: '1' }));

  it('runs whole: the ViT logits, one epoch on the imagefolder, the Wav2Vec2 logits of a padded batch', () => {
    const r = ran();
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // the image forward (one image, 3 labels) first, the audio batch (the clip and its first 8000 samples) last
    expect(lines[0]).toBe('[ 1, 3 ]');
    expect(lines.at(-1)).toBe('[ 2, 3 ]');
    const summary = /\{'train_runtime': ([\d.]+), 'train_samples_per_second': ([\d.]+), 'train_steps_per_second': ([\d.]+), 'train_loss': ([\d.e-]+), 'epoch': 1\.0\}/.exec(r.stdout);
    expect(summary, r.stdout).not.toBeNull();
    const trainLoss = Number(summary![4]);
    expect(Number.isFinite(trainLoss)).toBe(true);
    // three classes, a near-uniform tiny model and 4 small steps: the mean loss stays near ln 3
    expect(Math.abs(trainLoss - Math.log(3))).toBeLessThan(0.1);
    expect(r.stderr).toMatch(/4\/4 \[/); // 8 images at batch size 2
  });

  /** The cats image as the script's processor makes it, and the logits of the reloaded fine-tuned ViT on it. */
  async function tunedLogits() {
    const processor = await AutoImageProcessor.fromPretrained(VIT);
    const pixel_values = processor(await loadImage(CATS), { returnTensors: 'pt' }).pixel_values as torch.Tensor;
    const tuned = await AutoModelForImageClassification.fromPretrained(out);
    return { pixel_values, tuned, logits: torch.noGrad(() => tuned.forward({ pixel_values })).logits };
  }

  it('saves the fine-tuned ViT to OUTPUT_DIR: it reloads, moved from the checkpoint by about the learning rate', async () => {
    expect(ran().code, ran().stderr).toBe(0);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { architectures: string[]; id2label: Record<string, string> };
    expect(config.architectures).toEqual(['ViTForImageClassification']);
    expect(Object.keys(config.id2label)).toHaveLength(3);

    const { pixel_values, tuned, logits } = await tunedLogits();
    const base = await AutoModelForImageClassification.fromPretrained(VIT);
    const tunedSd = tuned.stateDict(), baseSd = base.stateDict();
    expect(Object.keys(tunedSd).sort()).toEqual(Object.keys(baseSd).sort());
    // AdamW moves a weight by at most a few times the learning rate a step: 4 steps from 5e-5, linearly decayed
    const moved = Math.max(...Object.keys(baseSd).map((k) => tunedSd[k]!.sub(baseSd[k]!).abs().max().item()));
    expect(moved).toBeGreaterThan(1e-5);
    expect(moved).toBeLessThan(1e-3);
    expect(logits.shape).toEqual([1, 3]);
    const baseLogits = torch.noGrad(() => base.forward({ pixel_values })).logits;
    expect(logits.sub(baseLogits).abs().max().item()).toBeGreaterThan(0);
  });

  it.skipIf(!pythonAvailable)('Python transformers 4.31 loads the saved ViT with the same logits', async () => {
    expect(ran().code, ran().stderr).toBe(0);
    const { pixel_values, logits } = await tunedLogits();
    const py = pythonLogits(out, pixel_values);
    expect(py.cls).toBe('ViTForImageClassification');
    expect(logits.sub(torch.tensor(py.logits)).abs().max().item()).toBeLessThan(1e-5);
  });

  it('rejects an AUDIO_SECONDS that is not a positive number, before any work', () => {
    const r = runScript({ AUDIO_SECONDS: 'ten' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/AUDIO_SECONDS must be a positive number of seconds .*got 'ten'/);
    expect(r.stdout).toBe('');
  });
});
