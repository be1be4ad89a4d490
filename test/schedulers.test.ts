// Learning-rate schedulers vs transformers/optimization.py (and torch.optim.lr_scheduler for the stepping
// rules). Expected values are written here from the published closed forms of each schedule, per phase,
// not by calling the implementation's lambdas; linear is also checked bit-exactly against real runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LambdaLR,
  ReduceLROnPlateau,
  SCHEDULER_TYPES,
  getConstantScheduleWithWarmup,
  getCosineScheduleWithWarmup,
  getInverseSqrtSchedule,
  getLinearScheduleWithWarmup,
  getScheduler,
  getWsdSchedule,
} from '../lib/transformers/schedulers/index.js';
import { fixture } from './helpers/fixtures.js';

/** Stands in for the native AdamW: lr lives behind a setter, as it will in the binding. */
class NativeLikeGroup {
  #lr: number;
  writes: number[] = [];
  constructor(lr: number) {
    this.#lr = lr;
  }
  get lr(): number {
    return this.#lr;
  }
  set lr(v: number) {
    this.#lr = v;
    this.writes.push(v);
  }
}
function makeOptimizer(...lrs: number[]) {
  return { paramGroups: lrs.map((lr) => new NativeLikeGroup(lr)), defaults: { lr: lrs[0]! } };
}

/** The lr the optimizer uses at steps 0..steps-1, i.e. read before each scheduler.step(), per group. */
function runLrs(scheduler: LambdaLR, optimizer: ReturnType<typeof makeOptimizer>, steps: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < steps; k++) {
    const used = optimizer.paramGroups.map((g) => g.lr);
    expect(scheduler.getLastLr()).toEqual(used);
    out.push(used);
    scheduler.step();
  }
  return out;
}

/** Equal up to a few ulps: Math.cos/Math.pow may round differently from glibc's libm in the last bit. */
function expectClose(actual: number[][], expected: number[][]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, k) =>
    row.forEach((a, g) => {
      const e = expected[k]![g]!;
      const tol = 4 * Number.EPSILON * Math.max(Math.abs(e), Number.MIN_VALUE);
      if (Math.abs(a - e) > tol) throw new Error(`step ${k} group ${g}: lr ${a} != expected ${e}`);
    }),
  );
}

const BASES = [5e-5, 1e-3] as const;
const table = (steps: number, lr: (base: number, k: number) => number) =>
  Array.from({ length: steps }, (_, k) => BASES.map((b) => lr(b, k)));

describe('schedules over a whole run, warmup included (transformers/optimization.py closed forms)', () => {
  const W = 3;
  const N = 11;
  const STEPS = N + 3; // run past the end: every schedule must stay at its floor there

  it('linear: get_linear_schedule_with_warmup', () => {
    // warmup k/W, then (N-k)/(N-W) down to 0, never below 0
    const opt = makeOptimizer(...BASES);
    const lrs = runLrs(getScheduler('linear', { optimizer: opt, numWarmupSteps: W, numTrainingSteps: N }), opt, STEPS);
    expectClose(lrs, table(STEPS, (b, k) => (k < W ? (b * k) / W : k >= N ? 0 : (b * (N - k)) / (N - W))));
    // hand values: W=3, N=11: step 3 is the peak, step 7 is halfway down
    expect(lrs[3]![0]).toBe(5e-5);
    expect(lrs[7]![1]).toBeCloseTo(5e-4, 18);
    expect(lrs[N]).toEqual([0, 0]);
  });

  it('cosine: get_cosine_schedule_with_warmup (numCycles 0.5 and 1.5)', () => {
    for (const cycles of [0.5, 1.5]) {
      const opt = makeOptimizer(...BASES);
      const s = getScheduler('cosine', {
        optimizer: opt,
        numWarmupSteps: W,
        numTrainingSteps: N,
        schedulerSpecificKwargs: cycles === 0.5 ? {} : { num_cycles: cycles },
      });
      const lrs = runLrs(s, opt, STEPS);
      // lr = base * max(0, (1 + cos(2π·cycles·p)) / 2), p = (k-W)/(N-W)
      const expected = table(STEPS, (b, k) =>
        k < W ? (b * k) / W : b * Math.max(0, (1 + Math.cos(2 * Math.PI * cycles * ((k - W) / (N - W)))) / 2),
      );
      expectClose(lrs, expected);
    }
    // hand values with W=0, N=4: 1, cos²(π/8), 1/2, sin²(π/8), 0
    const opt = makeOptimizer(1);
    const lrs = runLrs(getCosineScheduleWithWarmup(opt, { numWarmupSteps: 0, numTrainingSteps: 4 }), opt, 5).map((r) => r[0]!);
    [1, Math.cos(Math.PI / 8) ** 2, 0.5, Math.sin(Math.PI / 8) ** 2, 0].forEach((v, k) => expect(lrs[k]).toBeCloseTo(v, 15));
  });

  it('cosine_with_restarts: get_cosine_with_hard_restarts_schedule_with_warmup', () => {
    const cycles = 3;
    const opt = makeOptimizer(...BASES);
    const s = getScheduler('cosine_with_restarts', {
      optimizer: opt,
      numWarmupSteps: W,
      numTrainingSteps: N + 1, // 9 decay steps = 3 cycles of 3
      schedulerSpecificKwargs: { numCycles: cycles },
    });
    const lrs = runLrs(s, opt, STEPS);
    // within each of the `cycles` windows of length (N+1-W)/cycles the lr restarts at base and follows a half cosine
    const period = (N + 1 - W) / cycles;
    const expected = table(STEPS, (b, k) => {
      if (k < W) return (b * k) / W;
      if (k >= N + 1) return 0;
      const t = (k - W) % period; // position inside the current window
      return (b * (1 + Math.cos((Math.PI * t) / period))) / 2;
    });
    expectClose(lrs, expected);
    // restarts: the lr is back at its peak at the start of each window
    expect([lrs[W]![0], lrs[W + 3]![0], lrs[W + 6]![0]]).toEqual([5e-5, 5e-5, 5e-5]);
  });

  it('polynomial: get_polynomial_decay_schedule_with_warmup (lr_end, power)', () => {
    const lrEnd = 1e-6;
    const power = 2;
    const opt = makeOptimizer(5e-5);
    const s = getScheduler('polynomial', {
      optimizer: opt,
      numWarmupSteps: W,
      numTrainingSteps: N,
      schedulerSpecificKwargs: { lr_end: lrEnd, power },
    });
    const lrs = runLrs(s, opt, STEPS);
    // decays from lr_init (optimizer.defaults.lr) to lr_end: (lr_init - lr_end)·(1 - p)^power + lr_end
    const lrInit = 5e-5;
    const expected = Array.from({ length: STEPS }, (_, k) => [
      k < W ? (lrInit * k) / W : k > N ? lrEnd : (lrInit - lrEnd) * (1 - (k - W) / (N - W)) ** power + lrEnd,
    ]);
    expectClose(lrs, expected);
    expect(lrs[N]![0]).toBeCloseTo(lrEnd, 20);
  });

  it('polynomial uses the default lr_end 1e-7 and power 1 (linear decay to 1e-7)', () => {
    const opt = makeOptimizer(1e-3);
    const lrs = runLrs(getScheduler('polynomial', { optimizer: opt, numWarmupSteps: 0, numTrainingSteps: 4 }), opt, 6);
    expectClose(lrs, [[1e-3], [7.500250e-4], [5.0005e-4], [2.500750e-4], [1e-7], [1e-7]]);
  });

  it('constant and constant_with_warmup', () => {
    const opt = makeOptimizer(...BASES);
    expectClose(runLrs(getScheduler('constant', { optimizer: opt }), opt, 5), table(5, (b) => b));
    const opt2 = makeOptimizer(...BASES);
    const lrs = runLrs(getScheduler('constant_with_warmup', { optimizer: opt2, numWarmupSteps: 4 }), opt2, 8);
    expectClose(lrs, table(8, (b, k) => (k < 4 ? (b * k) / 4 : b)));
    expect(lrs.map((r) => r[1])).toEqual([0, 0.00025, 0.0005, 0.00075, 0.001, 0.001, 0.001, 0.001]);
  });

  it('inverse_sqrt: get_inverse_sqrt_schedule (timescale = numWarmupSteps)', () => {
    const opt = makeOptimizer(...BASES);
    const lrs = runLrs(getScheduler('inverse_sqrt', { optimizer: opt, numWarmupSteps: 4 }), opt, 40);
    // after warmup: base / sqrt(k / W) with the default timescale W
    expectClose(lrs, table(40, (b, k) => (k < 4 ? (b * k) / 4 : b / Math.sqrt(k / 4))));
    expect(lrs[16]![1]).toBe(0.0005); // 1e-3 / sqrt(4)
    expect(lrs[36]![1]).toBeCloseTo(1e-3 / 3, 18);
  });

  it('inverse_sqrt without warmup uses timescale 10000; an explicit timescale shifts the curve', () => {
    const opt = makeOptimizer(1);
    const lrs = runLrs(getInverseSqrtSchedule(opt, { numWarmupSteps: 0 }), opt, 3).map((r) => r[0]!);
    expectClose([lrs], [[1, 1 / Math.sqrt(10001 / 10000), 1 / Math.sqrt(10002 / 10000)]]);
    const opt2 = makeOptimizer(1);
    const lrs2 = runLrs(getInverseSqrtSchedule(opt2, { numWarmupSteps: 2, timescale: 8 }), opt2, 4).map((r) => r[0]!);
    expectClose([lrs2], [[0, 0.5, 1, 1 / Math.sqrt(9 / 8)]]);
  });

  it('cosine_with_min_lr: get_cosine_with_min_lr_schedule_with_warmup (min_lr and min_lr_rate)', () => {
    const opt = makeOptimizer(1e-3);
    const s = getScheduler('cosine_with_min_lr', {
      optimizer: opt,
      numWarmupSteps: W,
      numTrainingSteps: N,
      schedulerSpecificKwargs: { min_lr: 1e-4 },
    });
    const lrs = runLrs(s, opt, STEPS);
    // cosine between base and min_lr: min + (base - min)·(1 + cos(π p))/2, flat at min_lr after the end
    // past the end p > 1 keeps following the cosine in transformers (no clamp); with 0.5 cycles it rises again
    const expected = Array.from({ length: STEPS }, (_, k) => {
      if (k < W) return [(1e-3 * k) / W];
      const p = (k - W) / (N - W);
      return [1e-3 * (((1 + Math.cos(Math.PI * p)) / 2) * 0.9 + 0.1)];
    });
    expectClose(lrs, expected);
    expect(lrs[N]![0]).toBeCloseTo(1e-4, 18);
    const opt2 = makeOptimizer(1e-3);
    const s2 = getScheduler('cosine_with_min_lr', {
      optimizer: opt2,
      numWarmupSteps: W,
      numTrainingSteps: N,
      schedulerSpecificKwargs: { minLrRate: 0.1 },
    });
    expectClose(runLrs(s2, opt2, STEPS), lrs);
  });

  it('cosine_warmup_with_min_lr: warmup starts at 1/W and the decay is one step ahead', () => {
    const opt = makeOptimizer(1);
    const s = getScheduler('cosine_warmup_with_min_lr', {
      optimizer: opt,
      numWarmupSteps: 2,
      numTrainingSteps: 6,
      schedulerSpecificKwargs: { minLrRate: 0.2 },
    });
    // (k+1)/W during warmup; then p = (k - W + 1)/(N - W): 0.25, 0.5, 0.75, 1
    const c = (p: number) => ((1 + Math.cos(Math.PI * p)) / 2) * 0.8 + 0.2;
    expectClose(runLrs(s, opt, 6), [[0.5], [1], [c(0.25)], [c(0.5)], [c(0.75)], [0.2]]);
  });

  it('warmup_stable_decay: get_wsd_schedule (linear/cosine/1-sqrt shapes, min_lr_ratio)', () => {
    const ratio = 0.1;
    const shapes = {
      linear: { up: (p: number) => p, down: (p: number) => 1 - p },
      cosine: { up: (p: number) => (1 - Math.cos(Math.PI * p)) / 2, down: (p: number) => (1 + Math.cos(Math.PI * p)) / 2 },
      '1-sqrt': { up: (p: number) => 1 - Math.sqrt(1 - p), down: (p: number) => 1 - Math.sqrt(p) },
    } as const;
    for (const [type, f] of Object.entries(shapes)) {
      const opt = makeOptimizer(...BASES);
      const s = getScheduler('warmup_stable_decay', {
        optimizer: opt,
        numWarmupSteps: 4,
        numTrainingSteps: 16,
        schedulerSpecificKwargs: { num_decay_steps: 8, warmup_type: type, decay_type: type, min_lr_ratio: ratio },
      });
      // phases: warmup [0,4), stable [4,8) at base, decay [8,16), then base·ratio
      const expected = table(20, (b, k) => {
        const scale = (v: number) => b * (v * (1 - ratio) + ratio);
        if (k < 4) return scale(f.up(k / 4));
        if (k < 8) return b;
        if (k < 16) return scale(f.down((k - 8) / 8));
        return b * ratio;
      });
      expectClose(runLrs(s, opt, 20), expected);
    }
  });

  it('warmup_stable_decay: numStableSteps instead of numTrainingSteps; hand values', () => {
    const opt = makeOptimizer(1);
    const s = getWsdSchedule(opt, { numWarmupSteps: 2, numStableSteps: 1, numDecaySteps: 2, decayType: 'linear' });
    expectClose(runLrs(s, opt, 7), [[0], [0.5], [1], [1], [0.5], [0], [0]]);
  });
});

describe('LambdaLR stepping rules (torch.optim.lr_scheduler.LRScheduler)', () => {
  it('construction applies lambda(0), remembers initial_lr per group, and step() writes every group', () => {
    const opt = makeOptimizer(2e-5, 4e-5);
    const s = getLinearScheduleWithWarmup(opt, { numWarmupSteps: 2, numTrainingSteps: 4 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0, 0]); // lambda(0) = 0 during warmup
    expect(opt.paramGroups.map((g) => (g as unknown as { initial_lr: number }).initial_lr)).toEqual([2e-5, 4e-5]);
    expect(s.baseLrs).toEqual([2e-5, 4e-5]);
    s.step();
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([1e-5, 2e-5]);
    expect(opt.paramGroups[0]!.writes).toEqual([0, 1e-5]);
    expect(s.lastEpoch).toBe(1);
  });

  it('a second scheduler starts from the stored initial_lr (PyTorch setdefault), not the current lr', () => {
    const opt = makeOptimizer(1e-3);
    getLinearScheduleWithWarmup(opt, { numWarmupSteps: 0, numTrainingSteps: 2 }).step(); // lr now 5e-4
    const s2 = getConstantScheduleWithWarmup(opt, { numWarmupSteps: 0 });
    expect(s2.getLastLr()).toEqual([1e-3]);
  });

  it('stateDict/loadStateDict continue the run exactly', () => {
    const opt = makeOptimizer(...BASES);
    const s = getCosineScheduleWithWarmup(opt, { numWarmupSteps: 2, numTrainingSteps: 10 });
    for (let i = 0; i < 5; i++) s.step();
    const state = JSON.parse(JSON.stringify(s.stateDict()));
    expect(state).toMatchObject({ last_epoch: 5, _step_count: 6, base_lrs: [...BASES] });

    const opt2 = makeOptimizer(...BASES);
    const s2 = getCosineScheduleWithWarmup(opt2, { numWarmupSteps: 2, numTrainingSteps: 10 });
    s2.loadStateDict(state);
    expect(s2.getLastLr()).toEqual(s.getLastLr());
    s.step();
    s2.step();
    expect(opt2.paramGroups.map((g) => g.lr)).toEqual(opt.paramGroups.map((g) => g.lr));
    expect(() => s2.loadStateDict({ ...state, base_lrs: [1] })).toThrow(/base_lrs must be an array of 2 numbers/);
  });

  it('resumes from lastEpoch when the groups carry initial_lr, and refuses otherwise', () => {
    const opt = makeOptimizer(1);
    getLinearScheduleWithWarmup(opt, { numWarmupSteps: 0, numTrainingSteps: 10 });
    const resumed = getLinearScheduleWithWarmup(opt, { numWarmupSteps: 0, numTrainingSteps: 10, lastEpoch: 4 });
    expect(resumed.lastEpoch).toBe(5);
    expect(resumed.getLastLr()).toEqual([0.5]);
    expect(() => new LambdaLR(makeOptimizer(1), () => 1, 3)).toThrow(/initial_lr.*paramGroups\[0\]/);
  });

  it('works with frozen param-group objects (initial_lr kept on the side)', () => {
    let lr = 0.1;
    const group = Object.seal({
      get lr() {
        return lr;
      },
      set lr(v: number) {
        lr = v;
      },
    });
    const s = getLinearScheduleWithWarmup({ paramGroups: [group] }, { numWarmupSteps: 0, numTrainingSteps: 2 });
    s.step();
    expect(lr).toBe(0.05);
  });

  it('one lambda per group', () => {
    const opt = makeOptimizer(1, 1);
    const s = new LambdaLR(opt, [(k) => k, (k) => 2 * k]);
    s.step();
    expect(s.getLastLr()).toEqual([1, 2]);
    expect(() => new LambdaLR(makeOptimizer(1, 1), [(k) => k])).toThrow(/expected 2 lrLambdas/);
  });
});

describe('parity with real transformers runs (hf-tiny-bert references, transformers 4.31)', () => {
  it("train_manual.json: get_scheduler('linear', 0, 12): the lr used and the lr after each step, bit-exact", () => {
    const ref = JSON.parse(readFileSync(fixture('hf-tiny-bert', 'references', 'train_manual.json'), 'utf8'));
    const runs = Object.entries(ref.runs) as [string, { lr: number; steps: { lr: number; lr_after_scheduler_step: number }[] }][];
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const [name, run] of runs) {
      const opt = makeOptimizer(run.lr);
      const s = getScheduler('linear', { optimizer: opt, numWarmupSteps: 0, numTrainingSteps: 12 });
      expect(run.steps).toHaveLength(12);
      for (const step of run.steps) {
        expect(opt.paramGroups[0]!.lr, `${name}: lr used`).toBe(step.lr);
        s.step();
        expect(s.getLastLr()[0], `${name}: lr after step`).toBe(step.lr_after_scheduler_step);
      }
    }
  });

  it("trainer.json: log_history learning_rate (read after scheduler.step()) for every Trainer run", () => {
    const ref = JSON.parse(readFileSync(fixture('hf-tiny-bert', 'references', 'trainer.json'), 'utf8'));
    for (const [name, run] of Object.entries(ref.runs) as [string, { log_history: Record<string, number>[] }][]) {
      const logged = run.log_history.filter((e) => 'learning_rate' in e);
      expect(logged.length, name).toBe(12);
      const opt = makeOptimizer(ref.training_arguments.effective_defaults.learning_rate);
      expect(ref.training_arguments.effective_defaults.lr_scheduler_type).toBe('linear');
      const s = getScheduler('linear', {
        optimizer: opt,
        numWarmupSteps: ref.training_arguments.effective_defaults.warmup_steps,
        numTrainingSteps: 12,
      });
      for (const entry of logged) {
        s.step();
        expect(s.getLastLr()[0], `${name} step ${entry.step}`).toBe(entry.learning_rate);
      }
    }
  });
});

describe('ReduceLROnPlateau (torch.optim.lr_scheduler.ReduceLROnPlateau)', () => {
  it('mode min: reduces by factor after more than `patience` bad steps, then cools down', () => {
    const opt = makeOptimizer(1, 0.5);
    const s = getScheduler('reduce_lr_on_plateau', {
      optimizer: opt,
      schedulerSpecificKwargs: { factor: 0.5, patience: 1, cooldown: 1 },
    });
    const seen: number[][] = [];
    // 1.0 best; 1.0 bad(1); 1.0 bad(2 > 1) -> halve; 1.0 cooldown; 1.0 bad(1); 1.0 bad(2) -> halve; 0.5 better
    for (const m of [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5]) {
      s.step(m);
      seen.push(s.getLastLr());
    }
    expect(seen).toEqual([
      [1, 0.5],
      [1, 0.5],
      [0.5, 0.25],
      [0.5, 0.25],
      [0.5, 0.25],
      [0.25, 0.125],
      [0.25, 0.125],
    ]);
    expect(s.best).toBe(0.5);
  });

  it('default patience 10, factor 0.1; relative threshold 1e-4 decides what counts as better', () => {
    const opt = makeOptimizer(1);
    const s = new ReduceLROnPlateau(opt);
    s.step(1);
    // 0.99995 is not below 1·(1 - 1e-4): still a bad step; 10 of them are tolerated, the 11th reduces
    for (let i = 0; i < 10; i++) s.step(0.99995);
    expect(opt.paramGroups[0]!.lr).toBe(1);
    expect(s.numBadEpochs).toBe(10);
    s.step(0.99995);
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.1, 15);
    s.step(0.9998); // below 1·0.9999: an improvement
    expect(s.best).toBe(0.9998);
  });

  it('mode max, abs threshold, minLr floor and eps', () => {
    const opt = makeOptimizer(1e-3, 1e-3);
    const s = new ReduceLROnPlateau(opt, { mode: 'max', thresholdMode: 'abs', threshold: 0.01, patience: 0, minLr: [5e-4, 0] });
    s.step(0.5);
    s.step(0.505); // +0.005 < 0.01: bad -> reduce
    expect(s.getLastLr()).toEqual([5e-4, 1e-4]);
    s.step(0.6); // better
    expect(s.getLastLr()).toEqual([5e-4, 1e-4]);
    const tiny = makeOptimizer(1e-8);
    const t = new ReduceLROnPlateau(tiny, { patience: 0 });
    t.step(1);
    t.step(1); // 1e-8 -> 1e-9 is a change below eps 1e-8: skipped
    expect(tiny.paramGroups[0]!.lr).toBe(1e-8);
  });

  it('stateDict round trip and argument errors', () => {
    const opt = makeOptimizer(1);
    const s = new ReduceLROnPlateau(opt, { patience: 3 });
    s.step(2);
    s.step(3);
    const state = s.stateDict();
    expect(state).toMatchObject({ best: 2, num_bad_epochs: 1, last_epoch: 2, patience: 3, mode: 'min', factor: 0.1 });
    const s2 = new ReduceLROnPlateau(makeOptimizer(1));
    s2.loadStateDict(state);
    expect(s2.stateDict()).toEqual(state);
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow(/factor should be < 1.0/);
    expect(() => new ReduceLROnPlateau(opt, { mode: 'up' as 'min' })).toThrow(/mode 'up' is unknown/);
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow(/expected 1 minLr/);
  });
});

describe('getScheduler argument rules (transformers get_scheduler)', () => {
  const optimizer = makeOptimizer(1e-3);

  it('knows every transformers SchedulerType', () => {
    for (const name of SCHEDULER_TYPES) {
      const kwargs: Record<string, Record<string, unknown>> = {
        cosine_with_min_lr: { minLrRate: 0.1 },
        cosine_warmup_with_min_lr: { minLrRate: 0.1 },
        warmup_stable_decay: { numDecaySteps: 2 },
      };
      const s = getScheduler(name, {
        optimizer: makeOptimizer(1e-3),
        numWarmupSteps: 1,
        numTrainingSteps: 10,
        schedulerSpecificKwargs: kwargs[name] ?? {},
      });
      expect(s.getLastLr()).toHaveLength(1);
    }
  });

  it('unknown names list the valid ones', () => {
    expect(() => getScheduler('cosine_annealing', { optimizer })).toThrow(
      /'cosine_annealing' is not a valid scheduler type, please select one of 'linear', 'cosine', .*'warmup_stable_decay'/,
    );
  });

  it('missing step counts are named like transformers', () => {
    expect(() => getScheduler('linear', { optimizer, numWarmupSteps: 0 })).toThrow('linear requires `numTrainingSteps`, please provide that argument.');
    expect(() => getScheduler('cosine', { optimizer, numTrainingSteps: 10 })).toThrow('cosine requires `numWarmupSteps`');
    expect(() => getScheduler('constant_with_warmup', { optimizer })).toThrow('constant_with_warmup requires `numWarmupSteps`');
    expect(() => getScheduler('warmup_stable_decay', { optimizer, numWarmupSteps: 1 })).toThrow(/requires `numDecaySteps`/);
    expect(() =>
      getScheduler('warmup_stable_decay', { optimizer, numWarmupSteps: 1, schedulerSpecificKwargs: { numDecaySteps: 2 } }),
    ).toThrow(/either `numTrainingSteps` or `numStableSteps`/);
    // constant and reduce_lr_on_plateau need neither
    expect(getScheduler('constant', { optimizer }).getLastLr()).toEqual([1e-3]);
  });

  it('rejects bad schedule-specific arguments and values', () => {
    expect(() =>
      getScheduler('linear', { optimizer, numWarmupSteps: 0, numTrainingSteps: 5, schedulerSpecificKwargs: { num_cycles: 2 } }),
    ).toThrow(/unexpected schedulerSpecificKwargs key 'num_cycles'; linear accepts lastEpoch/);
    expect(() =>
      getScheduler('polynomial', { optimizer, numWarmupSteps: 0, numTrainingSteps: 5, schedulerSpecificKwargs: { lrEnd: 1e-3 } }),
    ).toThrow(/lrEnd \(0.001\) must be smaller than initial lr \(0.001\)/);
    expect(() =>
      getScheduler('cosine_with_min_lr', { optimizer, numWarmupSteps: 0, numTrainingSteps: 5, schedulerSpecificKwargs: {} }),
    ).toThrow(/one of `minLr` or `minLrRate` should be set/);
    expect(() =>
      getScheduler('cosine_with_min_lr', {
        optimizer,
        numWarmupSteps: 0,
        numTrainingSteps: 5,
        schedulerSpecificKwargs: { minLr: 1e-5, min_lr_rate: 0.1 },
      }),
    ).toThrow(/only one of `minLr` or `minLrRate`/);
    expect(() => getScheduler('linear', { optimizer, numWarmupSteps: -1, numTrainingSteps: 5 })).toThrow(/numWarmupSteps` must be a finite number >= 0/);
    expect(() => getScheduler('linear', { optimizer: {} as never, numWarmupSteps: 0, numTrainingSteps: 5 })).toThrow(
      /expected an optimizer with a non-empty `paramGroups` array/,
    );
    expect(() =>
      getScheduler('warmup_stable_decay', {
        optimizer,
        numWarmupSteps: 0,
        numTrainingSteps: 5,
        schedulerSpecificKwargs: { numDecaySteps: 2, decayType: 'exp' },
      }),
    ).toThrow(/unknown decayType 'exp'/);
  });
});
