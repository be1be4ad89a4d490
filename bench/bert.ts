// BertForSequenceClassification step time, tstorch against PyTorch on the same libtorch, interleaved so that a loaded
// machine disturbs both sides alike: two long-lived workers (bench/bert-worker.ts, bench/bert.py) build the same
// model once, then take turns timing one round of K steps of one mode (A B, B A, ...). Per round it records wall
// and process CPU time (user + system, every thread) per step; it prints the per-step medians and the median,
// interquartile range and min-max of the per-round ratio. One warm-up round per mode is dropped.
// Run: npx tsx --conditions=source bench/bert.ts [small] [base] [--rounds N] [--steps K] [--modes eval,train,adamw,loop]
// (1 intra-op thread on both sides; the Python side is /usr/bin/python3, override with TSTORCH_PYTHON).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MODES, type Case, type Mode, type RoundResult } from './bert-protocol.js';

const SHAPES: Record<string, Case & { rounds: number; steps: number; modes: Mode[] }> = {
  small: { name: 'small', layers: 4, hidden: 256, heads: 4, intermediate: 1024, batch: 8, seq: 128, vocab: 30522, labels: 5, rounds: 6, steps: 2, modes: MODES },
  // several seconds a step on 2 cores: one step a round, the two train modes
  base: { name: 'bert-base', layers: 12, hidden: 768, heads: 12, intermediate: 3072, batch: 8, seq: 128, vocab: 30522, labels: 5, rounds: 5, steps: 1, modes: ['eval', 'train'] },
};

const MODE_LABEL: Record<Mode, string> = {
  eval: 'eval (forward, no grad)',
  train: 'train step (forward + backward + zero grad)',
  adamw: 'train step + AdamW',
  loop: "tutorial's native loop (DataLoader, AdamW, schedule)",
};

function parseArgs(argv: string[]) {
  const shapes: string[] = [];
  const opts: { rounds?: number; steps?: number; modes?: Mode[] } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--rounds' || a === '--steps') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`${a} needs a positive integer, got ${argv[i]}`);
      opts[a === '--rounds' ? 'rounds' : 'steps'] = n;
    } else if (a === '--modes') {
      const modes = (argv[++i] ?? '').split(',') as Mode[];
      for (const m of modes) if (!MODES.includes(m)) throw new RangeError(`--modes: unknown mode '${m}'; choose from ${MODES.join(', ')}`);
      opts.modes = modes;
    } else if (a in SHAPES) shapes.push(a);
    else throw new RangeError(`unknown argument '${a}'; shapes: ${Object.keys(SHAPES).join(', ')}; options: --rounds N, --steps K, --modes a,b`);
  }
  return { shapes: shapes.length ? shapes : ['small'], ...opts };
}

/** One worker process: send a message, await its one-line answer. */
class Worker {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  constructor(readonly name: string, command: string, args: string[]) {
    this.proc = spawn(command, args, { stdio: 'pipe' });
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

const here = dirname(fileURLToPath(import.meta.url));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};
const f = (x: number, d = 2) => x.toFixed(d);

const args = parseArgs(process.argv.slice(2));
console.log(`load average at start: ${load()} (/proc/loadavg; ${(await import('node:os')).cpus().length} cores)`);
for (const key of args.shapes) {
  const shape = SHAPES[key]!;
  const { rounds: R, steps: K, modes, ...c } = { ...shape, ...args };
  const ts = new Worker('tstorch', process.execPath, [...process.execArgv, join(here, 'bert-worker.ts')]);
  const py = new Worker('pytorch', process.env.TSTORCH_PYTHON ?? '/usr/bin/python3', [join(here, 'bert.py')]);
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
    loads.push(Number(load().split(' ')[0]));
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
    console.log(`| ${MODE_LABEL[mode]} | ${med(A, 'wallMs')} | ${med(B, 'wallMs')} | ${cell('wallMs')} | ${med(A, 'cpuMs')} | ${med(B, 'cpuMs')} | ${cell('cpuMs')} | ${med(A, 'minflt', 0)} / ${med(B, 'minflt', 0)} |`);
  }
}
console.log(`\nload average at end: ${load()}`);
