// torch.utils.data.DataLoader for map-style data sets, in the main thread. Batches are read through the data
// set's packed-column fast path when it has one (one native call per column), else row by row and collated.
import { drawSeed, Generator } from '../../generator.js';
import type { Batch } from './batch.js';
import { collatePacked, defaultCollate, type CollateFn, type PackedColumn, type Row } from './collate.js';
import { batchIndices, RandomSampler, SequentialSampler, type Sampler } from './sampler.js';

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
}

const KNOWN = ['batchSize', 'shuffle', 'generator', 'seed', 'dropLast', 'collateFn', 'sampler'];

export class DataLoader<B = Batch, R = Row> implements Iterable<B> {
  readonly batchSize: number;
  readonly dropLast: boolean;
  readonly generator: Generator | undefined;
  readonly sampler: Sampler | Iterable<number>;
  private readonly collateFn: CollateFn<B> | undefined;

  constructor(
    readonly dataset: MapDataset<R>,
    options: DataLoaderOptions<B> = {},
  ) {
    for (const key of Object.keys(options)) if (!KNOWN.includes(key)) throw new TypeError(`DataLoader: unknown option '${key}'; expected ${KNOWN.join(', ')}`);
    if (!dataset || typeof dataset.length !== 'number' || typeof dataset.at !== 'function')
      throw new TypeError('DataLoader needs a data set with `length` and `at(index)`');
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    if (options.sampler && options.shuffle) throw new TypeError('DataLoader: sampler and shuffle cannot both be given');
    if (options.generator && options.seed !== undefined) throw new TypeError('DataLoader: give generator or seed, not both');
    this.batchSize = batchSize;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator ?? (options.seed !== undefined ? new Generator(options.seed) : undefined);
    this.collateFn = options.collateFn;
    this.sampler = options.sampler ?? (options.shuffle ? new RandomSampler(dataset.length, this.generator) : new SequentialSampler(dataset.length));
  }

  /** The number of batches per epoch. */
  get length(): number {
    const n = 'length' in this.sampler && typeof this.sampler.length === 'number' ? this.sampler.length : this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<B> {
    // Every PyTorch DataLoader iterator draws a base seed first, shuffling or not: mirroring the draw keeps the
    // random stream (shuffles, dropout) step for step the same as PyTorch's.
    drawSeed(this.generator);
    for (const indices of batchIndices(this.sampler, this.batchSize, this.dropLast)) yield this.fetch(indices);
  }

  private fetch(indices: number[]): B {
    if (!this.collateFn && this.dataset.getBatchColumns) return collatePacked(this.dataset.getBatchColumns(indices)) as B;
    const rows = indices.map((i) => this.dataset.at(i) as unknown as Row);
    return this.collateFn ? this.collateFn(rows) : (defaultCollate(rows) as B);
  }
}
