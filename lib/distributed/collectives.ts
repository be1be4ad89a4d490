// The collectives of torch.distributed on the default group. The backend runs each on its own threads and
// returns a work handle; the call waits on it (PyTorch's synchronous default) unless `asyncOp` asks for the handle.
import { native } from '../native.js';
import type { DistGroupHandle, DistWorkHandle } from '../native-types.js';
import type { Tensor } from '../tensor.js';
import { group } from './process-group.js';
import { nativeMessage } from './native-error.js';

export const ReduceOp = { SUM: 'sum', AVG: 'avg', PRODUCT: 'product', MIN: 'min', MAX: 'max', BAND: 'band', BOR: 'bor', BXOR: 'bxor' } as const;
export type ReduceOp = (typeof ReduceOp)[keyof typeof ReduceOp];
const OPS: readonly string[] = Object.values(ReduceOp);

/** A collective in flight (`asyncOp: true`). */
export class Work {
  readonly #handle: DistWorkHandle;
  readonly #name: string;
  constructor(handle: DistWorkHandle, name: string) {
    this.#handle = handle;
    this.#name = name;
  }
  /** Blocks until the collective is done; a peer that died or the group's timeout end it with an error. */
  wait(): true {
    try {
      native.distWorkWait(this.#handle);
    } catch (e) {
      throw new Error(`torch.distributed.${this.#name} failed: ${nativeMessage(e)}`);
    }
    return true;
  }
  isCompleted(): boolean {
    return native.distWorkIsCompleted(this.#handle);
  }
}

interface AsyncOption {
  asyncOp?: boolean;
}
/** A work handle with `{ asyncOp: true }`, nothing otherwise (the call has waited). */
export type Result<O> = O extends { asyncOp: true } ? Work : undefined;

function checkKeys(name: string, options: object, keys: string[]): void {
  for (const k of Object.keys(options))
    if (!keys.includes(k)) throw new TypeError(`torch.distributed.${name}: unknown option '${k}'; expected ${keys.join(', ')}`);
}

function opOf(name: string, op: string | undefined): string {
  const o = op ?? 'sum';
  if (!OPS.includes(o)) throw new TypeError(`torch.distributed.${name}: unknown op '${o}'; expected one of ${OPS.map((x) => `'${x}'`).join(', ')} (torch.distributed.ReduceOp)`);
  return o;
}

/** Starts a collective through `start`, turning its errors into the collective's, and waits unless asked not to. */
function run<O extends AsyncOption>(name: string, options: O, start: (handle: DistGroupHandle) => DistWorkHandle): Result<O> {
  const g = group(`torch.distributed.${name}`);
  let w: DistWorkHandle;
  try {
    w = start(g.handle);
  } catch (e) {
    throw new Error(`torch.distributed.${name}: ${nativeMessage(e)}`);
  }
  const work = new Work(w, name);
  if (options.asyncOp) return work as Result<O>;
  work.wait();
  return undefined as Result<O>;
}

/** Reduces `tensor` over all ranks in place (default op 'sum'). */
export function allReduce<O extends { op?: ReduceOp } & AsyncOption>(tensor: Tensor, options: O = {} as O): Result<O> {
  checkKeys('allReduce', options, ['op', 'asyncOp']);
  const op = opOf('allReduce', options.op);
  return run('allReduce', options, (g) => native.distAllReduce(g, tensor._h, op));
}

/** Copies rank `src`'s tensor into every rank's `tensor`. */
export function broadcast<O extends { src?: number } & AsyncOption>(tensor: Tensor, options: O = {} as O): Result<O> {
  checkKeys('broadcast', options, ['src', 'asyncOp']);
  const src = options.src ?? 0;
  const size = group('torch.distributed.broadcast').worldSize;
  if (!Number.isInteger(src) || src < 0 || src >= size) throw new RangeError(`torch.distributed.broadcast: src ${src} is out of range; expected 0 <= src < worldSize (${size})`);
  return run('broadcast', options, (g) => native.distBroadcast(g, tensor._h, src));
}

/** Fills `outputs[r]` with rank r's `input` (one output per rank, each shaped like the input). */
export function allGather<O extends AsyncOption>(outputs: Tensor[], input: Tensor, options: O = {} as O): Result<O> {
  checkKeys('allGather', options, ['asyncOp']);
  const size = group('torch.distributed.allGather').worldSize;
  if (outputs.length !== size) throw new RangeError(`torch.distributed.allGather: expected one output tensor per rank (${size}), got ${outputs.length}`);
  return run('allGather', options, (g) => native.distAllGather(g, outputs.map((t) => t._h), input._h));
}

/** Reduces `inputs[r]` over all ranks into rank r's `output`. */
export function reduceScatter<O extends { op?: ReduceOp } & AsyncOption>(output: Tensor, inputs: Tensor[], options: O = {} as O): Result<O> {
  checkKeys('reduceScatter', options, ['op', 'asyncOp']);
  const op = opOf('reduceScatter', options.op);
  const size = group('torch.distributed.reduceScatter').worldSize;
  if (inputs.length !== size) throw new RangeError(`torch.distributed.reduceScatter: expected one input tensor per rank (${size}), got ${inputs.length}`);
  return run('reduceScatter', options, (g) => native.distReduceScatter(g, output._h, inputs.map((t) => t._h), op));
}

/** Waits until every rank has reached it. */
export function barrier<O extends AsyncOption>(options: O = {} as O): Result<O> {
  checkKeys('barrier', options, ['asyncOp']);
  return run('barrier', options, (g) => native.distBarrier(g));
}
