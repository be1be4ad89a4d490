// Runs `tstorch run` (the CLI from source, through tsx) as a child process, and picks free local ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Finished {
  code: number | null;
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

export function node(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Finished> } {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
  return { child, done };
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
