// `tstorch finetune` (its embedded default, shortened), `tstorch predict` on the saved folder, `tstorch doctor`,
// and the CLI's clear messages and exit codes for bad input.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { loadDataset, type Dataset } from 'tstorch/datasets';
import { predictTexts } from '../lib/cli/predict.js';
import { nodeSync } from './helpers/launch.js';

const work = mkdtempSync(join(tmpdir(), 'tstorch-cli-'));
const env = { ...process.env, TSTORCH_CACHE: join(work, 'cache') };

const cli = (...args: string[]) => nodeSync(['lib/cli/index.ts', ...args], { env, timeoutMs: 540_000 });

describe('tstorch finetune', () => {
  // 13-14 s alone; 283 s in a CI run beside another long test file on 2 cores
  it('trains the embedded demo offline, saves a folder that loads back and predicts what was evaluated', { timeout: 600_000 }, async () => {
    const out = join(work, 'model');
    const r = cli('finetune', '--epochs', '2', '--output-dir', out, '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(summary.train_samples).toBe(2000);
    expect(summary.accuracy).toBeGreaterThan(0.8); // 4 labels: chance is 0.25

    // the saved folder reproduces the reported accuracy on the same (shuffled, seed 42) eval rows
    const test = (await loadDataset('csv', { dataFiles: join(work, 'cache', 'embedded-v2', 'data', 'test.csv'), split: 'train' })) as Dataset;
    const rows = test.shuffle({ seed: 42 }).toList() as { text: string; label: number }[];
    const predictions = await predictTexts(out, rows.map((row) => row.text));
    const accuracy = predictions.filter((p, i) => p.labelId === rows[i]!.label).length / rows.length;
    expect(accuracy).toBeCloseTo(summary.accuracy, 10);

    const p = cli('predict', '--model', out, '--json', 'the coach praised the team after the match');
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)[0].label).toBe('sports');
  });

  it('refuses bad input with a clear message and a non-zero exit', () => {
    const data = join(work, 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'train.csv'), 'text,label\n"good",0\n"bad",7\n');
    const existing = join(work, 'existing');
    mkdirSync(existing, { recursive: true });
    writeFileSync(join(existing, 'file.txt'), 'x');
    const cases: [string[], RegExp][] = [
      [['finetune', '--output-dir', existing], /exists and is not empty; pass --overwrite-output-dir/],
      [['finetune', '--dataset', data, '--text-column', 'review', '--output-dir', join(work, 'o1')], /no column 'review' \(columns: text, label\)/],
      [['finetune', '--model', join(work, 'cache', 'embedded-v2', 'model'), '--dataset', data, '--output-dir', join(work, 'o2')], /label 7 in column 'label' is outside 0\.\.3 \(the model's classifier has 4 labels\)/],
      [['finetune', '--model', 'no-such-org/no-such-model', '--output-dir', join(work, 'o3')], /no-such-org\/no-such-model/],
      [['finetune', '--dataset', join(work, 'missing-folder'), '--output-dir', join(work, 'o4')], /missing-folder/],
      [['finetune', '--epochs', 'two'], /--epochs must be an integer >= 1, got 'two'/],
      [['finetune', '--bogus'], /Unknown option '--bogus'/],
      [['predict', 'text'], /--model is required/],
      [['nope'], /unknown command 'nope'/],
      [['finetune', '--device', 'tpu'], /--device must be cpu or cuda, got 'tpu'/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it.skipIf(torch.cuda.isAvailable())('finetune --device cuda without CUDA is an error naming the device and what is available', () => {
    const r = cli('finetune', '--device', 'cuda', '--output-dir', join(work, 'o5'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--device: device 'cuda' is not available here \(CUDA is not available.*\); available: cpu/);
    expect(r.stdout).toBe(''); // nothing was trained
  });

  it('doctor reports versions, libtorch and devices', () => {
    const r = cli('doctor', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.libtorch.version).toMatch(/^\d+\.\d+/);
    expect(report.devices).toContain('cpu');
    expect(report.buildWouldUse).toMatch(/libtorch/);
    const sdpa = torch.buildInfo().sdpaAvailable;
    expect(report.attention).toEqual({ default: sdpa ? 'sdpa' : 'eager', sdpaCpuKernel: sdpa ? expect.any(String) : null });
    expect(report.blas.buildInfo).toMatch(/\w/);
    expect(report.blas.loaded.some((p: string) => /blas/.test(p))).toBe(true); // libtorch's BLAS, resolved
    expect(cli('doctor').stdout).toMatch(/attention +\w+ by default/);
  });
});
