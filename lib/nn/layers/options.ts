// Option objects of nn layers and functions: unknown keys are errors, with the camelCase spelling as a hint.

const camel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Throws a TypeError naming `where` for any key of `options` not in `known`. Returns the options (or {}). */
export function checkOptions<T extends object>(where: string, options: T | undefined, known: readonly (keyof T & string)[]): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${where}: options must be an object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  for (const key of Object.keys(options)) {
    if ((known as readonly string[]).includes(key)) continue;
    const hint = (known as readonly string[]).includes(camel(key)) ? ` (did you mean '${camel(key)}'?)` : '';
    throw new TypeError(`${where}: unknown option '${key}'${hint}; expected one of ${known.join(', ') || '(none)'}`);
  }
  return options;
}

/** A size per spatial dim: `3` or `[3, 3]` for 2 dims; each an integer >= `min`. */
export function tuple(where: string, name: string, value: number | readonly number[], dims: number, min: number): number[] {
  if (!Array.isArray(value) && typeof value !== 'number') throw new TypeError(`${where}: ${name} must be a number or an array of ${dims}, got ${typeof value}`);
  const list = typeof value === 'number' ? new Array<number>(dims).fill(value) : [...value];
  if (list.length !== dims) throw new RangeError(`${where}: ${name} must have ${dims} value(s), got ${JSON.stringify(value)}`);
  for (const v of list) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${where}: ${name} must be integer(s) >= ${min}, got ${JSON.stringify(value)}`);
  }
  return list;
}

/** A positive integer size (features, channels, ...). */
export function checkSize(where: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${where}: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** A probability in [0, 1]. */
export function checkProbability(where: string, name: string, p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${where}: ${name} must be in [0, 1], got ${p}`);
  return p;
}
