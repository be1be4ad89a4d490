// scipy.signal.resample_poly(x, up, down, window=('kaiser', 5.0), padtype='constant') in closed form (SciPy
// 1.10): a firwin low-pass of 2·10·max(up, down)+1 taps, cutoff 1/max(up, down), Kaiser β = 5 window, unit DC
// gain, applied polyphase with zero padding at both ends.

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for the β used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** The firwin filter scipy builds, scaled by `up` as resample_poly uses it. */
function lowpass(up: number, down: number, beta: number): { h: Float64Array; halfLen: number } {
  const maxRate = Math.max(up, down);
  const halfLen = 10 * maxRate;
  const taps = 2 * halfLen + 1;
  const fc = 1 / maxRate;
  const h = new Float64Array(taps);
  const i0beta = besselI0(beta);
  let sum = 0;
  for (let k = 0; k < taps; k++) {
    const m = k - halfLen;
    const t = fc * m;
    const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
    const r = (2 * k) / (taps - 1) - 1;
    const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
    h[k] = fc * sinc * window;
    sum += h[k]!;
  }
  for (let k = 0; k < taps; k++) h[k] = (h[k]! / sum) * up;
  return { h, halfLen };
}

/** Resamples `x` from `fromRate` to `toRate` (float64 throughout). */
export function resamplePoly(x: Float64Array, fromRate: number, toRate: number, beta = 5.0): Float64Array {
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate < 1 || toRate < 1) {
    throw new RangeError(`resample: sampling rates must be positive integers, got ${fromRate} and ${toRate}`);
  }
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  if (up === 1 && down === 1) return Float64Array.from(x);
  const { h, halfLen } = lowpass(up, down, beta);
  const n = x.length;
  const outLen = Math.ceil((n * up) / down);
  const y = new Float64Array(outLen);
  for (let m = 0; m < outLen; m++) {
    const centre = m * down + halfLen;
    const nLo = Math.max(0, Math.ceil((centre - 2 * halfLen) / up));
    const nHi = Math.min(n - 1, Math.floor(centre / up));
    let acc = 0;
    for (let i = nHi; i >= nLo; i--) acc += x[i]! * h[centre - i * up]!;
    y[m] = acc;
  }
  return y;
}
