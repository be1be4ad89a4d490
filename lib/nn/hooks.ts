// Forward hooks of nn.Module (PyTorch's register_forward_pre_hook / register_forward_hook) and the handle that
// removes one.

/** Runs before `forward` with the call's arguments; returning an array replaces them (`undefined` keeps them). */
export type ForwardPreHook<M = unknown> = (module: M, args: unknown[]) => unknown[] | void;
/** Runs after `forward`; returning a value other than `undefined` replaces the output. */
export type ForwardHook<M = unknown> = (module: M, args: unknown[], output: unknown) => unknown;

/** What `register*Hook` returns: `remove()` unregisters the hook (idempotent); also `using`-disposable. */
export class RemovableHandle {
  static #next = 0;
  /** A number unique to this registration. */
  readonly id = RemovableHandle.#next++;
  readonly #registry: Map<number, unknown>;

  /** @internal made by Module.register*Hook */
  constructor(registry: Map<number, unknown>, hook: unknown) {
    this.#registry = registry;
    registry.set(this.id, hook);
  }
  remove(): void {
    this.#registry.delete(this.id);
  }
  [Symbol.dispose](): void {
    this.remove();
  }
}
