// Collectives on the default group, synchronous as in PyTorch; `asyncOp: true` returns a Work to wait on.
// Tensors are updated in place (allReduce, broadcast) or written into the given outputs (allGather, reduceScatter).
import { native } from '../native.js';
import { Tensor } from '../tensor.js';
import { group } from './process-group.js';
import { Work } from './work.js';

export type ReduceOp = 'sum' | 'avg' | 'product' | 'min' | 'max' | 'band' | 'bor' | 'bxor';
/** PyTorch's `dist.ReduceOp.SUM` etc., as strings. */
export const ReduceOp = { SUM: 'sum', AVG: 'avg', PRODUCT: 'product', MIN: 'min', MAX: 'max', BAND: 'band', BOR: 'bor', BXOR: 'bxor' } as const;

export interface AsyncOption {
  asyncOp?: boolean;
}

function checkKeys(caller: string, options: object, allowed: readonly string[]): void {
  for (const k of Object.keys(options))
    if (!allowed.includes(k)) throw new TypeError(`torch.distributed.${caller}: unknown option '${k}'; expected ${allowed.join(', ')}`);
}

function checkTensor(caller: string, t: unknown, what: string): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`torch.distributed.${caller}: ${what} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (!t.isContiguous()) throw new Error(`torch.distributed.${caller}: ${what} must be contiguous (call .contiguous() first)`);
  return t;
}

function run(caller: string, start: () => unknown, asyncOp: boolean | undefined): Work | undefined {
  let handle: unknown;
  try {
    handle = start();
  } catch (e) {
    throw new Error(`torch.distributed.${caller}: ${(e as Error).message.replace(/^dist\w+: /, '')}`);
  }
  const work = new Work(handle, caller);
  if (asyncOp) return work;
  work.wait();
  return undefined;
}

export function allReduce(tensor: Tensor, options: { op?: ReduceOp; asyncOp: true }): Work;
export function allReduce(tensor: Tensor, options?: { op?: ReduceOp; asyncOp?: false }): undefined;
/** Reduces `tensor` over all ranks, in place (default op 'sum'). */
export function allReduce(tensor: Tensor, options: { op?: ReduceOp } & AsyncOption = {}): Work | undefined {
  checkKeys('allReduce', options, ['op', 'asyncOp']);
  const g = group('allReduce');
  const t = checkTensor('allReduce', tensor, 'tensor');
  return run('allReduce', () => native.distAllReduce(g.handle, t._h, options.op ?? 'sum'), options.asyncOp);
}

export function broadcast(tensor: Tensor, options: { src?: number; asyncOp: true }): Work;
export function broadcast(tensor: Tensor, options?: { src?: number; asyncOp?: false }): undefined;
/** Copies rank `src`'s tensor (default 0) into every rank's `tensor`. */
export function broadcast(tensor: Tensor, options: { src?: number } & AsyncOption = {}): Work | undefined {
  checkKeys('broadcast', options, ['src', 'asyncOp']);
  const g = group('broadcast');
  const src = options.src ?? 0;
  if (!Number.isInteger(src) || src < 0 || src >= g.worldSize) throw new RangeError(`torch.distributed.broadcast: src must be a rank in 0..${g.worldSize - 1}, got ${src}`);
  const t = checkTensor('broadcast', tensor, 'tensor');
  return run('broadcast', () => native.distBroadcast(g.handle, t._h, src), options.asyncOp);
}

function checkList(caller: string, list: unknown, worldSize: number, what: string): Tensor[] {
  if (!Array.isArray(list) || list.length !== worldSize) throw new RangeError(`torch.distributed.${caller}: ${what} must be an array of ${worldSize} tensors (one per rank), got ${Array.isArray(list) ? list.length : typeof list}`);
  return list.map((t, i) => checkTensor(caller, t, `${what}[${i}]`));
}

export function allGather(tensorList: Tensor[], tensor: Tensor, options: { asyncOp: true }): Work;
export function allGather(tensorList: Tensor[], tensor: Tensor, options?: { asyncOp?: false }): undefined;
/** Writes every rank's `tensor` into `tensorList[rank]` (one tensor per rank, same shape as `tensor`). */
export function allGather(tensorList: Tensor[], tensor: Tensor, options: AsyncOption = {}): Work | undefined {
  checkKeys('allGather', options, ['asyncOp']);
  const g = group('allGather');
  const outs = checkList('allGather', tensorList, g.worldSize, 'tensorList');
  const t = checkTensor('allGather', tensor, 'tensor');
  return run('allGather', () => native.distAllGather(g.handle, outs.map((o) => o._h), t._h), options.asyncOp);
}

export function reduceScatter(output: Tensor, inputList: Tensor[], options: { op?: ReduceOp; asyncOp: true }): Work;
export function reduceScatter(output: Tensor, inputList: Tensor[], options?: { op?: ReduceOp; asyncOp?: false }): undefined;
/** Reduces `inputList[r]` over the ranks into rank r's `output` (where the backend has it: NCCL; Gloo has not). */
export function reduceScatter(output: Tensor, inputList: Tensor[], options: { op?: ReduceOp } & AsyncOption = {}): Work | undefined {
  checkKeys('reduceScatter', options, ['op', 'asyncOp']);
  const g = group('reduceScatter');
  const out = checkTensor('reduceScatter', output, 'output');
  const ins = checkList('reduceScatter', inputList, g.worldSize, 'inputList');
  return run('reduceScatter', () => native.distReduceScatter(g.handle, out._h, ins.map((i) => i._h), options.op ?? 'sum'), options.asyncOp);
}

export function barrier(options: { asyncOp: true }): Work;
export function barrier(options?: { asyncOp?: false }): undefined;
/** Returns when every rank has reached it (or throws after the group's timeout). */
export function barrier(options: AsyncOption = {}): Work | undefined {
  checkKeys('barrier', options, ['asyncOp']);
  const g = group('barrier');
  return run('barrier', () => native.distBarrier(g.handle), options.asyncOp);
}
