// The handle of a collective started with `asyncOp: true` (PyTorch's Work): `wait()` blocks until it is done
// and throws the backend's error (timeout, a peer that went away).
import { native } from '../native.js';

export class Work {
  #handle: unknown;
  #what: string;
  /** @internal */
  constructor(handle: unknown, what: string) {
    this.#handle = handle;
    this.#what = what;
  }
  wait(): true {
    try {
      native.distWorkWait(this.#handle);
    } catch (e) {
      throw new Error(`torch.distributed.${this.#what} failed: ${(e as Error).message.replace(/^distWorkWait: /, '')}`);
    }
    return true;
  }
  isCompleted(): boolean {
    return native.distWorkIsCompleted(this.#handle);
  }
}
