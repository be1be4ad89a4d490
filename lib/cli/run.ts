// `tstorch run`: torchrun's launcher. It starts --nproc-per-node copies of a script with torchrun's
// environment (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT), prefixes their output
// with the rank, and ends the job as soon as one rank fails (stopping the others) or on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { intOption, parse, UsageError } from './args.js';

const USAGE = `usage: tstorch run [options] script.(ts|js|mjs) [script args...]

options:
  --nproc-per-node N   processes (ranks) on this machine (default 1)
  --nnodes M           machines in the job (default 1)
  --node-rank K        this machine's index, 0..M-1 (default 0)
  --master-addr A      address of node 0, where rank 0 serves the rendezvous store (default 127.0.0.1)
  --master-port P      its TCP port (default 29500)
  --no-prefix          leave the ranks' output as it is (no "[rankN]: " prefix)
`;

/** How long stopped ranks get between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 5000;

/** Launcher options end at the script's path; everything after it is the script's own. */
function splitArgv(argv: string[]): [string[], string | undefined, string[]] {
  const own: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-')) return [own, a, argv.slice(i + 1)];
    own.push(a.replace(/_/g, '-')); // torchrun spells them --nproc_per_node
    if (!a.includes('=') && a !== '--no-prefix' && a !== '--help' && a !== '-h' && i + 1 < argv.length) own.push(argv[++i]!);
  }
  return [own, undefined, []];
}

/** node's arguments for a rank: the launcher's own (e.g. --conditions), plus tsx for TypeScript. */
function nodeArgs(script: string): string[] {
  const args = [...process.execArgv];
  if (/\.(c|m)?ts$/.test(script) && !args.some((a, i) => a === 'tsx' && args[i - 1] === '--import')) {
    let tsx: string;
    try {
      tsx = createRequire(resolve(script)).resolve('tsx');
    } catch {
      try {
        tsx = createRequire(import.meta.url).resolve('tsx');
      } catch {
        throw new UsageError(`tstorch run: ${script} is TypeScript and needs tsx to run (npm install --save-dev tsx), or compile it to .js`);
      }
    }
    args.push('--import', new URL(`file://${tsx}`).href);
  }
  return args;
}

function prefixLines(stream: NodeJS.ReadableStream, out: NodeJS.WritableStream, prefix: string): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix}${line}\n`));
}

export async function runCommand(argv: string[]): Promise<number> {
  const [own, script, scriptArgs] = splitArgv(argv);
  const { values } = parse(
    own,
    {
      'nproc-per-node': { type: 'string' },
      nnodes: { type: 'string' },
      'node-rank': { type: 'string' },
      'master-addr': { type: 'string' },
      'master-port': { type: 'string' },
      'no-prefix': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (script === undefined) throw new UsageError(`tstorch run: no script given\n\n${USAGE}`);
  if (!existsSync(script)) throw new UsageError(`tstorch run: script ${script} does not exist`);
  const nproc = intOption(values['nproc-per-node'], 'nproc-per-node', 1);
  const nnodes = intOption(values.nnodes, 'nnodes', 1);
  const nodeRank = intOption(values['node-rank'], 'node-rank', 0, 0);
  if (nodeRank >= nnodes) throw new UsageError(`--node-rank ${nodeRank} must be below --nnodes ${nnodes}`);
  const masterPort = intOption(values['master-port'], 'master-port', 29500);
  if (masterPort > 65535) throw new UsageError(`--master-port must be at most 65535, got ${masterPort}`);
  const masterAddr = values['master-addr'] ?? '127.0.0.1';
  return launch({ nproc, nnodes, nodeRank, masterAddr, masterPort, prefix: !values['no-prefix'] }, script, scriptArgs);
}

export interface LaunchOptions {
  nproc: number;
  nnodes: number;
  nodeRank: number;
  masterAddr: string;
  masterPort: number;
  /** "[rankN]: " before each line of the ranks' output */
  prefix: boolean;
}

/** Starts this node's ranks of `script` and waits for all of them; the exit code is the job's. */
export async function launch(o: LaunchOptions, script: string, scriptArgs: string[]): Promise<number> {
  const { nproc, nnodes, nodeRank, masterAddr, masterPort } = o;
  const worldSize = nproc * nnodes;
  const args = [...nodeArgs(script), script, ...scriptArgs];

  const children: Array<{ rank: number; child: ChildProcess }> = [];
  let failure: string | null = null;
  let stopping = false;
  const stopAll = (): void => {
    if (stopping) return;
    stopping = true;
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    setTimeout(() => {
      for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, KILL_GRACE_MS).unref();
  };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    process.stderr.write(`tstorch run: ${signal}, stopping all ranks\n`);
    stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const exits = [];
  for (let local = 0; local < nproc; local++) {
    const rank = nodeRank * nproc + local;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RANK: String(rank),
      LOCAL_RANK: String(local),
      GROUP_RANK: String(nodeRank),
      WORLD_SIZE: String(worldSize),
      LOCAL_WORLD_SIZE: String(nproc),
      MASTER_ADDR: masterAddr,
      MASTER_PORT: String(masterPort),
    };
    // as torchrun: several ranks on one machine would oversubscribe its cores
    if (nproc > 1 && env.OMP_NUM_THREADS === undefined) env.OMP_NUM_THREADS = '1';
    const prefix = o.prefix ? `[rank${rank}]: ` : null;
    const child = spawn(process.execPath, args, { env, stdio: ['inherit', prefix ? 'pipe' : 'inherit', prefix ? 'pipe' : 'inherit'] });
    if (prefix) {
      prefixLines(child.stdout!, process.stdout, prefix);
      prefixLines(child.stderr!, process.stderr, prefix);
    }
    children.push({ rank, child });
    exits.push(
      new Promise<void>((done) => {
        child.on('error', (e) => {
          failure ??= `rank ${rank} could not start: ${e.message}`;
          stopAll();
          done();
        });
        child.on('exit', (code, signal) => {
          if ((code !== 0 || signal !== null) && !stopping) {
            failure ??= `rank ${rank} (local rank ${local}) ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`;
            stopAll();
          }
          done();
        });
      }),
    );
  }
  await Promise.all(exits);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (failure) {
    process.stderr.write(`tstorch run: ${failure}; the other ranks were stopped\n`);
    return 1;
  }
  return interrupted ? 130 : 0;
}
