// The default process group of torch.distributed: initProcessGroup reads torchrun's environment (or an
// initMethod), meets the other ranks through a c10d store and opens a Gloo or NCCL group over it.
import { native } from '../native.js';
import type { DistGroupHandle, DistStoreHandle } from '../native-types.js';
import { rendezvous } from './rendezvous.js';
import { nativeMessage } from './native-error.js';

export type Backend = 'gloo' | 'nccl';

export interface InitProcessGroupOptions {
  /** 'gloo' (CPU tensors) or 'nccl' (CUDA tensors); default 'gloo' */
  backend?: Backend;
  /** 'env://' (default: MASTER_ADDR, MASTER_PORT), 'tcp://host:port' or 'file:///path' */
  initMethod?: string;
  /** default: WORLD_SIZE */
  worldSize?: number;
  /** default: RANK */
  rank?: number;
  /** milliseconds for the rendezvous and for each collective (default 30 minutes, as PyTorch) */
  timeout?: number;
}

const OPTION_KEYS = ['backend', 'initMethod', 'worldSize', 'rank', 'timeout'];
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

export interface ProcessGroup {
  readonly handle: DistGroupHandle;
  /** the rendezvous store, freed with the group */
  readonly store: DistStoreHandle;
  readonly backend: Backend;
  readonly rank: number;
  readonly worldSize: number;
  readonly timeout: number;
}

let defaultGroup: ProcessGroup | null = null;

/** The default group, or a clear error naming the caller when there is none. */
export function group(caller: string): ProcessGroup {
  if (defaultGroup === null) throw new Error(`${caller}: the default process group is not initialized; call initProcessGroup() first`);
  return defaultGroup;
}

/** An integer option, else the environment variable torchrun sets. */
function fromEnv(value: number | undefined, name: string, option: string): number {
  if (value !== undefined) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`initProcessGroup: ${option} must be a non-negative integer, got ${value}`);
    return value;
  }
  const text = process.env[name];
  if (text === undefined) throw new Error(`initProcessGroup: ${option} is not given and ${name} is not set; run the script with \`tstorch run\` or pass { ${option} }`);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`initProcessGroup: ${name} must be a non-negative integer, got '${text}'`);
  return n;
}

/** The backends this build of tstorch has ('gloo' with Gloo's headers, 'nccl' with a CUDA libtorch that has NCCL). */
export function availableBackends(): Backend[] {
  return native.distBackends();
}

export function isAvailable(): boolean {
  return availableBackends().length > 0;
}

export function isInitialized(): boolean {
  return defaultGroup !== null;
}

export function initProcessGroup(options: InitProcessGroupOptions = {}): void {
  for (const k of Object.keys(options))
    if (!OPTION_KEYS.includes(k)) throw new TypeError(`initProcessGroup: unknown option '${k}'; expected ${OPTION_KEYS.join(', ')}`);
  if (defaultGroup !== null) throw new Error('initProcessGroup: the default process group is already initialized; call destroyProcessGroup() first');
  const backend = options.backend ?? 'gloo';
  if (backend !== 'gloo' && backend !== 'nccl') throw new TypeError(`initProcessGroup: unknown backend '${String(backend)}'; expected 'gloo' or 'nccl'`);
  if (!availableBackends().includes(backend))
    throw new Error(
      backend === 'nccl'
        ? "initProcessGroup: backend 'nccl' needs a CUDA libtorch built with NCCL; this tstorch is built without it: use 'gloo'"
        : "initProcessGroup: backend 'gloo' is not compiled in: build tstorch with Gloo's headers (Debian: libgloo-dev)",
    );
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout <= 0) throw new RangeError(`initProcessGroup: timeout must be a positive number of milliseconds, got ${timeout}`);
  const worldSize = fromEnv(options.worldSize, 'WORLD_SIZE', 'worldSize');
  if (worldSize < 1) throw new RangeError('initProcessGroup: worldSize must be at least 1, got 0');
  const rank = fromEnv(options.rank, 'RANK', 'rank');
  if (rank >= worldSize) throw new RangeError(`initProcessGroup: rank ${rank} is out of range; expected 0 <= rank < worldSize (${worldSize})`);
  const { store, host } = rendezvous(options.initMethod ?? 'env://', rank, worldSize, timeout);
  // Gloo binds its pairs to the address the job meets on when that is this machine's loopback
  const network = process.env.GLOO_SOCKET_IFNAME ? { iface: process.env.GLOO_SOCKET_IFNAME } : host !== null && /^(127\.|localhost$)/.test(host) ? { hostname: host } : {};
  let handle: DistGroupHandle;
  try {
    handle = native.distNewGroup(store, backend, rank, worldSize, timeout, network, 'default_pg');
  } catch (e) {
    native.distStoreDestroy(store);
    throw new Error(`initProcessGroup: the ${backend} group of rank ${rank} of ${worldSize} could not start: ${nativeMessage(e)}`);
  }
  defaultGroup = { handle, store, backend, rank, worldSize, timeout };
}

/** Frees the default group and its store now (not at GC): later collectives are an error until initProcessGroup. */
export function destroyProcessGroup(): void {
  const g = group('destroyProcessGroup');
  defaultGroup = null;
  native.distGroupDestroy(g.handle);
  native.distStoreDestroy(g.store);
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
