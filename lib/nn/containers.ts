// Containers as in torch.nn: Sequential and ModuleList keep their modules as the fields "0", "1", ... (so the
// state dict reads "0.weight" and `seq[0]` works), ModuleDict keeps arbitrary keys apart from the methods.
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

function checkModule(where: string, m: unknown, i?: number | string): Module {
  if (!(m instanceof Module)) throw new TypeError(`${where}: ${i === undefined ? 'the argument' : `entry ${JSON.stringify(i)}`} must be an nn.Module, got ${m === null ? 'null' : typeof m}`);
  return m;
}

/** The modules kept under "0", "1", ...: shared by Sequential and ModuleList. */
abstract class IndexedModules<T extends Module> extends Module {
  [index: number]: T;

  get length(): number {
    return this._ownModules().length;
  }

  /** The module at `index` (negative counts from the end); `seq[i]` also works where the names are "0", "1", .... */
  at(index: number): T {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`${this.className}.at(${index}): index out of range for ${n} modules`);
    return this._ownModules()[index < 0 ? index + n : index]![1] as T;
  }

  /** Adds `module` at the end; returns this container. */
  append(module: T): this {
    this.registerModule(String(this.length), checkModule(`${this.className}.append`, module));
    return this;
  }

  /** Appends every module of `modules`. */
  extend(modules: Iterable<T>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts `module` before `index`, renumbering the ones after it. */
  insert(index: number, module: T): this {
    checkModule(`${this.className}.insert`, module);
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index > n) throw new RangeError(`${this.className}.insert(${index}): index out of range for ${n} modules`);
    const list = [...this];
    list.splice(index < 0 ? index + n : index, 0, module);
    list.forEach((m, i) => this.registerModule(String(i), m));
    return this;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const [, m] of this._ownModules()) yield m as T;
  }
}

/**
 * Modules applied in order: `new nn.Sequential(a, b, c)` or from an ordered object `{ fc: a, act: b }` (keys
 * become the names). `forward(x)` is `c.call(b.call(a.call(x)))`.
 */
export class Sequential extends IndexedModules<Module> {
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    const [first] = modules;
    if (modules.length === 1 && !(first instanceof Module) && first !== null && typeof first === 'object') {
      for (const [name, m] of Object.entries(first)) this.registerModule(name, checkModule('Sequential', m, name));
    } else modules.forEach((m, i) => this.registerModule(String(i), checkModule('Sequential', m, i)));
  }

  forward(input: Tensor): Tensor;
  forward(input: unknown): unknown;
  forward(input: unknown): unknown {
    let x = input;
    for (const m of this) x = (m as Module & { forward(x: unknown): unknown }).call(x);
    return x;
  }
}

/** A list of modules, registered under "0", "1", ... (iterate it in your forward). */
export class ModuleList<T extends Module = Module> extends IndexedModules<T> {
  constructor(modules: Iterable<T> = []) {
    super();
    this.extend(modules);
  }
  /** `append` (JS arrays' name). */
  push(...modules: T[]): number {
    for (const m of modules) this.append(m);
    return this.length;
  }
}

/** Modules by name (any string key, kept apart from the methods); iterates over the keys, as PyTorch's. */
export class ModuleDict<T extends Module = Module> extends Module {
  readonly #modules = new Map<string, T>();

  constructor(modules: Readonly<Record<string, T>> | Iterable<readonly [string, T]> = {}) {
    super();
    this.update(modules);
  }

  /** @internal */
  override _ownModules(): Array<[string, Module]> {
    return [...this.#modules];
  }

  get size(): number {
    return this.#modules.size;
  }
  get length(): number {
    return this.#modules.size;
  }
  get(key: string): T | undefined {
    return this.#modules.get(key);
  }
  has(key: string): boolean {
    return this.#modules.has(key);
  }
  /** Adds or replaces (in place) the module under `key`. */
  set(key: string, module: T): this {
    if (typeof key !== 'string' || key === '' || key.includes('.')) throw new TypeError(`ModuleDict.set: the key must be a non-empty string without ".", got ${JSON.stringify(key)}`);
    this.#modules.set(key, checkModule('ModuleDict.set', module, key) as T);
    return this;
  }
  /** Removes `key` and returns its module (PyTorch's pop). */
  pop(key: string): T {
    const m = this.#modules.get(key);
    if (m === undefined) throw new RangeError(`ModuleDict.pop: no key ${JSON.stringify(key)}; keys: ${[...this.#modules.keys()].join(', ')}`);
    this.#modules.delete(key);
    return m;
  }
  delete(key: string): boolean {
    return this.#modules.delete(key);
  }
  clear(): void {
    this.#modules.clear();
  }
  update(modules: Readonly<Record<string, T>> | Iterable<readonly [string, T]>): this {
    const entries = Symbol.iterator in Object(modules) ? (modules as Iterable<readonly [string, T]>) : Object.entries(modules as Record<string, T>);
    for (const [k, m] of entries) this.set(k, m);
    return this;
  }
  keys(): IterableIterator<string> {
    return this.#modules.keys();
  }
  values(): IterableIterator<T> {
    return this.#modules.values();
  }
  entries(): IterableIterator<[string, T]> {
    return this.#modules.entries();
  }
  [Symbol.iterator](): IterableIterator<string> {
    return this.#modules.keys();
  }
}

/** Returns its input (a placeholder); ignores constructor arguments, as PyTorch's. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  forward<T>(input: T): T {
    return input;
  }
}

/** Flattens dims `startDim..endDim` of its input into one (default: all but the batch dim). */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
    if (!Number.isInteger(startDim) || !Number.isInteger(endDim)) throw new TypeError(`Flatten(startDim, endDim): integers expected, got ${startDim}, ${endDim}`);
  }
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
