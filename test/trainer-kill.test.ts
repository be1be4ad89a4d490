// Processes killed while training: SIGKILL in the middle of a checkpoint save, and Ctrl-C (SIGINT).
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../lib/serialization/safetensors.js';
import { node, type Finished } from './helpers/launch.js';

const root = mkdtempSync(join(tmpdir(), 'tstorch-trainer-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs test/trainer-child.ts with `env`; `onLine` sees each stderr line (the child prints `step N`). */
function child(env: Record<string, string>, onLine?: (line: string, proc: ChildProcess) => void): Promise<Finished> {
  const { child: proc, done } = node(['test/trainer-child.ts'], env);
  let pending = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) onLine?.(line, proc);
  });
  return done;
}

type Log = Record<string, number>;
const strip = (h: Log[]) => h.map(({ eval_runtime, eval_samples_per_second, eval_steps_per_second, train_runtime, train_samples_per_second, train_steps_per_second, ...e }) => e);
let uninterrupted: Log[];

beforeAll(async () => {
  const result = join(root, 'full.json');
  const exit = await child({ OUT: join(root, 'full'), RESULT: result });
  expect(exit.code, exit.stderr).toBe(0);
  uninterrupted = JSON.parse(readFileSync(result, 'utf8')) as Log[];
  expect(uninterrupted.at(-1)!.step).toBe(24); // 45 rows in batches of 4: 12 steps per epoch
}, 120_000);

describe('Trainer in a killed process', () => {
  it('SIGKILL during a checkpoint save leaves the previous checkpoint loadable; resuming reproduces the run', async () => {
    const out = join(root, 'killed');
    const killed = await child({ OUT: out, KILL_AT_SAVE: '9' });
    expect(killed.signal).toBe('SIGKILL');
    const left = readdirSync(out).sort();
    // checkpoint-9 was never published: only its hidden temporary folder is there
    expect(left.filter((n) => n.startsWith('checkpoint-'))).toEqual(['checkpoint-3', 'checkpoint-6']);
    expect(left.some((n) => n.startsWith('.tmp-checkpoint-9-'))).toBe(true);
    const previous = join(out, 'checkpoint-6');
    expect(JSON.parse(readFileSync(join(previous, 'trainer_state.json'), 'utf8')).global_step).toBe(6);
    expect(readSafetensors(join(previous, 'model.safetensors')).tensors.size).toBe(41);
    expect(readSafetensors(join(previous, 'optimizer.safetensors')).tensors.size).toBe(82); // exp_avg and exp_avg_sq
    expect(readdirSync(previous).sort()).toEqual(['config.json', 'model.safetensors', 'optimizer.safetensors', 'rng_state.safetensors', 'scheduler.json', 'tokenizer_config.json', 'trainer_state.json', 'training_args.json']);

    const result = join(root, 'resumed.json');
    const resumed = await child({ OUT: out, RESUME: '1', RESULT: result });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^step 7$/m); // went on from checkpoint-6
    expect(strip(JSON.parse(readFileSync(result, 'utf8')) as Log[])).toEqual(strip(uninterrupted));
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]); // the dead process's folder was removed
  });

  it('Ctrl-C stops after the current step with a checkpoint; resuming reproduces the run', async () => {
    const out = join(root, 'interrupted');
    let signalled = false;
    const exit = await child({ OUT: out, SLOW_MS: '40' }, (line, proc) => {
      if (!signalled && line === 'step 4') {
        signalled = true;
        proc.kill('SIGINT');
      }
    });
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toMatch(/Interrupted: stopping after the current step/);
    const stoppedAt = Number(/Stopped at step (\d+): saved checkpoint-\1;/.exec(exit.stderr)?.[1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(4);
    expect(stoppedAt).toBeLessThan(24);
    expect(existsSync(join(out, `checkpoint-${stoppedAt}`, 'rng_state.safetensors'))).toBe(true);

    const result = join(root, 'after-interrupt.json');
    const resumed = await child({ OUT: out, RESUME: '1', RESULT: result });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(strip(JSON.parse(readFileSync(result, 'utf8')) as Log[])).toEqual(strip(uninterrupted));
  });
});
