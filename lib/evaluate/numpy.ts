// The summation order numpy uses, so averages round like sklearn's (which sums with numpy). Sums of
// integer counts are exact either way; this matters for float data (mse) and sample weights.

/** numpy's `pairwise_sum` for float64: 8 accumulators in blocks of <= 128 values, split in halves above. */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    // prettier-ignore
    let res = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** `np.average(a)` / `np.average(a, weights=w)` for 1-D data: sum(a·w) / sum(w). */
export function average(a: ArrayLike<number>, weights?: ArrayLike<number> | null): number {
  if (!weights) return pairwiseSum(a) / a.length;
  const products = Array.from(a, (v, i) => v * weights[i]!);
  const scale = pairwiseSum(weights);
  if (scale === 0) throw new RangeError("Weights sum to zero, can't be normalized");
  return pairwiseSum(products) / scale;
}
