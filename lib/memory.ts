// Deterministic release: scopes opened by `tidy` collect every tensor created inside them and dispose of all
// that the callback does not return. Tensors outside any scope are freed by `dispose()`, `using`, or the GC
// (the addon's finalizers run during V8's GC and report native bytes, so plain synchronous loops stay flat).
import { native } from './native.js';

export interface Releasable {
  dispose(): void;
  readonly isDisposed: boolean;
}

const scopes: Set<Releasable>[] = [];

/** Called by every new Tensor: adds it to the innermost open tidy scope. */
export function track(t: Releasable): void {
  if (scopes.length > 0) scopes[scopes.length - 1]!.add(t);
}

function collectKept(value: unknown, into: Set<unknown>, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  into.add(value);
  if (Array.isArray(value)) for (const v of value) collectKept(v, into, seen);
  else if (value instanceof Map) for (const v of value.values()) collectKept(v, into, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
    for (const v of Object.values(value)) collectKept(v, into, seen);
}

/**
 * Runs `fn` and disposes of every tensor created during it, except those in its result (a tensor, or
 * tensors inside returned arrays, Maps and plain objects), which move to the enclosing scope.
 * `fn` must be synchronous: tensors made after an `await` would escape the scope.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Releasable>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) t.dispose();
    throw new TypeError('tidy() takes a synchronous function; for async code dispose tensors explicitly or use `using`');
  }
  const kept = new Set<unknown>();
  collectKept(result, kept);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (kept.has(t)) parent?.add(t);
    else t.dispose();
  }
  return result;
}

/** Keeps `t` alive past the innermost tidy scope (it is moved to the enclosing one). */
export function keep<T extends Releasable>(t: T): T {
  const scope = scopes[scopes.length - 1];
  if (scope?.delete(t)) scopes[scopes.length - 2]?.add(t);
  return t;
}

/** Removes `t` from every open tidy scope: it is owned elsewhere (a module's parameter handles). */
export function untrack<T extends Releasable>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  return t;
}

/** Disposes of every tensor found in `value` (a tensor, or arrays / Maps / plain objects holding tensors). */
export function dispose(value: unknown): void {
  const found = new Set<unknown>();
  collectKept(value, found);
  for (const v of found) if (typeof (v as Releasable).dispose === 'function' && 'isDisposed' in (v as object)) (v as Releasable).dispose();
}

export interface MemoryInfo {
  /** Tensors alive in native memory (not yet disposed or collected). */
  tensors: number;
  /** Bytes of their storages (a view counts its base's storage again). */
  bytes: number;
}

/** Live native tensors and their bytes, as reported to V8. */
export function memory(): MemoryInfo {
  return native.memory();
}
