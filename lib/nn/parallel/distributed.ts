// torch.nn.parallel.DistributedDataParallel over c10d's Reducer: rank 0's weights are broadcast at
// construction, and each backward all-reduces the gradients bucket by bucket while backward still runs,
// leaving every rank with the average gradient (the Reducer divides by the world size, as PyTorch).
import { isGradEnabled, noGrad } from '../../autograd.js';
import { broadcast } from '../../distributed/collectives.js';
import { group } from '../../distributed/process-group.js';
import { native } from '../../native.js';
import type { DistReducerHandle } from '../../native-types.js';
import { Tensor } from '../../tensor.js';
import { nativeMessage } from '../../distributed/native-error.js';

export interface DistributedDataParallelOptions {
  /** bucket size in MiB (default 25, as PyTorch) */
  bucketCapMb?: number;
  /** walk the graph from the outputs to find parameters a forward did not use (default false) */
  findUnusedParameters?: boolean;
  /** broadcast rank 0's buffers before each forward (default true) */
  broadcastBuffers?: boolean;
}

/** What DDP needs of a model: its parameters, a forward, and optionally buffers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DataParallelModule = { namedParameters(): Array<[string, Tensor]>; forward(...args: any[]): any; namedBuffers?(): Array<[string, Tensor]> };

const OPTION_KEYS = ['bucketCapMb', 'findUnusedParameters', 'broadcastBuffers'];

/** The tensors of a forward's output (a tensor, an array, or an output object's fields). */
function outputTensors(out: unknown): Tensor[] {
  if (out instanceof Tensor) return [out];
  if (Array.isArray(out)) return out.flatMap(outputTensors);
  if (out !== null && typeof out === 'object') return Object.values(out).flatMap((v) => (v instanceof Tensor || Array.isArray(v) ? outputTensors(v) : []));
  return [];
}

/** The Reducer's errors (e.g. a forward whose backward never ran) as DistributedDataParallel.forward's. */
function reducerCall(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    throw new Error(`DistributedDataParallel.forward: ${nativeMessage(e)}`);
  }
}

export class DistributedDataParallel<M extends DataParallelModule> {
  readonly module: M;
  readonly findUnusedParameters: boolean;
  readonly broadcastBuffers: boolean;
  readonly #reducer: DistReducerHandle;
  #requireBackwardGradSync = true;
  #requireForwardParamSync = true;

  constructor(module: M, options: DistributedDataParallelOptions = {}) {
    for (const k of Object.keys(options))
      if (!OPTION_KEYS.includes(k)) throw new TypeError(`DistributedDataParallel: unknown option '${k}'; expected ${OPTION_KEYS.join(', ')}`);
    const g = group('DistributedDataParallel');
    const bucketCapMb = options.bucketCapMb ?? 25;
    if (!(bucketCapMb > 0)) throw new RangeError(`DistributedDataParallel: bucketCapMb must be > 0, got ${bucketCapMb}`);
    this.module = module;
    this.findUnusedParameters = options.findUnusedParameters ?? false;
    this.broadcastBuffers = options.broadcastBuffers ?? true;
    const named = module.namedParameters();
    // every rank starts from rank 0's weights and buffers
    noGrad(() => {
      for (const [, p] of named) broadcast(p, { src: 0 });
      this.#syncBuffers();
    });
    const trained = named.filter(([, p]) => p.requiresGrad);
    if (trained.length === 0) throw new Error('DistributedDataParallel: the module has no parameter that requires grad');
    try {
      this.#reducer = native.distReducerNew(
        g.handle,
        trained.map(([, p]) => p._h),
        trained.map(([n]) => n),
        Math.round(bucketCapMb * 1024 * 1024),
        this.findUnusedParameters,
      );
    } catch (e) {
      throw new Error(`DistributedDataParallel: ${nativeMessage(e)}`);
    }
  }

  #syncBuffers(): void {
    if (!this.broadcastBuffers || this.module.namedBuffers === undefined) return;
    for (const [, b] of this.module.namedBuffers()) broadcast(b, { src: 0 });
  }

  /** The module's forward; with grad enabled (and outside noSync) it arms the gradient all-reduce for the next backward. */
  forward(...args: Parameters<M['forward']>): ReturnType<M['forward']> {
    const sync = isGradEnabled() && this.#requireBackwardGradSync;
    if (sync) {
      reducerCall(() => native.distReducerPrepareForForward(this.#reducer));
      reducerCall(() => native.distReducerRebuildBuckets(this.#reducer));
    }
    if (this.#requireForwardParamSync) noGrad(() => this.#syncBuffers());
    const out = this.module.forward(...args);
    if (sync) {
      this.#requireForwardParamSync = true;
      const outputs = this.findUnusedParameters ? outputTensors(out).map((t) => t._h) : [];
      reducerCall(() => native.distReducerPrepareForBackward(this.#reducer, outputs));
    } else {
      this.#requireForwardParamSync = false;
    }
    return out;
  }

  /**
   * Runs `fn` with gradient synchronisation off: backwards inside it only accumulate local gradients, and the
   * first synchronised backward after it all-reduces the accumulated sum (gradient accumulation).
   */
  noSync<T>(fn: () => T): T {
    const previous = this.#requireBackwardGradSync;
    this.#requireBackwardGradSync = false;
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.#requireBackwardGradSync = previous;
      throw e;
    }
    if (result instanceof Promise) return result.finally(() => (this.#requireBackwardGradSync = previous)) as T;
    this.#requireBackwardGradSync = previous;
    return result;
  }

  namedParameters(): Array<[string, Tensor]> {
    return this.module.namedParameters();
  }
  parameters(): Tensor[] {
    return this.module.namedParameters().map(([, p]) => p);
  }

  /** Unhooks the reducer from the parameters (it is also freed with this object); `using` calls it too. */
  dispose(): void {
    native.distReducerDestroy(this.#reducer);
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
}
