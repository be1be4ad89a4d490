// The Trainer under `tstorch run --nproc-per-node 2` against transformers 4.31's Trainer on 2 Gloo ranks
// (test/references/trainer-ddp.json, made by scripts/make_trainer_ddp_reference.py): each rank's step losses,
// the logged losses (mean over ranks), learning rates and per-epoch eval loss, without and with gradient
// accumulation (DDP's noSync between the boundaries, which span epochs); only rank 0 writes the
// checkpoints and the log; a resume on 2 ranks continues exactly as the uninterrupted run.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingArguments } from 'tstorch/transformers';
import { BatchSampler, SequentialSampler } from 'tstorch/utils/data';
import { BatchSamplerShard } from '../lib/transformers/trainer/batch-sampler-shard.js';
import { fixture, fixturesDir } from './helpers/fixtures.js';
import { freePort, node, repoRoot, tstorchRun } from './helpers/launch.js';

type Log = Record<string, number>;
interface RankRun {
  rank: number;
  worldSize: number;
  localRank: number;
  inputIds: number[][];
  stepLosses: number[];
  logHistory: Log[];
  globalStep: number;
  trainingLoss: number;
}
interface CaseReference {
  step_losses_per_rank: number[][];
  log_history: Log[];
  global_step: number;
  training_loss_per_rank: number[];
}
const reference = JSON.parse(readFileSync(new URL('./references/trainer-ddp.json', import.meta.url), 'utf8')) as CaseReference & {
  input_ids: number[][];
  gradient_accumulation: CaseReference & { settings: { gradient_accumulation_steps: number } };
  batch_sampler_shard: Array<{ n: number; batchSize: number; processes: number; dropLast: boolean; batches: number[][][]; lengths: number[] }>;
};
const root = mkdtempSync(join(tmpdir(), 'tstorch-trainer-ddp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  case: 'default' | 'gradient_accumulation';
  outputDir: string;
  resume?: string;
}
/** One 2-rank launch training `trainings` one after the other; for each, its result on rank 0 and rank 1. */
async function launch(name: string, trainings: Run[]): Promise<RankRun[][]> {
  const args = ['--nproc-per-node', '2', '--master-port', String(await freePort()), 'test/trainer-ddp/train.ts', fixturesDir, join(root, `${name}-rank{rank}.json`)];
  const run = await tstorchRun([...args, ...trainings.map((t) => JSON.stringify(t))]).done;
  expect(run.code, run.stderr).toBe(0);
  // rank 0 alone prints the logs
  expect(run.stdout).toMatch(/^\[rank0\]: \{'loss'/m);
  expect(run.stdout).not.toMatch(/^\[rank1\]: \{/m);
  const perRank = [0, 1].map((r) => JSON.parse(readFileSync(join(root, `${name}-rank${r}.json`), 'utf8')) as RankRun[]);
  return trainings.map((_, i) => perRank.map((runs) => runs[i]!));
}

const maxDiff = (a: number[], b: number[]): number => {
  expect(a).toHaveLength(b.length);
  return Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));
};
const entries = (logs: Log[], key: string) => logs.filter((l) => key in l);
const withoutTimings = (l: Log) => Object.fromEntries(Object.entries(l).filter(([k]) => !/_runtime$|_per_second$/.test(k)));

/** Each rank's step losses, the logged losses, learning rates, eval losses, steps and epochs against Python's. */
function expectMatches(runs: RankRun[], ref: CaseReference, label: string): void {
  runs.forEach((run, r) => {
    expect([run.rank, run.worldSize, run.localRank]).toEqual([r, 2, r]);
    expect(run.inputIds).toEqual(reference.input_ids);
  });
  const stepDiff = Math.max(...runs.map((run, r) => maxDiff(run.stepLosses, ref.step_losses_per_rank[r]!)));
  const ours = runs[0]!.logHistory;
  const theirs = ref.log_history;
  const lossDiff = maxDiff(entries(ours, 'loss').map((l) => l.loss!), entries(theirs, 'loss').map((l) => l.loss!));
  const evalDiff = maxDiff(entries(ours, 'eval_loss').map((l) => l.eval_loss!), entries(theirs, 'eval_loss').map((l) => l.eval_loss!));
  const trainLossDiff = Math.abs(runs[0]!.trainingLoss - ref.training_loss_per_rank[0]!);
  console.log(`trainer-ddp (${label}) vs transformers 4.31: step losses ${stepDiff.toExponential(2)}, logged losses ${lossDiff.toExponential(2)}, eval loss ${evalDiff.toExponential(2)}, train_loss ${trainLossDiff.toExponential(2)}`);
  expect(stepDiff).toBeLessThan(1e-5);
  expect(lossDiff).toBeLessThan(1e-5);
  expect(evalDiff).toBeLessThan(1e-5);
  expect(trainLossDiff).toBeLessThan(1e-5);
  expect(entries(ours, 'learning_rate').map((l) => l.learning_rate)).toEqual(entries(theirs, 'learning_rate').map((l) => l.learning_rate));
  expect(ours.map((l) => [l.step, l.epoch])).toEqual(theirs.map((l) => [l.step, l.epoch]));
  expect(runs[0]!.globalStep).toBe(ref.global_step);
  // every rank keeps the same state
  expect(runs[1]!.logHistory.map(withoutTimings)).toEqual(ours.map(withoutTimings));
}

/** Every file under `dir` with its mode: rank 1 runs with umask 077, so a file it wrote is 0600. */
function modes(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) out[name] = statSync(join(dir, name)).mode & 0o777;
  return out;
}

describe('Trainer under tstorch run --nproc-per-node 2', () => {
  const full = join(root, 'full');
  let runs: RankRun[];
  let accumulated: RankRun[];

  it('matches transformers 4.31 on 2 Gloo ranks: step losses, logged losses, learning rates, eval loss', async () => {
    // one launch trains both cases, to spare a start of the ranks
    [runs, accumulated] = (await launch('full', [
      { case: 'default', outputDir: full },
      { case: 'gradient_accumulation', outputDir: join(root, 'accumulated') },
    ])) as [RankRun[], RankRun[]];
    expectMatches(runs, reference, 'default');
  }, 120_000);

  it('matches it with gradientAccumulationSteps 2 (noSync between boundaries, one accumulation spanning the epochs)', () => {
    expect(reference.gradient_accumulation.settings).toEqual({ gradient_accumulation_steps: 2 });
    expectMatches(accumulated, reference.gradient_accumulation, 'gradient accumulation 2');
  });

  it('only rank 0 wrote the checkpoints (with both ranks\' rng states) and the log', () => {
    expect(readdirSync(full).sort()).toEqual(['checkpoint-3', 'checkpoint-6', 'checkpoint-9', 'trainer_log.jsonl']);
    const files = modes(full);
    expect(Object.keys(files)).toContain(join('checkpoint-6', 'rng_state_0.safetensors'));
    expect(Object.keys(files)).toContain(join('checkpoint-6', 'rng_state_1.safetensors'));
    for (const [name, mode] of Object.entries(files)) expect([name, mode & 0o077]).not.toEqual([name, 0]);
    const logged = readFileSync(join(full, 'trainer_log.jsonl'), 'utf8').trim().split('\n');
    expect(logged).toHaveLength(runs[0]!.logHistory.length);
  });

  it('resumes on 2 ranks from a checkpoint in the second epoch and continues exactly as the uninterrupted run', async () => {
    const resumed = join(root, 'resumed');
    cpSync(join(full, 'checkpoint-6'), join(resumed, 'checkpoint-6'), { recursive: true });
    const [again] = (await launch('resumed', [{ case: 'default', outputDir: resumed, resume: join(resumed, 'checkpoint-6') }])) as [RankRun[]];
    again.forEach((run, r) => expect(run.stepLosses).toEqual(runs[r]!.stepLosses.slice(6)));
    const after = (logs: Log[]) => logs.filter((l) => l.step! > 6).map(withoutTimings);
    expect(after(again[0]!.logHistory)).toEqual(after(runs[0]!.logHistory));
    expect(again[0]!.trainingLoss).toBe(runs[0]!.trainingLoss);
  }, 120_000);

  it('tstorch finetune --nproc-per-node 2 trains on 2 ranks through the same launcher; rank 0 alone writes the model and reports', async () => {
    const out = join(root, 'finetune');
    const data = fixture('hf-tiny-bert', 'data');
    const cli = [join(repoRoot, 'lib/cli/index.ts'), 'finetune', '--nproc-per-node', '2', '--master-port', String(await freePort())];
    const r = await node([...cli, '--model', fixture('hf-tiny-bert', 'model'), '--dataset', `train=${join(data, 'train.jsonl')},test=${join(data, 'eval.jsonl')}`, '--train-samples', '16', '--eval-samples', '8', '--epochs', '1', '--max-length', '32', '--no-progress', '--output-dir', out]).done;
    expect(r.code, r.stderr).toBe(0);
    const summaries = [...r.stdout.matchAll(/^\[rank(\d)\]: (\{"accuracy".*\})$/gm)];
    expect(summaries.map((m) => m[1])).toEqual(['0']);
    const summary = JSON.parse(summaries[0]![2]!) as { train_samples: number; eval_samples: number; eval_loss: number };
    expect([summary.train_samples, summary.eval_samples]).toEqual([16, 8]);
    expect(Number.isFinite(summary.eval_loss)).toBe(true);
    expect(existsSync(join(out, 'model.safetensors')) && existsSync(join(out, 'tokenizer.json'))).toBe(true);
  }, 120_000);
});

describe('TrainingArguments on several processes', () => {
  it('worldSize, processIndex and localProcessIndex come from torchrun\'s environment; ddpBackend is checked', () => {
    const keys = ['WORLD_SIZE', 'RANK', 'LOCAL_RANK'] as const;
    const saved = keys.map((k) => process.env[k]);
    const set = (values: Array<string | undefined>) =>
      keys.forEach((k, i) => {
        if (values[i] === undefined) delete process.env[k];
        else process.env[k] = values[i];
      });
    try {
      set([undefined, undefined, undefined]);
      const args = new TrainingArguments({ outputDir: join(root, 'args'), ddpBackend: 'gloo' });
      expect([args.worldSize, args.processIndex, args.localProcessIndex, args.ddpBackend]).toEqual([1, 0, 0, 'gloo']);
      set(['4', '3', '1']);
      expect([args.worldSize, args.processIndex, args.localProcessIndex]).toEqual([4, 3, 1]);
      set(['2', '5', '0']);
      expect(() => args.processIndex).toThrow(/TrainingArguments: RANK 5 is out of range for WORLD_SIZE 2/);
      set(['two', '0', '0']);
      expect(() => args.worldSize).toThrow(/the environment variable WORLD_SIZE must be a non-negative integer, got 'two'/);
    } finally {
      set(saved);
    }
    expect(new TrainingArguments({ outputDir: 'x' }).ddpBackend).toBeNull();
    expect(() => new TrainingArguments({ outputDir: 'x', ddpBackend: 'mpi' as never })).toThrow(/ddpBackend 'mpi' is not valid; expected 'gloo' \(CPU\) or 'nccl' \(CUDA\)/);
    expect(() => new TrainingArguments({ outputDir: 'x', ddpBackend: 'nccl', useCpu: true })).toThrow(/ddpBackend 'nccl' needs CUDA tensors, but this run is on the CPU \((useCpu is set|CUDA is not available)\); use ddpBackend: 'gloo'/);
    expect(() => new TrainingArguments({ outputDir: 'x', ddpBackends: 'gloo' } as never)).toThrow(/ddpBackends/);
  });
});

describe('BatchSamplerShard', () => {
  it('deals out the batches exactly as accelerate 0.21, padding included, for several sizes', () => {
    const cases = reference.batch_sampler_shard;
    expect(cases.length).toBeGreaterThan(90);
    for (const c of cases) {
      const shards = Array.from({ length: c.processes }, (_, rank) => new BatchSamplerShard(new BatchSampler(new SequentialSampler(c.n), c.batchSize, c.dropLast), c.processes, rank));
      expect({ ...c, batches: shards.map((s) => [...s]), lengths: shards.map((s) => s.length) }).toEqual(c);
    }
  });
});

