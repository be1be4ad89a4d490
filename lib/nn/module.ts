// torch.nn.Module: the base of every module. A module's members are its fields: submodules (Module), parameters
// (nn.Parameter) and buffers (registerBuffer), found among its own enumerable properties in insertion order —
// class fields and constructor assignments in definition order, a replaced field keeping its place — as
// PyTorch's __setattr__ registers them. Traversals, state dicts and device/dtype moves follow PyTorch's order:
// a module's own parameters and buffers, then its children's, recursively.
import { noGrad } from '../autograd.js';
import { checkDtype, isFloatingDtype, type DType } from '../dtype.js';
import { Device, type DeviceLike } from '../device.js';
import { untrack } from '../memory.js';
import { native } from '../native.js';
import { Tensor } from '../tensor.js';
import { RemovableHandle, type ForwardHook, type ForwardPreHook } from './hooks.js';
import { Parameter } from './parameter.js';

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}
export type StateDict = Record<string, Tensor>;
export type ToTarget = DeviceLike | DType | { device?: DeviceLike; dtype?: DType };

const isDeviceSpec = (s: string): boolean => /^(cpu|cuda)(:\d+)?$/.test(s);

function checkOptions(where: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: options must be an object`);
  for (const key of Object.keys(options))
    if (!known.includes(key)) throw new TypeError(`${where}: unknown option '${key}'; expected ${known.join(', ')}`);
}

function checkMemberName(where: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') throw new TypeError(`${where}: the name must be a non-empty string, got ${JSON.stringify(name)}`);
  if (name.includes('.')) throw new TypeError(`${where}: the name can't contain ".", got "${name}"`);
}

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** Where `to()` moves tensors: a device, a floating dtype, or both. */
export interface MoveTarget {
  device?: Device;
  dtype?: DType;
}

/** `t` on the target: the dtype applies to floating tensors only (integer buffers keep theirs), as in PyTorch. */
function movedTensor(t: Tensor, target: MoveTarget): Tensor | null {
  const dtype = target.dtype !== undefined && isFloatingDtype(t.dtype) ? target.dtype : t.dtype;
  const device = target.device ?? t.device;
  if (dtype === t.dtype && device.equals(t.device)) return null;
  return t.to({ device, dtype });
}

export class Module {
  #training = true;
  /** Buffer field names → persistent (in the state dict), in registration order. */
  readonly #buffers = new Map<string, boolean>();
  readonly #preHooks = new Map<number, unknown>();
  readonly #hooks = new Map<number, unknown>();

  /** The class name PyTorch prints (repr, error messages). */
  protected get className(): string {
    return this.constructor.name;
  }

  // ---- registration ----

  /**
   * Registers a tensor that is state but not a parameter (running statistics, fixed tables) as the field
   * `name`. `persistent: false` keeps it out of the state dict. `null` reserves the name (skipped everywhere).
   * Replace a buffer by assigning the field (`this.runningMean = t`) or update it in place.
   */
  registerBuffer(name: string, tensor: Tensor | null, options: { persistent?: boolean } = {}): void {
    checkMemberName('registerBuffer', name);
    checkOptions('registerBuffer', options, ['persistent']);
    if (tensor !== null && !(tensor instanceof Tensor)) throw new TypeError(`registerBuffer("${name}"): expected a Tensor or null, got ${typeof tensor}`);
    if (tensor instanceof Parameter) throw new TypeError(`registerBuffer("${name}"): a Parameter is not a buffer; assign it as a field or use registerParameter`);
    this.#checkFree('registerBuffer', name);
    this.#buffers.set(name, options.persistent ?? true);
    this.#setField(name, tensor === null ? null : untrack(tensor));
  }

  /** Registers `param` as the field `name` (what assigning `this.name = param` does). */
  registerParameter(name: string, param: Parameter | null): void {
    checkMemberName('registerParameter', name);
    if (param !== null && !(param instanceof Parameter)) throw new TypeError(`registerParameter("${name}"): expected an nn.Parameter or null, got ${(param as unknown) instanceof Tensor ? 'a Tensor (wrap it in nn.Parameter)' : typeof param}`);
    this.#checkFree('registerParameter', name);
    this.#buffers.delete(name);
    this.#setField(name, param);
  }

  /** Registers `module` as the child `name` (PyTorch's add_module / register_module). */
  registerModule(name: string, module: Module | null): void {
    checkMemberName('registerModule', name);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`registerModule("${name}"): expected an nn.Module or null, got ${typeof module}`);
    this.#checkFree('registerModule', name);
    this.#buffers.delete(name);
    this.#setField(name, module);
  }
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  #checkFree(where: string, name: string): void {
    if (!(name in this)) return;
    const current = (this as Record<string, unknown>)[name];
    const own = Object.prototype.hasOwnProperty.call(this, name);
    if (!own || !(current === undefined || current === null || current instanceof Module || current instanceof Tensor))
      throw new TypeError(`${where}: attribute "${name}" already exists on ${this.className}`);
  }

  #setField(name: string, value: unknown): void {
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /** @internal own fields in insertion order */
  #fields(): Array<[string, unknown]> {
    return Object.entries(this);
  }

  /** @internal this module's own parameters, in registration order (native modules list theirs). */
  _ownParameters(): Array<[string, Parameter]> {
    const out: Array<[string, Parameter]> = [];
    for (const [k, v] of this.#fields()) if (v instanceof Parameter) out.push([k, v]);
    return out;
  }

  /** @internal this module's own buffers: `[name, tensor, persistent]` in registration order. */
  _ownBuffers(): Array<[string, Tensor, boolean]> {
    const out: Array<[string, Tensor, boolean]> = [];
    const self = this as Record<string, unknown>;
    for (const [name, persistent] of this.#buffers) {
      const v = self[name];
      if (v instanceof Tensor && !(v instanceof Parameter)) out.push([name, v, persistent]);
    }
    return out;
  }

  /** @internal this module's direct children, in registration order (containers may keep theirs elsewhere). */
  _ownModules(): Array<[string, Module]> {
    const out: Array<[string, Module]> = [];
    for (const [k, v] of this.#fields()) if (v instanceof Module) out.push([k, v]);
    return out;
  }

  /** @internal state-dict names that alias another of this module's parameters: `[alias, name]` (tied weights). */
  _stateAliases(): Array<[string, string]> {
    return [];
  }

  /** @internal moves this module's own parameters (in place) and buffers (replaced), not its children's. */
  _moveOwn(target: MoveTarget): void {
    for (const [, p] of this._ownParameters()) {
      const moved = movedTensor(p, target);
      if (moved === null) continue;
      p._setData(moved);
      moved.dispose();
      const grad = p.grad;
      const movedGrad = grad === null ? null : movedTensor(grad, target);
      if (grad !== null && movedGrad !== null) {
        native.setData(grad._h, movedGrad._h);
        movedGrad.dispose();
      }
    }
    const self = this as Record<string, unknown>;
    for (const [name, b] of this._ownBuffers()) {
      const moved = movedTensor(b, target);
      if (moved !== null) self[name] = untrack(moved);
    }
  }

  // ---- traversal ----

  /** `[name, module]` for this module (name = prefix) and every descendant, depth first; each module once. */
  namedModules(options: { prefix?: string; removeDuplicate?: boolean } = {}): Array<[string, Module]> {
    checkOptions('namedModules', options, ['prefix', 'removeDuplicate']);
    const removeDuplicate = options.removeDuplicate ?? true;
    const seen = new Set<Module>();
    const out: Array<[string, Module]> = [];
    const visit = (m: Module, prefix: string): void => {
      if (removeDuplicate) {
        if (seen.has(m)) return;
        seen.add(m);
      }
      out.push([prefix, m]);
      for (const [name, child] of m._ownModules()) visit(child, join(prefix, name));
    };
    visit(this, options.prefix ?? '');
    return out;
  }
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }
  /** Direct children `[name, module]`, each once. */
  namedChildren(): Array<[string, Module]> {
    const seen = new Set<Module>();
    return this._ownModules().filter(([, m]) => !seen.has(m) && seen.add(m));
  }
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  #namedMembers<T extends Tensor>(
    where: string,
    options: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean },
    own: (m: Module) => Array<[string, T]>,
  ): Array<[string, T]> {
    checkOptions(where, options, ['prefix', 'recurse', 'removeDuplicate']);
    const prefix = options.prefix ?? '';
    const removeDuplicate = options.removeDuplicate ?? true;
    const modules = options.recurse ?? true ? this.namedModules({ prefix, removeDuplicate }) : ([[prefix, this]] as Array<[string, Module]>);
    const seen = new Set<T>();
    const out: Array<[string, T]> = [];
    for (const [mp, m] of modules) {
      for (const [name, t] of own(m)) {
        if (removeDuplicate) {
          if (seen.has(t)) continue;
          seen.add(t);
        }
        out.push([join(mp, name), t]);
      }
    }
    return out;
  }

  /** `[dottedName, parameter]`: own parameters, then the children's; a shared parameter once, under its first name. */
  namedParameters(options: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean } = {}): Array<[string, Parameter]> {
    return this.#namedMembers('namedParameters', options, (m) => m._ownParameters());
  }
  parameters(recurse = true): Parameter[] {
    return this.namedParameters({ recurse }).map(([, p]) => p);
  }
  /** `[dottedName, buffer]` (persistent or not), as namedParameters. */
  namedBuffers(options: { prefix?: string; recurse?: boolean; removeDuplicate?: boolean } = {}): Array<[string, Tensor]> {
    return this.#namedMembers('namedBuffers', options, (m) => m._ownBuffers().map(([n, b]) => [n, b] as [string, Tensor]));
  }
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers({ recurse }).map(([, b]) => b);
  }

  /** Calls `fn` on every child (recursively), then on this module; returns this module. */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== 'function') throw new TypeError(`apply(fn) takes a function, got ${typeof fn}`);
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---- modes ----

  get training(): boolean {
    return this.#training;
  }
  set training(mode: boolean) {
    this.#training = mode;
  }
  /** Training mode (`true`: dropout on, batch norm updates its statistics) for this module and every child. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError(`train(mode) takes a boolean, got ${typeof mode}`);
    this.#training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /** Freezes (`false`) or unfreezes every parameter. */
  requiresGrad_(requiresGrad = true): this {
    if (typeof requiresGrad !== 'boolean') throw new TypeError(`requiresGrad_(flag) takes a boolean, got ${typeof requiresGrad}`);
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** Clears the gradients: set to null (PyTorch 2's default) or, with `setToNone: false`, zeroed. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    checkOptions('zeroGrad', options, ['setToNone']);
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      if (setToNone) p.grad = null;
      else p.grad?.detach_().zero_();
    }
  }

  /** Number of parameter elements (shared ones once); `onlyTrainable` counts those that require grad. */
  numParameters(options: { onlyTrainable?: boolean } = {}): number {
    checkOptions('numParameters', options, ['onlyTrainable']);
    return this.parameters()
      .filter((p) => !options.onlyTrainable || p.requiresGrad)
      .reduce((n, p) => n + p.numel(), 0);
  }

  // ---- device and dtype ----

  /**
   * `to(device)`, `to(dtype)`, `to(device, dtype)` or `to({ device, dtype })`, in place: parameters keep their
   * identity (optimizers holding them keep working), buffers are replaced; a dtype applies to floating tensors.
   */
  to(target: ToTarget, dtype?: DType): this {
    let device: DeviceLike | undefined;
    let d: DType | undefined;
    if (target instanceof Device) device = target;
    else if (typeof target === 'string') {
      if (isDeviceSpec(target)) device = target;
      else d = checkDtype(target, 'to() target');
    } else if (target !== null && typeof target === 'object') {
      checkOptions('to', target, ['device', 'dtype']);
      device = target.device;
      d = target.dtype === undefined ? undefined : checkDtype(target.dtype);
    } else throw new TypeError(`to() takes a device, a dtype or { device, dtype }, got ${target === null ? 'null' : typeof target}`);
    if (dtype !== undefined) d = checkDtype(dtype);
    if (d !== undefined && !isFloatingDtype(d)) throw new TypeError(`nn.Module.to only accepts floating point dtypes, got ${d}`);
    const moveTarget: MoveTarget = { device: device === undefined ? undefined : new Device(device), dtype: d };
    noGrad(() => {
      for (const m of this.modules()) m._moveOwn(moveTarget);
    });
    return this;
  }
  cpu(): this {
    return this.to('cpu');
  }
  cuda(index = 0): this {
    return this.to(`cuda:${index}`);
  }
  float(): this {
    return this.to('float32');
  }
  double(): this {
    return this.to('float64');
  }
  half(): this {
    return this.to('float16');
  }
  bfloat16(): this {
    return this.to('bfloat16');
  }

  /** The device of the parameters (the first one's; CPU for a module without any). */
  get device(): Device {
    const first = this.parameters()[0];
    return first === undefined ? new Device('cpu') : first.device;
  }
  /** The dtype of the first floating parameter (float32 for a module without any). */
  get dtype(): DType {
    return this.parameters().find((p) => isFloatingDtype(p.dtype))?.dtype ?? 'float32';
  }

  // ---- state dicts ----

  /**
   * name → tensor (detached, sharing storage) for every parameter and persistent buffer, in PyTorch's order:
   * a module's own parameters, then its buffers, then each child's under `child.`; shared tensors under every name.
   */
  stateDict(options: { prefix?: string } = {}): StateDict {
    checkOptions('stateDict', options, ['prefix']);
    const out: StateDict = {};
    this.#saveTo(out, options.prefix ?? '');
    return out;
  }

  #saveTo(out: StateDict, prefix: string): void {
    const own = this._ownParameters();
    for (const [name, p] of own) out[join(prefix, name)] = p.detach();
    const byName = new Map(own);
    for (const [alias, target] of this._stateAliases()) out[join(prefix, alias)] = byName.get(target)!.detach();
    for (const [name, b, persistent] of this._ownBuffers()) if (persistent) out[join(prefix, name)] = b.detach();
    for (const [name, child] of this._ownModules()) child.#saveTo(out, join(prefix, name));
  }

  /**
   * Copies `stateDict`'s tensors into the parameters and buffers of the same names, in place (dtype and device
   * converted). Every shape must match. With `strict` (default) the keys must match exactly; otherwise the
   * missing and unexpected keys are only returned, as PyTorch's load_state_dict.
   */
  loadStateDict(stateDict: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>, options: { strict?: boolean } = {}): LoadStateDictResult {
    checkOptions('loadStateDict', options, ['strict']);
    if (stateDict === null || typeof stateDict !== 'object') throw new TypeError(`loadStateDict: expected a state dict (an object or Map of Tensors), got ${stateDict === null ? 'null' : typeof stateDict}`);
    const strict = options.strict ?? true;
    const entries = stateDict instanceof Map ? [...(stateDict as ReadonlyMap<string, Tensor>)] : Object.entries(stateDict);
    const own = this.stateDict();
    const given = new Set(entries.map(([n]) => n));
    const missingKeys = Object.keys(own).filter((k) => !given.has(k));
    const unexpectedKeys = entries.map(([n]) => n).filter((k) => !(k in own));
    const errors: string[] = [];
    if (strict && unexpectedKeys.length > 0) errors.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
    if (strict && missingKeys.length > 0) errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    const copies: Array<[Tensor, Tensor]> = [];
    for (const [name, t] of entries) {
      const target = own[name];
      if (target === undefined) continue;
      if (!(t instanceof Tensor)) throw new TypeError(`loadStateDict: "${name}" must be a Tensor, got ${t === null ? 'null' : typeof t}`);
      const [a, b] = [t.shape, target.shape];
      if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
        errors.push(
          `size mismatch for ${name}: copying a param with shape torch.Size([${a.join(', ')}]) from checkpoint, ` +
            `the shape in current model is torch.Size([${b.join(', ')}]).`,
        );
      }
      copies.push([target, t]);
    }
    try {
      if (errors.length > 0) throw new Error(`Error(s) in loading state_dict for ${this.className}:\n\t${errors.join('\n\t')}`);
      noGrad(() => {
        for (const [target, t] of copies) target.copy_(t);
      });
    } finally {
      for (const t of Object.values(own)) t.dispose();
    }
    return { missingKeys, unexpectedKeys };
  }

  // ---- calling ----

  /**
   * PyTorch's `module(...args)`: the forward pre-hooks, `forward`, then the forward hooks. `forward` itself stays
   * callable directly (no hooks).
   */
  call<M extends Module & { forward(...args: never[]): unknown }>(this: M, ...args: Parameters<M['forward']>): ReturnType<M['forward']> {
    const forward = (this as { forward?: unknown }).forward;
    if (typeof forward !== 'function') throw new TypeError(`${this.className} has no forward() method`);
    let input: unknown[] = args;
    for (const hook of this.#preHooks.values()) {
      const r = (hook as ForwardPreHook<M>)(this, input);
      if (r !== undefined) input = Array.isArray(r) ? r : [r];
    }
    let output = (forward as (...a: unknown[]) => unknown).apply(this, input);
    for (const hook of this.#hooks.values()) {
      const r = (hook as ForwardHook<M>)(this, input, output);
      if (r !== undefined) output = r;
    }
    return output as ReturnType<M['forward']>;
  }

  /** `hook(module, args)` before each `call()`; returning an array replaces the arguments. */
  registerForwardPreHook(hook: ForwardPreHook<this>): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerForwardPreHook(hook) takes a function, got ${typeof hook}`);
    return new RemovableHandle(this.#preHooks, hook);
  }
  /** `hook(module, args, output)` after each `call()`; returning a value replaces the output. */
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerForwardHook(hook) takes a function, got ${typeof hook}`);
    return new RemovableHandle(this.#hooks, hook);
  }

  // ---- memory ----

  /** Frees every parameter and buffer of the tree now (a shared one too); any later use of them throws. */
  dispose(): void {
    for (const m of this.modules()) m._disposeOwn();
  }
  /** @internal frees this module's own tensors */
  _disposeOwn(): void {
    for (const [, p] of this._ownParameters()) p.dispose();
    for (const [, b] of this._ownBuffers()) b.dispose();
  }
  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- printing ----

  /** Extra text in this module's line of `toString()` (layers print their sizes here). */
  extraRepr(): string {
    return '';
  }
  /** PyTorch's module repr: `Name(extra)` with one indented `(name): child` line per child. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra === '' ? [] : extra.split('\n');
    const childLines = this._ownModules().map(([name, m]) => `(${name}): ${String(m).split('\n').join('\n  ')}`);
    const lines = [...extraLines, ...childLines];
    let s = `${this.className}(`;
    if (lines.length === 1 && childLines.length === 0) s += extraLines[0];
    else if (lines.length > 0) s += `\n  ${lines.join('\n  ')}\n`;
    return `${s})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
