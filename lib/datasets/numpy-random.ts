// numpy's `np.random.default_rng(seed).permutation(n)`, bit for bit, so that `shuffle({ seed })` and
// `trainTestSplit({ seed })` pick the same rows as Python `datasets` (which calls exactly that).
// Pieces, as in numpy/random: SeedSequence (entropy mixing) -> PCG64 (128-bit LCG, XSL-RR output)
// -> Generator.shuffle (Fisher-Yates from the end, bounded by `random_interval`: mask + rejection,
// 32-bit draws while the bound fits in 32 bits, two 32-bit halves per 64-bit output, low half first).

const MASK32 = 0xffffffff;
const M128 = (1n << 128n) - 1n;
const PCG_MULT = (2549297995355413924n << 64n) + 4865540595714422341n;

/** SeedSequence(seed).generate_state(n_words, uint32) for a non-negative integer seed (no spawn key). */
export function seedSequenceState(seed: number | bigint, nWords: number): Uint32Array {
  let n = BigInt(seed);
  if (n < 0n) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const entropy: number[] = [];
  do {
    entropy.push(Number(n & 0xffffffffn));
    n >>= 32n;
  } while (n > 0n);

  let hashConst = 0x43b0d7e5;
  const hashmix = (value: number): number => {
    value = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, 0x931e8875) >>> 0;
    value = Math.imul(value, hashConst) >>> 0;
    return (value ^ (value >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(0xca01f9dd, x) - Math.imul(0x4973f715, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  const pool = new Uint32Array(4);
  for (let i = 0; i < 4; i++) pool[i] = hashmix(i < entropy.length ? entropy[i]! : 0);
  for (let src = 0; src < 4; src++) {
    for (let dst = 0; dst < 4; dst++) if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
  }
  for (let src = 4; src < entropy.length; src++) {
    for (let dst = 0; dst < 4; dst++) pool[dst] = mix(pool[dst]!, hashmix(entropy[src]!));
  }

  const out = new Uint32Array(nWords);
  let hashB = 0x8b51f9dd;
  for (let i = 0; i < nWords; i++) {
    let v = (pool[i % 4]! ^ hashB) >>> 0;
    hashB = Math.imul(hashB, 0x58f38ded) >>> 0;
    v = Math.imul(v, hashB) >>> 0;
    out[i] = (v ^ (v >>> 16)) >>> 0;
  }
  return out;
}

/** numpy's PCG64 bit generator (state advanced with BigInt; a permutation of 1M rows takes well under a second). */
export class PCG64 {
  private state: bigint;
  private readonly inc: bigint;
  private spare: number | undefined; // numpy buffers the high half of a 64-bit draw for the next next32()

  constructor(seed: number | bigint) {
    const w = seedSequenceState(seed, 8); // generate_state(4, uint64): little-endian pairs of uint32
    const u64 = (i: number) => (BigInt(w[2 * i + 1]!) << 32n) | BigInt(w[2 * i]!);
    const initState = (u64(0) << 64n) | u64(1);
    const initSeq = (u64(2) << 64n) | u64(3);
    this.inc = ((initSeq << 1n) | 1n) & M128;
    this.state = 0n;
    this.step();
    this.state = (this.state + initState) & M128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULT + this.inc) & M128;
  }

  /** next_uint64 as [high 32 bits, low 32 bits]. */
  private next64(): [number, number] {
    this.step();
    const s = this.state;
    const x = ((s >> 64n) ^ s) & 0xffffffffffffffffn;
    const rot = Number(s >> 122n);
    const r = ((x >> BigInt(rot)) | (x << BigInt((64 - rot) & 63))) & 0xffffffffffffffffn;
    return [Number(r >> 32n), Number(r & 0xffffffffn)];
  }

  next64BigInt(): bigint {
    const [hi, lo] = this.next64();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  next32(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    const [hi, lo] = this.next64();
    this.spare = hi;
    return lo;
  }

  /** numpy's random_interval(max): a uniform integer in [0, max] by masking and rejection. */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max > MASK32) {
      let mask = BigInt(max);
      for (let s = 1n; s <= 32n; s <<= 1n) mask |= mask >> s;
      let v: bigint;
      do v = this.next64BigInt() & mask;
      while (v > BigInt(max));
      return Number(v);
    }
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.next32() & mask) >>> 0;
    while (v > max);
    return v;
  }
}

/** `np.random.default_rng(seed).permutation(n)`. */
export function permutation(n: number, seed: number | bigint): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const rng = new PCG64(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.interval(i);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
