// attnImplementation 'eager' | 'sdpa' (transformers' `attn_implementation`): the default per libtorch version,
// equal eval outputs, an SDPA dropout whose mean output is the eager one's (a statistical test), and the eager
// path reproducing transformers 4.31's dropout-on training runs draw for draw (test/references/attention-dropout.json,
// made by scripts/make-attention-dropout-reference.py).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { BertConfig, BertForSequenceClassification, BertModel, defaultAttnImplementation } from 'tstorch/transformers';
import { fixture } from './helpers/fixtures.js';
import { ids, maxAbsDiff, readReference } from './helpers/reference-tensors.js';

const modelDir = fixture('hf-tiny-bert', 'model');
const batch = readReference<{ batches: Record<string, { input_ids: number[][]; attention_mask: number[][]; token_type_ids: number[][]; labels: number[] }> }>(
  'hf-tiny-bert', 'references', 'forward.json',
).batches.b_single_padded!;
const inputs = () => ({ input_ids: ids(batch.input_ids), attention_mask: ids(batch.attention_mask), token_type_ids: ids(batch.token_type_ids) });
const sdpa = torch.buildInfo().sdpaAvailable;
const version = torch.buildInfo().torchVersion;

describe('the default attention', () => {
  it(`is ${sdpa ? 'sdpa' : 'eager'} on libtorch ${version}, and a built model's config records it`, async () => {
    expect(defaultAttnImplementation()).toBe(sdpa ? 'sdpa' : 'eager');
    const config = await BertConfig.fromPretrained(modelDir);
    expect(config.attnImplementation).toBeNull();
    const model = BertModel.fromConfig(config);
    expect(model.config.attnImplementation).toBe(sdpa ? 'sdpa' : 'eager');
  });

  it('is an option of fromPretrained and of the config (camelCase or snake_case), never written to config.json', async () => {
    const model = await BertForSequenceClassification.fromPretrained(modelDir, { attnImplementation: 'eager' });
    expect(model.config.attnImplementation).toBe('eager');
    expect(new BertConfig({ attn_implementation: 'eager' }).attnImplementation).toBe('eager');
    const dir = model.savePretrained(mkdtempSync(join(tmpdir(), 'tstorch-attn-')));
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toMatch(/attn_implementation/);
  });

  it('rejects an unknown implementation, naming the supported ones', async () => {
    await expect(BertModel.fromPretrained(modelDir, { attnImplementation: 'flash_attention_2' })).rejects.toThrow(
      /attnImplementation "flash_attention_2" is not one of 'eager', 'sdpa'/,
    );
  });

  it.skipIf(sdpa)(`refuses sdpa on libtorch ${version}, which has no scaled_dot_product_attention`, () => {
    expect(() => BertModel.fromConfig(new BertConfig({ attnImplementation: 'sdpa' }))).toThrow(/'sdpa' needs libtorch 2\.x .*use attnImplementation: 'eager'/);
  });
});

describe.skipIf(!sdpa)(`eager and sdpa${sdpa ? '' : ` (skipped: libtorch ${version} has no SDPA)`}`, () => {
  it('give the same eval outputs (last hidden state, attention mask applied)', async () => {
    const [eager, fused] = await Promise.all(['eager', 'sdpa'].map((a) => BertModel.fromPretrained(modelDir, { attnImplementation: a })));
    const a = torch.noGrad(() => eager!.forward(inputs()).lastHiddenState);
    const b = torch.noGrad(() => fused!.forward(inputs()).lastHiddenState);
    const diff = maxAbsDiff(a, b);
    console.log(`eager vs sdpa, eval last_hidden_state max abs diff ${diff}`);
    expect(diff).toBeLessThanOrEqual(1e-6);
  });

  it('with attention dropout on: the same mean output over many draws (two-sample z-test per element)', async () => {
    // Dropout makes each output random; if SDPA dropped out unscaled, at another rate, or not at all, the mean over
    // draws would move away from the eager path's. Each element's |z| stays below 5 unless the means differ
    // (over 3*8*32 elements the chance of a false alarm is about 4e-4).
    const draws = 300;
    const stats = async (attnImplementation: string) => {
      const model = await BertModel.fromPretrained(modelDir, { attnImplementation, attentionProbsDropoutProb: 0.3, hiddenDropoutProb: 0 });
      model.train();
      return torch.noGrad(() => {
        let sum = torch.zeros([3, 8, 32], { dtype: 'float64' });
        let sumSq = torch.zeros([3, 8, 32], { dtype: 'float64' });
        for (let i = 0; i < draws; i++) {
          const h = torch.tidy(() => model.forward(inputs()).lastHiddenState.slice(1, 0, 8).double());
          sum = sum.add(h);
          sumSq = sumSq.add(h.mul(h));
        }
        const mean = sum.div(draws);
        return { mean, variance: sumSq.div(draws).sub(mean.mul(mean)) };
      });
    };
    torch.manualSeed(1);
    const eager = await stats('eager');
    const fused = await stats('sdpa');
    const z = eager.mean.sub(fused.mean).abs().div(eager.variance.add(fused.variance).div(draws).sqrt());
    const maxZ = z.max().item();
    console.log(`attention dropout 0.3, ${draws} draws each: max |z| ${maxZ.toFixed(2)}, mean |z| ${z.mean().item().toFixed(3)}`);
    expect(fused.variance.mean().item()).toBeGreaterThan(1e-6); // dropout was on in the fused kernel
    expect(maxZ).toBeLessThan(5);
  });
});

interface DropoutRun {
  config_overrides: Record<string, number>;
  losses: number[];
  first_step_logits: number[][];
}
const dropoutRef = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'references', 'attention-dropout.json'), 'utf8')) as { runs: Record<string, DropoutRun> };

describe("eager attention reproduces transformers 4.31's dropout-on training", () => {
  for (const [name, run] of Object.entries(dropoutRef.runs)) {
    it(`${name} (${JSON.stringify(run.config_overrides)}): the same dropout draws, losses and logits`, async () => {
      const model = await BertForSequenceClassification.fromPretrained(modelDir, { ...run.config_overrides, attnImplementation: 'eager' });
      model.train();
      const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-3 });
      torch.manualSeed(1234);
      let worst = 0;
      run.losses.forEach((loss, step) => {
        const out = model.forward({ ...inputs(), labels: ids(batch.labels) });
        if (step === 0) {
          const logitsDiff = maxAbsDiff(out.logits, { shape: [3, 5], dtype: 'float32', data: run.first_step_logits.flat() });
          console.log(`${name}: first-step logits max abs diff ${logitsDiff}`);
          expect(logitsDiff).toBeLessThanOrEqual(1e-6);
        }
        out.loss!.backward();
        optimizer.step();
        optimizer.zeroGrad();
        worst = Math.max(worst, Math.abs(out.loss!.item() - loss));
      });
      console.log(`${name}: worst step-loss diff ${worst}`);
      expect(worst).toBeLessThanOrEqual(1e-6);
    });
  }
});
