// Grad-mode scopes. Like Python's context managers they are synchronous: the mode is restored when `fn` returns.
import { native } from './native.js';

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous: boolean = native.isGradEnabled();
  native.setGradEnabled(enabled);
  try {
    const result = fn();
    if (result instanceof Promise) throw new TypeError('noGrad()/enableGrad() take a synchronous function (grad mode cannot follow an await)');
    return result;
  } finally {
    native.setGradEnabled(previous);
  }
}

/** Runs `fn` without recording operations for autograd (`with torch.no_grad():`). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}
/** Runs `fn` with autograd recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
export function isGradEnabled(): boolean {
  return native.isGradEnabled();
}
export function setGradEnabled(enabled: boolean): void {
  native.setGradEnabled(enabled);
}
