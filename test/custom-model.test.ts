// examples/custom-model.ts (the tutorial's torch.nn script) runs offline: a TS-written model trained by hand,
// saved with torch.save and loaded back, then a TS module over a native BERT trained by the Trainer.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { fixture } from './helpers/fixtures.js';
import { nodeSync } from './helpers/launch.js';

const out = mkdtempSync(join(tmpdir(), 'tstorch-custom-model-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('examples/custom-model.ts', () => {
  it('trains the bag-of-words model, saves and reloads it, and trains a module over BertModel with the Trainer', () => {
    const env = { MODEL: fixture('tiny-random-bert-cased'), DATA: fixture('ag-news-tutorial'), OUT_DIR: out };
    const r = nodeSync(['examples/custom-model.ts'], { env });
    expect(r.code, r.stderr).toBe(0);
    // numParameters: the embedding (vocab x 64), two blocks, the head and `scale`; own parameters first in the state dict
    const m = /^(\d+) \[ 'scale', 'embed\.weight', 'blocks\.0\.fc1\.weight', 'blocks\.0\.fc1\.bias' \]$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const blocks = 2 * (64 * 128 + 128 + 128 * 64 + 64 + 2 * 64);
    const head = 64 * 32 + 32 + 32 * 4 + 4;
    const vocab = (Number(m![1]) - blocks - head - 1) / 64;
    expect(Number.isInteger(vocab) && vocab > 1000).toBe(true);
    // the Trainer's summary (64 rows, batch 8, 1 epoch)
    expect(r.stdout).toMatch(/\{'train_runtime': [\d.]+, 'train_samples_per_second': [\d.]+, 'train_steps_per_second': [\d.]+, 'train_loss': [\d.]+, 'epoch': 1\.0\}/);
    const saved = torch.load(join(out, 'bag-of-words.safetensors'));
    expect(Object.keys(saved)).toHaveLength(1 + 1 + 2 * 6 + 4);
    expect(saved['embed.weight']!.shape).toEqual([vocab, 64]);
    expect(existsSync(join(out, 'custom-trainer'))).toBe(false); // no checkpoint before step 500, as in Python
  });
});
