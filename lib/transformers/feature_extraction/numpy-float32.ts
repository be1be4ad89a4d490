// numpy 1.24's float32 mean and var, to the bit: `add.reduce` walks the array in buffers of 8192 elements and
// adds each buffer's pairwise sum (8 accumulators per block of up to 128, halves above that), all in float32.
const f = Math.fround;
const BLOCK = 128;
const BUFFER = 8192;

function pairwise(a: Float32Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0; // numpy starts from -0.0; the sign cannot change a nonzero result
    for (let i = 0; i < n; i++) res = f(res + a[start + i]!);
    return res;
  }
  if (n <= BLOCK) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = f(r[j]! + a[start + i + j]!);
    let res = f(f(f(r[0]! + r[1]!) + f(r[2]! + r[3]!)) + f(f(r[4]! + r[5]!) + f(r[6]! + r[7]!)));
    for (; i < n; i++) res = f(res + a[start + i]!);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwise(a, start, n2) + pairwise(a, start + n2, n - n2));
}

/** `np.add.reduce` of a float32 array. */
export function sumFloat32(a: Float32Array): number {
  let sum = 0;
  for (let s = 0; s < a.length; s += BUFFER) sum = f(sum + pairwise(a, s, Math.min(BUFFER, a.length - s)));
  return sum;
}

/** `np.float32 array .mean()`. */
export const meanFloat32 = (a: Float32Array): number => f(sumFloat32(a) / a.length);

/** `.var()` (population): the mean, the float32 squared deviations, their float32 sum over n. */
export function varFloat32(a: Float32Array): number {
  const mean = f(sumFloat32(a) / a.length);
  const sq = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const d = f(a[i]! - mean);
    sq[i] = d * d;
  }
  return f(sumFloat32(sq) / a.length);
}
