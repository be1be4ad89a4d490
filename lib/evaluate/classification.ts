// sklearn's target checks for classification metrics (`_check_targets`, `unique_labels`), for 1-D class ids.

export type TargetType = 'binary' | 'multiclass';

export interface Targets {
  type: TargetType;
  yTrue: number[];
  yPred: number[];
  /** Sorted distinct labels in yTrue ∪ yPred (`unique_labels`). */
  present: number[];
}

export function checkTargets(yTrue: number[], yPred: number[], sampleWeight?: number[] | null): Targets {
  checkConsistentLength(yTrue.length, yPred.length, sampleWeight?.length);
  const present = sortedUnique([...yTrue, ...yPred]);
  // type_of_target: at most two distinct values overall is 'binary', more is 'multiclass'
  return { type: present.length <= 2 ? 'binary' : 'multiclass', yTrue, yPred, present };
}

export function sortedUnique(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** sklearn's `check_consistent_length` message. */
export function checkConsistentLength(...lengths: (number | undefined)[]): void {
  const given = lengths.filter((n): n is number => n !== undefined);
  if (new Set(given).size > 1) {
    throw new RangeError(`Found input variables with inconsistent numbers of samples: [${given.join(', ')}]`);
  }
}

/** `sampleWeight` option: a flat list of finite numbers (any array-like or tensor). */
export function toWeights(v: unknown): number[] | null {
  if (v === undefined || v === null) return null;
  let arr: ArrayLike<unknown>;
  const t = v as { data?: () => ArrayLike<unknown>; toArray?: () => ArrayLike<unknown> };
  if (typeof t.data === 'function') arr = t.data();
  else if (typeof t.toArray === 'function') arr = t.toArray();
  else if (typeof (v as ArrayLike<unknown>).length === 'number') arr = v as ArrayLike<unknown>;
  else throw new TypeError(`sampleWeight must be an array of numbers, got ${typeof v}`);
  const out = Array.from(arr, (w, i) => {
    const x = typeof w === 'bigint' ? Number(w) : w;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new TypeError(`sampleWeight[${i}] must be a finite number, got ${String(w)}`);
    return x;
  });
  return out;
}

/** Python-style list formatting for error messages: [0, 1, 2]. */
export function pyList(values: readonly unknown[]): string {
  return `[${values.map((v) => (typeof v === 'string' ? `'${v}'` : v === null ? 'None' : String(v))).join(', ')}]`;
}
