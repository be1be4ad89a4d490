// The default process group, as torch.distributed.init_process_group sets it up: a rendezvous store
// (env://, tcp://host:port or file://path) and a Gloo or NCCL group over it, with one timeout for both.
import { native } from '../native.js';
import { isLoopback, launchEnv } from './env.js';

export type Backend = 'gloo' | 'nccl';

export interface InitProcessGroupOptions {
  backend?: Backend;
  /** 'env://' (default: MASTER_ADDR, MASTER_PORT), 'tcp://host:port' or 'file:///path/to/file' */
  initMethod?: string;
  worldSize?: number;
  rank?: number;
  /** milliseconds; for the rendezvous and every collective (default 30 minutes, as PyTorch) */
  timeout?: number;
}

interface Group {
  handle: unknown;
  backend: Backend;
  rank: number;
  worldSize: number;
  timeout: number;
}

const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;
const OPTION_KEYS = new Set(['backend', 'initMethod', 'worldSize', 'rank', 'timeout']);
let defaultGroup: Group | null = null;

/** The backends this build has ('gloo'; 'nccl' with a CUDA libtorch built with NCCL). */
export function availableBackends(): Backend[] {
  return native.distBackends();
}
export function isAvailable(): boolean {
  return availableBackends().length > 0;
}
export function isGlooAvailable(): boolean {
  return availableBackends().includes('gloo');
}
export function isNcclAvailable(): boolean {
  return availableBackends().includes('nccl');
}

function positiveInt(v: unknown, what: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`initProcessGroup: ${what} must be an integer >= ${min}, got ${String(v)}`);
  return v;
}

interface Rendezvous {
  store: unknown;
  host?: string;
  where: string;
}

function rendezvous(initMethod: string, rank: number, worldSize: number, timeout: number, env: ReturnType<typeof launchEnv>): Rendezvous {
  const fail = (what: string, e: unknown): never => {
    throw new Error(`initProcessGroup: could not rendezvous through ${what} within ${timeout} ms (rank ${rank} of ${worldSize}): ${(e as Error).message.replace(/^dist\w+Store: /, '')}`);
  };
  if (initMethod.startsWith('file://')) {
    const path = initMethod.slice('file://'.length);
    if (path === '') throw new Error(`initProcessGroup: initMethod '${initMethod}' names no file; expected 'file:///path/to/file'`);
    try {
      return { store: native.distFileStore(path, worldSize, timeout), where: `the file ${path}` };
    } catch (e) {
      return fail(`the file ${path}`, e);
    }
  }
  let host: string | undefined;
  let port: number | undefined;
  let origin: string;
  if (initMethod === 'env://') {
    host = env.masterAddr;
    port = env.masterPort;
    origin = 'MASTER_ADDR/MASTER_PORT';
    if (host === undefined) throw new Error("initProcessGroup: initMethod 'env://' needs the environment variable MASTER_ADDR (set by `tstorch run`)");
    if (port === undefined) throw new Error("initProcessGroup: initMethod 'env://' needs the environment variable MASTER_PORT (set by `tstorch run`)");
  } else if (initMethod.startsWith('tcp://')) {
    const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(initMethod);
    if (!m) throw new Error(`initProcessGroup: initMethod '${initMethod}' is not 'tcp://host:port'`);
    host = m[1]!.replace(/^\[|\]$/g, '');
    port = Number(m[2]);
    origin = initMethod;
  } else {
    throw new Error(`initProcessGroup: unknown initMethod '${initMethod}'; expected 'env://', 'tcp://host:port' or 'file:///path'`);
  }
  const where = `the TCP store at ${host}:${port} (${origin})`;
  try {
    return { store: native.distTcpStore(host, port, rank === 0, worldSize, timeout), host, where };
  } catch (e) {
    return fail(where, e);
  }
}

/** Joins the job: every rank calls it with the same backend; returns when all `worldSize` ranks have joined. */
export function initProcessGroup(options: InitProcessGroupOptions = {}): void {
  for (const k of Object.keys(options))
    if (!OPTION_KEYS.has(k)) throw new TypeError(`initProcessGroup: unknown option '${k}'; expected one of ${[...OPTION_KEYS].join(', ')}`);
  if (defaultGroup) throw new Error('initProcessGroup: the default process group is already initialized (call destroyProcessGroup first)');
  const env = launchEnv();
  const backend = options.backend ?? 'gloo';
  if (backend !== 'gloo' && backend !== 'nccl') throw new TypeError(`initProcessGroup: backend must be 'gloo' or 'nccl', got ${JSON.stringify(backend)}`);
  if (!availableBackends().includes(backend))
    throw new Error(
      backend === 'nccl'
        ? "initProcessGroup: backend 'nccl' needs a CUDA libtorch built with NCCL, and this tstorch was built without it; use backend 'gloo'"
        : "initProcessGroup: backend 'gloo' is not compiled in (build tstorch where Gloo's headers are installed: Debian's libgloo-dev)",
    );
  const worldSize = positiveInt(options.worldSize ?? env.worldSize ?? fromEnvOrThrow('worldSize', 'WORLD_SIZE'), 'worldSize', 1);
  const rank = positiveInt(options.rank ?? env.rank ?? fromEnvOrThrow('rank', 'RANK'), 'rank', 0);
  if (rank >= worldSize) throw new RangeError(`initProcessGroup: rank ${rank} is not below worldSize ${worldSize}`);
  const timeout = positiveInt(options.timeout ?? DEFAULT_TIMEOUT_MS, 'timeout (ms)', 1);
  const rdv = rendezvous(options.initMethod ?? 'env://', rank, worldSize, timeout, env);
  // The Gloo transport: a named interface, the loopback when the store is local, else the host's name.
  const net = process.env.GLOO_SOCKET_IFNAME ? { iface: process.env.GLOO_SOCKET_IFNAME } : rdv.host !== undefined && isLoopback(rdv.host) ? { hostname: '127.0.0.1' } : {};
  let handle: unknown;
  try {
    handle = native.distNewGroup(rdv.store, backend, rank, worldSize, timeout, net, 'default_pg');
  } catch (e) {
    throw new Error(`initProcessGroup: the ${backend} process group could not connect all ${worldSize} ranks through ${rdv.where} within ${timeout} ms: ${(e as Error).message.replace(/^distNewGroup: /, '')}`);
  }
  defaultGroup = { handle, backend, rank, worldSize, timeout };
}

function fromEnvOrThrow(option: string, variable: string): never {
  throw new Error(`initProcessGroup: ${option} is not given and the environment variable ${variable} is not set (run the script with \`tstorch run\`)`);
}

export function isInitialized(): boolean {
  return defaultGroup !== null;
}

/** @internal the default group, or an error naming the caller */
export function group(caller: string): Group {
  if (!defaultGroup) throw new Error(`torch.distributed.${caller}: the default process group is not initialized; call initProcessGroup() first`);
  return defaultGroup;
}

export function getRank(): number {
  return group('getRank').rank;
}
export function getWorldSize(): number {
  return group('getWorldSize').worldSize;
}
export function getBackend(): Backend {
  return group('getBackend').backend;
}

/** Leaves the group; its store and connections close when the handles are collected. */
export function destroyProcessGroup(): void {
  group('destroyProcessGroup');
  defaultGroup = null;
}
