// Runs this repository's TypeScript from source (node --import tsx) in child processes, `tstorch run` among them,
// and picks free local ports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A TCP port nothing listens on right now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const FROM_SOURCE = ['--import', 'tsx', '--conditions=source'];

/** `node --import tsx --conditions=source <args>` in the repository root, running alongside the test. */
export function node(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Finished> } {
  const started = Date.now();
  const child = spawn(process.execPath, [...FROM_SOURCE, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started })));
  return { child, done };
}

export interface SyncOptions {
  /** added to the test's own environment */
  env?: NodeJS.ProcessEnv;
  /** a hung child is killed after this long (its code is then null, which fails the test instead of holding the run) */
  timeoutMs?: number;
  /** another Node binary than the test's own */
  execPath?: string;
}

/** `node --import tsx --conditions=source <args>` in the repository root, run to its end. */
export function nodeSync(args: string[], options: SyncOptions = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(options.execPath ?? process.execPath, [...FROM_SOURCE, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** nodeSync's stdout; an exit other than 0 throws, with the child's stderr. */
export function nodeOutput(args: string[], options: SyncOptions = {}): string {
  const r = nodeSync(args, options);
  if (r.code !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.code}:\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

/** `tstorch run <args>` */
export function tstorchRun(args: string[], env: NodeJS.ProcessEnv = {}) {
  return node([join(repoRoot, 'lib/cli/index.ts'), 'run', ...args], env);
}

/** The JSON lines a rank printed ("[rankN]: {...}"), by rank. */
export function rankJson(stdout: string): Record<number, Record<string, unknown>> {
  const out: Record<number, Record<string, unknown>> = {};
  for (const m of stdout.matchAll(/^\[rank(\d+)\]: (\{.*\})$/gm)) out[Number(m[1])] = JSON.parse(m[2]!);
  return out;
}
