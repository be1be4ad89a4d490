// Truncation of one sequence or a pair to a length budget, with the Rust `tokenizers` rules (what Python's fast
// tokenizers run). The budget excludes the special tokens the post-processor adds.

export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second';
export type TruncationSide = 'right' | 'left';

function cut(ids: number[], length: number, side: TruncationSide): number[] {
  if (ids.length <= length) return ids;
  return side === 'right' ? ids.slice(0, length) : ids.slice(ids.length - length);
}

/**
 * longest_first on a pair: if the shorter sequence fits in half the budget it is kept and the longer one gets the
 * rest; otherwise both get half (the second one the odd token). only_first/only_second cut just that sequence and
 * throw when it is too short to make the pair fit.
 */
export function truncate(
  a: number[],
  b: number[] | null,
  budget: number,
  strategy: TruncationStrategy,
  side: TruncationSide,
): [number[], number[] | null] {
  const total = a.length + (b?.length ?? 0);
  if (total <= budget) return [a, b];
  if (budget === 0) return [[], b === null ? null : []];
  const toRemove = total - budget;
  if (strategy === 'longest_first') {
    if (b === null) return [cut(a, a.length - toRemove, side), null];
    let n1 = a.length;
    let n2 = b.length;
    const swap = n1 > n2;
    if (swap) [n1, n2] = [n2, n1];
    n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
    if (n1 + n2 > budget) {
      n1 = Math.floor(budget / 2);
      n2 = n1 + (budget % 2);
    }
    if (swap) [n1, n2] = [n2, n1];
    return [cut(a, n1, side), cut(b, n2, side)];
  }
  const first = strategy === 'only_first';
  const target = first ? a : b;
  if (target === null) {
    throw new RangeError(`truncation '${strategy}' needs a second sequence (textPair), but none was given`);
  }
  if (target.length <= toRemove) {
    throw new RangeError(
      `truncation '${strategy}': the ${first ? 'first' : 'second'} sequence has ${target.length} tokens, too few to ` +
        `remove the ${toRemove} needed to fit ${budget} tokens (plus special tokens); use 'longest_first' or a larger maxLength`,
    );
  }
  const kept = cut(target, target.length - toRemove, side);
  return first ? [kept, b] : [a, kept];
}
