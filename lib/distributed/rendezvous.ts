// How the ranks of a job find each other: a c10d store named by the initMethod. 'env://' and 'tcp://' use a
// TCPStore that rank 0 serves; 'file://' a FileStore on a file every rank can reach.
import { native } from '../native.js';
import type { DistStoreHandle } from '../native-types.js';
import { nativeMessage } from './native-error.js';

export interface Rendezvous {
  store: DistStoreHandle;
  /** the TCP store's host, null for a file store */
  host: string | null;
}

function port(text: string | undefined, where: string): number {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isInteger(n) || n < 1 || n > 65535) throw new RangeError(`initProcessGroup: ${where} must be a TCP port in 1..65535, got '${text ?? ''}'`);
  return n;
}

function tcp(host: string, portNumber: number, where: string, rank: number, worldSize: number, timeout: number): Rendezvous {
  try {
    return { store: native.distTcpStore(host, portNumber, rank === 0, worldSize, timeout), host };
  } catch (e) {
    const why = nativeMessage(e);
    // rank 0 serves the store (and waits for the others), the other ranks connect to it
    const what = rank === 0 ? 'serve' : 'rendezvous through';
    throw new Error(`initProcessGroup: could not ${what} the TCP store at ${host}:${portNumber} (${where}) within ${timeout} ms (rank ${rank} of ${worldSize}): ${why}`);
  }
}

export function rendezvous(initMethod: string, rank: number, worldSize: number, timeout: number): Rendezvous {
  if (initMethod === 'env://') {
    const host = process.env.MASTER_ADDR;
    if (host === undefined || host === '') throw new Error('initProcessGroup: MASTER_ADDR is not set (env://); run the script with `tstorch run` or set MASTER_ADDR and MASTER_PORT');
    return tcp(host, port(process.env.MASTER_PORT, 'MASTER_PORT'), 'MASTER_ADDR/MASTER_PORT', rank, worldSize, timeout);
  }
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(initMethod);
  if (m) return tcp(m[1]!.replace(/^\[|\]$/g, ''), port(m[2], `initMethod '${initMethod}'`), `initMethod ${initMethod}`, rank, worldSize, timeout);
  if (initMethod.startsWith('file://')) {
    const path = initMethod.slice('file://'.length);
    if (path === '') throw new Error(`initProcessGroup: initMethod '${initMethod}' names no file; expected file:///path/to/file`);
    try {
      return { store: native.distFileStore(path, worldSize, timeout), host: null };
    } catch (e) {
      throw new Error(`initProcessGroup: could not open the file store ${path}: ${nativeMessage(e)}`);
    }
  }
  throw new TypeError(`initProcessGroup: unknown initMethod '${initMethod}'; expected 'env://', 'tcp://host:port' or 'file:///path'`);
}
