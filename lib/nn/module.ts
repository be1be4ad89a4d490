// torch.nn.Module over a native model handle: parameters, train/eval, device/dtype moves and state dicts.
// The parameters live in C++ (libtorch modules); the Tensors here share their storage, so optimizers holding
// them update the model, and `to()` keeps them (libtorch moves parameters in place, as PyTorch does).
import { checkDtype, type DType } from '../dtype.js';
import { Device, deviceArg, type DeviceLike } from '../device.js';
import { untrack } from '../memory.js';
import { native } from '../native.js';
import { Tensor } from '../tensor.js';

/** An opaque native model handle; only lib/ code touches it. */
export type ModuleHandle = { readonly __tstorchModule: unique symbol };

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const isDevice = (s: string): boolean => /^(cpu|cuda)(:\d+)?$/.test(s);

export class Module {
  /** @internal the native model */
  readonly _m: ModuleHandle;
  #parameters: ReadonlyArray<readonly [string, Tensor]> | null = null;
  #disposed = false;

  /** @internal models are built by their classes (`fromPretrained`, `fromConfig`, constructors). */
  constructor(handle: ModuleHandle) {
    this._m = handle;
  }

  /** The class name PyTorch would print (used in error messages). */
  protected get className(): string {
    return this.constructor.name;
  }

  /** `[name, parameter]` in registration order, each parameter once (tied weights under their first name). */
  namedParameters(): Array<[string, Tensor]> {
    this.checkLive();
    // one Tensor per parameter for the module's lifetime, outside any tidy scope: the module owns them
    this.#parameters ??= (native.moduleNamedParameters(this._m) as Array<[string, unknown]>).map(
      ([name, h]) => [name, untrack(new Tensor(h as Tensor['_h']))] as const,
    );
    return this.#parameters.map(([n, t]) => [n, t]);
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** `[alias, name]` pairs: state-dict names that refer to another parameter (tied weights). */
  tiedParameters(): Array<[string, string]> {
    this.checkLive();
    return native.moduleTiedParameters(this._m);
  }

  get training(): boolean {
    this.checkLive();
    return native.moduleIsTraining(this._m);
  }

  /** Dropout on (`true`) or off; returns the module, as in PyTorch. */
  train(mode = true): this {
    this.checkLive();
    if (typeof mode !== 'boolean') throw new TypeError(`train(mode) takes a boolean, got ${typeof mode}`);
    native.moduleTrain(this._m, mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** `to(device)`, `to(dtype)`, `to(device, dtype)` or `to({ device, dtype })`: in place, returns the module. */
  to(target: DeviceLike | DType | { device?: DeviceLike; dtype?: DType }, dtype?: DType): this {
    this.checkLive();
    let device: DeviceLike | undefined;
    let d: DType | undefined;
    if (target instanceof Device) device = target;
    else if (typeof target === 'string') {
      if (isDevice(target)) device = target;
      else d = checkDtype(target, 'to() target');
    } else if (target !== null && typeof target === 'object') {
      device = target.device;
      d = target.dtype === undefined ? undefined : checkDtype(target.dtype);
    } else throw new TypeError(`to() takes a device, a dtype or { device, dtype }, got ${target === null ? 'null' : typeof target}`);
    if (dtype !== undefined) d = checkDtype(dtype);
    native.moduleTo(this._m, deviceArg(device), d);
    return this;
  }

  cpu(): this {
    return this.to('cpu');
  }
  cuda(index = 0): this {
    return this.to(`cuda:${index}`);
  }

  /** The device of the parameters (the first one's; a module is on one device). */
  get device(): Device {
    const first = this.parameters()[0];
    return first === undefined ? new Device('cpu') : first.device;
  }

  /** The floating dtype of the parameters. */
  get dtype(): DType {
    const first = this.parameters()[0];
    return first === undefined ? 'float32' : first.dtype;
  }

  /** Freezes (`false`) or unfreezes every parameter. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** name → tensor sharing the parameter's storage (detached), tied aliases included, as PyTorch's state_dict. */
  stateDict(): Record<string, Tensor> {
    const params = this.namedParameters();
    const out: Record<string, Tensor> = {};
    for (const [name, p] of params) out[name] = p.detach();
    const byName = new Map(params);
    for (const [alias, target] of this.tiedParameters()) out[alias] = byName.get(target)!.detach();
    return out;
  }

  /**
   * Copies tensors into the parameters of the same names (converting dtype and device). Shapes must match;
   * with `strict` (default) the keys must match exactly, as PyTorch's load_state_dict.
   */
  loadStateDict(stateDict: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>, options: { strict?: boolean } = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const entries = stateDict instanceof Map ? [...stateDict] : Object.entries(stateDict);
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !entries.some(([n]) => n === k));
    const unexpectedKeys = entries.map(([n]) => n).filter((k) => !(k in own));
    const errors: string[] = [];
    if (strict && unexpectedKeys.length > 0) errors.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
    if (strict && missingKeys.length > 0) errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    const names: string[] = [];
    const tensors: Tensor[] = [];
    for (const [name, t] of entries) {
      const target = own[name];
      if (target === undefined) continue;
      if (!(t instanceof Tensor)) throw new TypeError(`loadStateDict: "${name}" must be a Tensor, got ${typeof t}`);
      const [a, b] = [t.shape, target.shape];
      if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
        errors.push(
          `size mismatch for ${name}: copying a param with shape torch.Size([${a.join(', ')}]) from checkpoint, ` +
            `the shape in current model is torch.Size([${b.join(', ')}]).`,
        );
      }
      names.push(name);
      tensors.push(t);
    }
    if (errors.length > 0) throw new Error(`Error(s) in loading state_dict for ${this.className}:\n\t${errors.join('\n\t')}`);
    native.moduleLoadParameters(this._m, names, tensors.map((t) => t._h));
    return { missingKeys, unexpectedKeys };
  }

  /** Number of parameter elements (tied weights once); `onlyTrainable` counts those that require grad. */
  numParameters(options: { onlyTrainable?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !options.onlyTrainable || p.requiresGrad)
      .reduce((n, p) => n + p.numel(), 0);
  }

  /** Clears the gradients: set to null (PyTorch 2's default) or, with `setToNone: false`, zeroed. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      if (setToNone) p.grad = null;
      else p.grad?.zero_();
    }
  }

  /** Frees the native model and the parameter handles now; any later use throws. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    for (const [, p] of this.#parameters ?? []) p.dispose();
    native.moduleDispose(this._m);
    this.#disposed = true;
  }
  get isDisposed(): boolean {
    return this.#disposed;
  }
  [Symbol.dispose](): void {
    this.dispose();
  }

  private checkLive(): void {
    if (this.#disposed) throw new Error(`${this.className} was disposed; it cannot be used any more`);
  }
}
