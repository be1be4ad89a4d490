// examples/trainer.ts (the tutorial's Trainer script) runs offline end to end on the tiny random BERT and the
// AG News fixture, with reduced sizes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from './helpers/fixtures.js';
import { nodeSync } from './helpers/launch.js';

const out = mkdtempSync(join(tmpdir(), 'tstorch-trainer-example-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('examples/trainer.ts', () => {
  it('fine-tunes, evaluates each epoch and prints the metrics', () => {
    const env = {
      MODEL: fixture('tiny-random-bert-cased'),
      DATA: fixture('ag-news-tutorial'),
      TRAIN_SAMPLES: '48',
      EVAL_SAMPLES: '24',
      EPOCHS: '2',
      OUTPUT_DIR: join(out, 'test_trainer'),
    };
    const r = nodeSync(['examples/trainer.ts'], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // one eval line per epoch, the training summary, then the final evaluate() result
    expect(lines.filter((l) => l.startsWith("{'eval_loss':")).map((l) => /'epoch': ([\d.]+)\}/.exec(l)?.[1])).toEqual(['1.0', '2.0']);
    expect(r.stdout).toMatch(/\{'train_runtime': [\d.]+, 'train_samples_per_second': [\d.]+, 'train_steps_per_second': [\d.]+, 'train_loss': 1\.\d+, 'epoch': 2\.0\}/);
    expect(r.stdout).toMatch(/eval_loss: 1\.\d+,\n\s+eval_accuracy: [\d.]+,/);
    expect(r.stderr).toMatch(/12\/12 \[/); // the progress bar over 2 x 6 steps
    expect(existsSync(join(out, 'test_trainer'))).toBe(false); // no checkpoint before step 500, as in Python
  });
});
