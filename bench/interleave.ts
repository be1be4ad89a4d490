// The interleaved harness of the tstorch-vs-PyTorch step benchmarks (bench/bert.ts, bench/roberta.ts): two
// long-lived workers build the same model once, then take turns timing one round of K steps of one mode
// (A B, B A, ...), so that a loaded machine disturbs both sides alike. Per round it records wall and process CPU
// time (user + system, every thread) per step; it prints the per-step medians and the median, interquartile range
// and min-max of the per-round ratio, and the load average. One warm-up round per mode is dropped. The workers
// speak bench/bert-protocol.ts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import type { Case, Mode, RoundResult } from './bert-protocol.js';

export type Shape = Case & { rounds: number; steps: number; modes: Mode[] };
export interface RunOptions {
  rounds?: number;
  steps?: number;
  modes?: Mode[];
}

/** Shape names and --rounds / --steps / --modes from the command line; `known` limits the modes. */
export function parseArgs(argv: string[], shapes: Readonly<Record<string, Shape>>, known: readonly Mode[]): { shapes: string[] } & RunOptions {
  const picked: string[] = [];
  const opts: RunOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--rounds' || a === '--steps') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`${a} needs a positive integer, got ${argv[i]}`);
      opts[a === '--rounds' ? 'rounds' : 'steps'] = n;
    } else if (a === '--modes') {
      const modes = (argv[++i] ?? '').split(',') as Mode[];
      for (const m of modes) if (!known.includes(m)) throw new RangeError(`--modes: unknown mode '${m}'; choose from ${known.join(', ')}`);
      opts.modes = modes;
    } else if (a in shapes) picked.push(a);
    else throw new RangeError(`unknown argument '${a}'; shapes: ${Object.keys(shapes).join(', ')}; options: --rounds N, --steps K, --modes a,b`);
  }
  return { shapes: picked.length ? picked : [Object.keys(shapes)[0]!], ...opts };
}

/** One worker process: send a message, await its one-line answer. */
class Worker {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  constructor(readonly name: string, command: string, args: string[], env?: NodeJS.ProcessEnv) {
    this.proc = spawn(command, args, { stdio: 'pipe', env: env === undefined ? process.env : { ...process.env, ...env } });
    this.proc.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
    this.proc.on('exit', (code) => {
      if (code) for (const p of this.pending.splice(0)) p(JSON.stringify({ error: `${name} worker exited with code ${code}` }));
    });
  }
  ask<T>(msg: object): Promise<T> {
    return new Promise((resolve, reject) => {
      this.pending.push((line) => {
        const answer = JSON.parse(line) as T & { error?: string };
        if (answer.error) reject(new Error(answer.error));
        else resolve(answer);
      });
      this.proc.stdin.write(JSON.stringify(msg) + '\n');
    });
  }
  close(): void {
    this.proc.stdin.end();
  }
}

export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};
const f = (x: number, d = 2) => x.toFixed(d);

export interface Bench {
  /** The tstorch worker (a .ts file run with this process's node and flags). */
  tsWorker: string;
  /** The PyTorch worker script, run by /usr/bin/python3 (or TSTORCH_PYTHON) with `pyEnv` added. */
  pyWorker: string;
  pyEnv?: NodeJS.ProcessEnv;
  modeLabels: Readonly<Partial<Record<Mode, string>>>;
}

/** Runs every shape in `picked`, interleaving the two workers, and prints one table per shape. */
export async function runInterleaved(bench: Bench, shapes: Readonly<Record<string, Shape>>, args: { shapes: string[] } & RunOptions): Promise<void> {
  console.log(`load average at start: ${loadAverage()} (/proc/loadavg; ${cpus().length} cores)`);
  for (const key of args.shapes) {
    const { rounds: R, steps: K, modes, ...c } = { ...shapes[key]!, ...args };
    const ts = new Worker('tstorch', process.execPath, [...process.execArgv, bench.tsWorker]);
    const py = new Worker('pytorch', process.env.TSTORCH_PYTHON ?? '/usr/bin/python3', [bench.pyWorker], bench.pyEnv);
    const [a, b] = await Promise.all([ts.ask<{ torch: string; threads: number }>({ setup: c }), py.ask<{ torch: string; threads: number }>({ setup: c })]);
    console.log(`\n${c.name}: ${c.layers} layers, hidden ${c.hidden}, ${c.heads} heads, intermediate ${c.intermediate}, batch ${c.batch} x seq ${c.seq}; ` +
      `tstorch on libtorch ${a.torch} (${a.threads} thread), PyTorch ${b.torch} (${b.threads} thread); ${R} rounds of ${K} step(s) per mode after one warm-up round`);
    const results = new Map<Mode, { ts: RoundResult[]; py: RoundResult[] }>(modes.map((m) => [m, { ts: [], py: [] }]));
    const loads: number[] = [];
    for (let r = -1; r < R; r++) {
      for (const mode of modes) {
        const order = r % 2 === 0 ? [ts, py] : [py, ts];
        const got: Record<string, RoundResult> = {};
        for (const w of order) got[w.name] = await w.ask<RoundResult>({ mode, steps: K });
        if (r < 0) continue; // warm-up
        results.get(mode)!.ts.push(got.tstorch!);
        results.get(mode)!.py.push(got.pytorch!);
      }
      loads.push(Number(loadAverage().split(' ')[0]));
    }
    ts.close();
    py.close();
    console.log(`load average (1 min) during the rounds: ${f(Math.min(...loads))}-${f(Math.max(...loads))}`);
    console.log('| step | tstorch wall ms | PyTorch wall ms | wall ratio: median (IQR; min-max) | tstorch CPU ms | PyTorch CPU ms | CPU ratio: median (IQR; min-max) | page faults / step (ts / py) |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const [mode, { ts: A, py: B }] of results) {
      const cell = (k: keyof RoundResult) => {
        const ratios = A.map((x, i) => x[k] / B[i]![k]);
        return `**${f(quantile(ratios, 0.5))}** (${f(quantile(ratios, 0.25))}-${f(quantile(ratios, 0.75))}; ${f(Math.min(...ratios))}-${f(Math.max(...ratios))})`;
      };
      const med = (xs: RoundResult[], k: keyof RoundResult, d = 1) => f(quantile(xs.map((x) => x[k]), 0.5), d);
      console.log(`| ${bench.modeLabels[mode] ?? mode} | ${med(A, 'wallMs')} | ${med(B, 'wallMs')} | ${cell('wallMs')} | ${med(A, 'cpuMs')} | ${med(B, 'cpuMs')} | ${cell('cpuMs')} | ${med(A, 'minflt', 0)} / ${med(B, 'minflt', 0)} |`);
    }
  }
  console.log(`\nload average at end: ${loadAverage()}`);
}
