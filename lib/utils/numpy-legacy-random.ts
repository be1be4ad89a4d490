// numpy's legacy global RNG (`np.random.seed`, `np.random.rand`, `np.random.choice(..., replace=False)`), bit for bit:
// MT19937 seeded by init_genrand, doubles from two 32-bit draws (53 bits), choice without replacement as the first
// `size` entries of a Fisher-Yates permutation bounded by masked rejection. transformers' set_seed seeds it and
// Wav2Vec2's SpecAugment draws from it, so masks match Python's for the same seed.

const N = 624;
const M = 397;

export class LegacyRandomState {
  readonly #mt = new Uint32Array(N);
  #pos = N;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** `np.random.seed(seed)` for an integer 0 <= seed < 2^32. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`numpy seed must be an integer in [0, 2^32 - 1], got ${seed}`);
    const mt = this.#mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i in 32 bits, split to stay exact in doubles
      mt[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i) >>> 0;
    }
    this.#pos = N;
  }

  #twist(): void {
    const mt = this.#mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.#pos = 0;
  }

  nextUint32(): number {
    if (this.#pos >= N) this.#twist();
    let y = this.#mt[this.#pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `np.random.rand()`: a double in [0, 1). */
  rand(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform integer in [0, max] (numpy's random_interval: mask, then reject); max < 2^32. */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new RangeError(`randomInterval: bound ${max} is beyond 32 bits`);
    let mask = max;
    for (const s of [1, 2, 4, 8, 16]) mask |= mask >>> s;
    mask >>>= 0;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /** `np.random.permutation(n)`. */
  permutation(n: number): number[] {
    const arr = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      [arr[i], arr[j]] = [arr[j]!, arr[i]!];
    }
    return arr;
  }

  /** `np.random.choice(np.arange(n), size, replace=False)`. */
  choiceWithoutReplacement(n: number, size: number): number[] {
    if (size > n) throw new RangeError(`choice: cannot take a larger sample (${size}) than the population (${n}) without replacement`);
    // numpy permutes the whole population even for size 0, so the draws are consumed all the same
    return this.permutation(n).slice(0, size);
  }
}

/** The process-wide stream, as numpy's global `np.random` (seeded by transformers' setSeed). */
export const numpyRandom = new LegacyRandomState(Math.floor(Math.random() * 0x100000000));
