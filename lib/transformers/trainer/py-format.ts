// Python's round() and dict repr for the numbers the Trainer logs, so log lines and log_history read as in Python.
import { pythonFloatRepr } from '../../serialization/python-json.js';

/**
 * Python's `round(x, ndigits)`: the nearest decimal with `ndigits` digits to the exact binary value, exact ties
 * to even (JS toFixed rounds exact ties up, Math.round(x * 100) / 100 also errs on values like 1.005).
 */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x;
  const exact = x.toFixed(100); // every double below 1e21 has a finite expansion; 100 digits cover the values logged here
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + ndigits);
  if (/^50*$/.test(rest)) {
    // an exact tie: keep the even neighbour
    const truncated = exact.slice(0, dot + 1 + ndigits);
    const lastDigit = Number(truncated[truncated.length - 1]);
    const down = Number(truncated);
    if (lastDigit % 2 === 0) return down;
    const step = 10 ** -ndigits;
    return Number((down + Math.sign(x) * step).toFixed(ndigits));
  }
  return Number(x.toFixed(ndigits));
}

/** `str(logs)` for a dict of floats and strings, as Python prints it: `{'loss': 1.6084, 'epoch': 0.17}`. */
export function pyDictRepr(values: Record<string, unknown>): string {
  const items = Object.entries(values).map(([k, v]) => `'${k}': ${pyValueRepr(v)}`);
  return `{${items.join(', ')}}`;
}

function pyValueRepr(v: unknown): string {
  if (typeof v === 'number') return pythonFloatRepr(v);
  if (typeof v === 'string') return `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  return String(v);
}
