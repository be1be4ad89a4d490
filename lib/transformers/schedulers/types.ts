/**
 * What a learning-rate scheduler needs from an optimizer. The native AdamW satisfies it: assigning
 * `group.lr = x` changes the learning rate libtorch uses. Kept structural (and minimal: `{ lr }`, readonly
 * array) so that any optimizer class with typed param groups is assignable without an index signature.
 */
export interface SchedulableParamGroup {
  lr: number;
}

export interface SchedulableOptimizer {
  readonly paramGroups: ReadonlyArray<SchedulableParamGroup>;
  /** PyTorch's `optimizer.defaults`; `polynomial` and `cosine_with_min_lr` read `defaults.lr` like transformers. */
  readonly defaults?: { readonly lr?: number };
}

/** A learning-rate multiplier for a 0-based step count, as passed to PyTorch's `LambdaLR`. */
export type LrLambda = (step: number) => number;

export function assertSchedulable(optimizer: unknown, who: string): asserts optimizer is SchedulableOptimizer {
  const groups = (optimizer as { paramGroups?: unknown } | null | undefined)?.paramGroups;
  if (!Array.isArray(groups) || groups.length === 0) {
    throw new TypeError(`${who}: expected an optimizer with a non-empty \`paramGroups\` array, got ${describe(optimizer)}`);
  }
  groups.forEach((g: unknown, i) => {
    const lr = (g as { lr?: unknown } | null)?.lr;
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new TypeError(`${who}: optimizer.paramGroups[${i}].lr must be a finite number, got ${describe(lr)}`);
    }
  });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor?.name ?? 'object';
  return `${typeof v} ${String(v)}`;
}
