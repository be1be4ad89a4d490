// Samplers, as torch.utils.data: they yield dataset indices, one epoch per iteration. As in PyTorch they take the
// data source (anything with a `length`; a plain count is accepted too) and check their arguments at construction.
import { Generator, randpermIndices } from '../../generator.js';
import { native } from '../../native.js';
import { checkOptions } from '../../options.js';
import { Tensor } from '../../tensor.js';

/** What the DataLoader iterates: indices into the data set, `length` of them per epoch. */
export interface Sampler extends Iterable<number> {
  readonly length: number;
}

/** A data source as samplers take it: a data set (or array) with `length`, or the number of rows. */
export type SizedSource = number | { readonly length: number };

function sourceLength(source: unknown, where: string): number {
  const n = typeof source === 'number' ? source : (source as { length?: unknown } | null)?.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new TypeError(`${where}: dataSource must be a data set with a length (or a non-negative integer count), got ${describe(source)}`);
  return n;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return `${v.constructor?.name ?? 'an object'} without a numeric length`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function checkPositiveInteger(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new TypeError(`${where}: ${name} must be a positive integer (a number), got ${typeof value === 'string' ? `the string '${value}'` : String(value)}`);
  return value;
}

export class SequentialSampler implements Sampler {
  private readonly size: number;
  constructor(dataSource: SizedSource) {
    this.size = sourceLength(dataSource, 'SequentialSampler');
  }
  get length(): number {
    return this.size;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.size; i++) yield i;
  }
}

export interface RandomSamplerOptions {
  /** Draw with replacement (numSamples independent draws). */
  replacement?: boolean;
  /** Samples per epoch; default: the data source's length. */
  numSamples?: number;
  /** The random stream; default: a fresh generator seeded by a draw from the default generator, as PyTorch. */
  generator?: Generator;
}

/**
 * A random permutation per epoch, drawn as torch's RandomSampler draws it: from `generator`, or from a fresh
 * generator seeded by the default generator (so `torch.manualSeed` gives PyTorch's exact order). The second
 * argument may also be the generator itself (the internal form the Trainer uses).
 */
export class RandomSampler implements Sampler {
  private readonly size: number;
  readonly replacement: boolean;
  readonly numSamples: number;
  private readonly generator: Generator | undefined;

  constructor(dataSource: SizedSource, options: RandomSamplerOptions | Generator = {}) {
    this.size = sourceLength(dataSource, 'RandomSampler');
    const o: RandomSamplerOptions = options instanceof Generator ? { generator: options } : options;
    checkOptions('RandomSampler', o, ['replacement', 'numSamples', 'generator']);
    if (o.replacement !== undefined && typeof o.replacement !== 'boolean')
      throw new TypeError(`RandomSampler: replacement must be a boolean, got ${String(o.replacement)}`);
    if (o.generator !== undefined && !(o.generator instanceof Generator))
      throw new TypeError('RandomSampler: generator must be a torch.Generator');
    this.replacement = o.replacement ?? false;
    if (this.size === 0) throw new RangeError('RandomSampler: the data source is empty (numSamples must be a positive integer, as in PyTorch)');
    this.numSamples = o.numSamples === undefined ? this.size : checkPositiveInteger(o.numSamples, 'numSamples', 'RandomSampler');
    this.generator = o.generator;
  }
  get length(): number {
    return this.numSamples;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.size;
    const generator = this.generator ?? new Generator();
    if (this.replacement) {
      // torch draws in chunks of 32, then the remainder
      for (let left = this.numSamples; left > 0; left -= 32) yield* randintIndices(n, Math.min(32, left), generator);
      return;
    }
    for (let k = 0; k < Math.floor(this.numSamples / n); k++) yield* randpermIndices(n, generator);
    // torch's RandomSampler then draws one more permutation for the `numSamples % n` tail (drawn even when the
    // tail is empty, which keeps a shared generator's stream identical to PyTorch's in later epochs)
    yield* randpermIndices(n, generator).subarray(0, this.numSamples % n);
  }
}

function randintIndices(high: number, count: number, generator: Generator): Int32Array {
  const t = new Tensor(native.randintWith(high, count, generator._h));
  const out = Int32Array.from(t.data() as BigInt64Array, Number);
  t.dispose();
  return out;
}

/** torch.utils.data.BatchSampler: batches of indices from a sampler; the last short one is kept unless `dropLast`. */
export class BatchSampler implements Iterable<number[]> {
  readonly batchSize: number;
  constructor(
    readonly sampler: Iterable<number>,
    batchSize: number,
    readonly dropLast: boolean,
  ) {
    if (sampler === null || typeof sampler !== 'object' || typeof (sampler as Iterable<number>)[Symbol.iterator] !== 'function')
      throw new TypeError('BatchSampler: sampler must be an iterable of indices (a Sampler or an array)');
    this.batchSize = checkPositiveInteger(batchSize, 'batchSize', 'BatchSampler');
    if (typeof dropLast !== 'boolean') throw new TypeError(`BatchSampler: dropLast must be a boolean, got ${String(dropLast)}`);
  }
  get length(): number {
    const n = samplerLength(this.sampler);
    if (n === undefined) throw new TypeError('BatchSampler: its sampler has no length');
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}

/** A sampler's (or array's) `length`; undefined for an iterable without one. */
export function samplerLength(sampler: Iterable<unknown>): number | undefined {
  const n = (sampler as { length?: unknown }).length;
  return typeof n === 'number' ? n : undefined;
}
