// The native half of a module whose parameters live in a libtorch model (the BERT models of cpp/models/): a
// Module subclass holds one and delegates its own members to it, so it joins a tree of TS modules like any other.
// The parameters are listed by the native model (dotted names, each once) as Parameter objects over the native
// tensors themselves, so optimizers update the model; train() and to() go to the native model, which moves its
// parameters in place (set_data) as PyTorch does.
import { native } from '../native.js';
import type { ModuleHandle } from '../native-types.js';
import type { MoveTarget } from './module.js';
import { Parameter } from './parameter.js';

export type { ModuleHandle } from '../native-types.js';

export class NativeModel {
  readonly handle: ModuleHandle;
  /** Names the module in errors. */
  readonly #owner: () => string;
  #parameters: Array<[string, Parameter]> | null = null;
  #disposed = false;

  constructor(handle: ModuleHandle, owner: () => string) {
    this.handle = handle;
    this.#owner = owner;
  }

  /** `[name, parameter]` in registration order, each once; the same Parameter objects for the model's lifetime. */
  parameters(): Array<[string, Parameter]> {
    this.#checkLive();
    this.#parameters ??= native.moduleNamedParameters(this.handle).map(
      ([name, h]) => [name, Parameter._fromHandle(h as Parameter['_h'])] as [string, Parameter],
    );
    return this.#parameters.slice();
  }

  /** `[alias, name]` pairs: state-dict names that refer to another parameter (tied weights). */
  tiedParameters(): Array<[string, string]> {
    this.#checkLive();
    return native.moduleTiedParameters(this.handle);
  }

  #mode: boolean | undefined;
  train(mode: boolean): void {
    this.#checkLive();
    if (this.#mode === mode) return; // the Trainer sets it every step; the native model's mode changes only here
    native.moduleTrain(this.handle, mode);
    this.#mode = mode;
  }

  move(target: MoveTarget): void {
    this.#checkLive();
    native.moduleTo(this.handle, target.device?.toString(), target.dtype);
  }

  /** Frees the native model and the parameter handles now; any later use throws. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    for (const [, p] of this.#parameters ?? []) p.dispose();
    native.moduleDispose(this.handle);
    this.#disposed = true;
  }
  get isDisposed(): boolean {
    return this.#disposed;
  }

  #checkLive(): void {
    if (this.#disposed) throw new Error(`${this.#owner()} was disposed; it cannot be used any more`);
  }
}
