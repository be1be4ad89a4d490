// torch.utils.data.DataLoader for map-style data sets, in the main thread. Batches are read through the data
// set's packed-column fast path when it has one (one native call per column), else row by row and collated.
import { drawSeed, Generator } from '../../generator.js';
import type { Batch } from './batch.js';
import { collatePacked, defaultCollate, type CollateFn, type PackedColumn, type Row } from './collate.js';
import { checkOptions } from '../../options.js';
import { BatchSampler, checkPositiveInteger, RandomSampler, samplerLength, SequentialSampler, type Sampler } from './sampler.js';

/** What a DataLoader reads: `length` and `at(i)`; tstorch/datasets' Dataset also packs whole batches. */
export interface MapDataset<R = Row> {
  readonly length: number;
  at(index: number): R;
  getBatchColumns?(indices: ArrayLike<number>): Record<string, PackedColumn>;
}

export interface DataLoaderOptions<B> {
  batchSize?: number;
  shuffle?: boolean;
  /** The random stream for shuffling; default: one seeded from the default generator each epoch, as PyTorch. */
  generator?: Generator;
  /** Shorthand for `generator: new Generator(seed)`. */
  seed?: number;
  dropLast?: boolean;
  collateFn?: CollateFn<B>;
  sampler?: Sampler | Iterable<number>;
  /** Batches of indices (e.g. a BatchSampler); excludes batchSize, shuffle, sampler and dropLast, as in PyTorch. */
  batchSampler?: Iterable<number[]>;
}

const KNOWN = ['batchSize', 'shuffle', 'generator', 'seed', 'dropLast', 'collateFn', 'sampler', 'batchSampler'];

export class DataLoader<B = Batch, R = Row> implements Iterable<B> {
  readonly batchSize: number;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;
  readonly sampler: Sampler | Iterable<number>;
  readonly batchSampler: Iterable<number[]>;
  private readonly collateFn: CollateFn<B> | undefined;

  constructor(
    readonly dataset: MapDataset<R>,
    options: DataLoaderOptions<B> = {},
  ) {
    checkOptions('DataLoader', options, KNOWN);
    if (!dataset || typeof dataset.length !== 'number' || typeof dataset.at !== 'function')
      throw new TypeError('DataLoader needs a data set with `length` and `at(index)`');
    const o = options;
    if (o.batchSampler !== undefined) {
      const clash = (['batchSize', 'shuffle', 'sampler', 'dropLast'] as const).filter((k) => o[k] !== undefined);
      if (clash.length > 0) throw new TypeError(`DataLoader: batchSampler excludes ${clash.join(', ')} (the batch sampler decides the batches)`);
      if (typeof (o.batchSampler as Iterable<number[]> | null)?.[Symbol.iterator] !== 'function')
        throw new TypeError('DataLoader: batchSampler must be an iterable of index arrays, e.g. a BatchSampler');
    }
    const batchSize = o.batchSize === undefined ? 1 : checkPositiveInteger(o.batchSize, 'batchSize', 'DataLoader');
    if (o.sampler !== undefined && typeof (o.sampler as Iterable<number> | null)?.[Symbol.iterator] !== 'function')
      throw new TypeError('DataLoader: sampler must be a Sampler (e.g. new SequentialSampler(dataset)) or an iterable of indices');
    if (o.sampler && o.shuffle) throw new TypeError('DataLoader: sampler and shuffle cannot both be given');
    if (o.shuffle !== undefined && typeof o.shuffle !== 'boolean') throw new TypeError(`DataLoader: shuffle must be a boolean, got ${String(o.shuffle)}`);
    if (o.dropLast !== undefined && typeof o.dropLast !== 'boolean') throw new TypeError(`DataLoader: dropLast must be a boolean, got ${String(o.dropLast)}`);
    if (o.collateFn !== undefined && typeof o.collateFn !== 'function') throw new TypeError('DataLoader: collateFn must be a function');
    if (o.generator && o.seed !== undefined) throw new TypeError('DataLoader: give generator or seed, not both');
    this.batchSize = batchSize;
    this.dropLast = o.dropLast ?? false;
    this.generator = o.generator ?? (o.seed !== undefined ? new Generator(o.seed) : undefined);
    this.collateFn = o.collateFn;
    this.sampler = o.sampler ?? (o.shuffle ? new RandomSampler(dataset, this.generator) : new SequentialSampler(dataset));
    this.batchSampler = o.batchSampler ?? new BatchSampler(this.sampler, this.batchSize, this.dropLast);
  }

  /** The number of batches per epoch. */
  get length(): number {
    const batches = this.batchSampler;
    // a sampler without a length (a plain iterable) samples the data set once
    if (batches instanceof BatchSampler && samplerLength(batches.sampler) === undefined) {
      const n = this.dataset.length;
      return batches.dropLast ? Math.floor(n / batches.batchSize) : Math.ceil(n / batches.batchSize);
    }
    return samplerLength(batches) ?? Math.ceil(this.dataset.length / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<B> {
    // Every PyTorch DataLoader iterator draws a base seed first, shuffling or not: mirroring the draw keeps the
    // random stream (shuffles, dropout) step for step the same as PyTorch's.
    drawSeed(this.generator);
    for (const indices of this.batchSampler) yield this.fetch(this.checkIndices(indices));
  }

  /** A sampler's index must name a row: a wrong one is an error here, not a confusing one inside the data set. */
  private checkIndices(indices: unknown): number[] {
    if (!Array.isArray(indices)) throw new TypeError(`DataLoader: the batch sampler yielded ${typeof indices}, expected an array of indices`);
    const n = this.dataset.length;
    for (const i of indices)
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new RangeError(`DataLoader: the sampler yielded index ${String(i)}, but the data set has ${n} rows (expected integers 0 to ${n - 1})`);
    return indices as number[];
  }

  private fetch(indices: number[]): B {
    if (!this.collateFn && this.dataset.getBatchColumns) return collatePacked(this.dataset.getBatchColumns(indices)) as B;
    const rows = indices.map((i) => this.dataset.at(i) as unknown as Row);
    return this.collateFn ? this.collateFn(rows) : (defaultCollate(rows) as B);
  }
}
