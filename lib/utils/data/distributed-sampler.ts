// torch.utils.data.DistributedSampler: each rank reads its own 1/numReplicas of the data set, in an order
// that is the same on every rank (randperm seeded with seed + epoch), padded by repetition (or trimmed with
// dropLast) so that every rank gets the same number of samples.
import { group } from '../../distributed/process-group.js';
import { Generator, randpermIndices } from '../../generator.js';
import type { Sampler } from './sampler.js';

export interface DistributedSamplerOptions {
  /** the number of ranks (default: the default process group's world size) */
  numReplicas?: number;
  /** this process's rank, 0 <= rank < numReplicas (default: the default process group's rank) */
  rank?: number;
  shuffle?: boolean;
  seed?: number;
  dropLast?: boolean;
}

const OPTION_KEYS = ['numReplicas', 'rank', 'shuffle', 'seed', 'dropLast'];

function sizeOf(dataset: number | { readonly length: number }): number {
  const n = typeof dataset === 'number' ? dataset : dataset?.length;
  if (!Number.isInteger(n) || (n as number) < 0) throw new TypeError(`DistributedSampler: the dataset must have a length (a non-negative integer), got ${String(n)}`);
  return n as number;
}

export class DistributedSampler implements Sampler {
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  readonly numSamples: number;
  readonly totalSize: number;
  #size: number;
  #epoch = 0;

  constructor(dataset: number | { readonly length: number }, options: DistributedSamplerOptions = {}) {
    for (const k of Object.keys(options))
      if (!OPTION_KEYS.includes(k)) throw new TypeError(`DistributedSampler: unknown option '${k}'; expected ${OPTION_KEYS.join(', ')}`);
    this.#size = sizeOf(dataset);
    // as PyTorch: what is not given comes from the default process group
    this.numReplicas = options.numReplicas ?? group('DistributedSampler (numReplicas not given)').worldSize;
    this.rank = options.rank ?? group('DistributedSampler (rank not given)').rank;
    if (!Number.isInteger(this.numReplicas) || this.numReplicas < 1) throw new RangeError(`DistributedSampler: numReplicas must be an integer >= 1, got ${this.numReplicas}`);
    if (!Number.isInteger(this.rank) || this.rank < 0 || this.rank >= this.numReplicas)
      throw new RangeError(`DistributedSampler: invalid rank ${this.rank}, rank should be in the interval [0, ${this.numReplicas - 1}]`);
    this.shuffle = options.shuffle ?? true;
    this.seed = options.seed ?? 0;
    if (!Number.isSafeInteger(this.seed) || this.seed < 0) throw new RangeError(`DistributedSampler: seed must be a non-negative integer, got ${this.seed}`);
    this.dropLast = options.dropLast ?? false;
    const n = this.#size;
    // with dropLast the tail that cannot be split evenly is dropped; otherwise the data set is padded
    this.numSamples = this.dropLast && n % this.numReplicas !== 0 ? Math.max(0, Math.ceil((n - this.numReplicas) / this.numReplicas)) : Math.ceil(n / this.numReplicas);
    this.totalSize = this.numSamples * this.numReplicas;
  }

  get length(): number {
    return this.numSamples;
  }

  get epoch(): number {
    return this.#epoch;
  }

  /** Call before each epoch so the shuffled order changes with it (the same on every rank). */
  setEpoch(epoch: number): void {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`DistributedSampler.setEpoch: epoch must be a non-negative integer, got ${epoch}`);
    this.#epoch = epoch;
  }

  /** All ranks' indices for this epoch, before subsampling (padded or trimmed to totalSize). */
  #allIndices(): number[] {
    const n = this.#size;
    let indices = this.shuffle ? Array.from(randpermIndices(n, new Generator(this.seed + this.#epoch))) : Array.from({ length: n }, (_, i) => i);
    if (this.dropLast) return indices.slice(0, this.totalSize);
    const padding = this.totalSize - indices.length;
    if (padding > 0 && indices.length > 0) {
      const repeated: number[] = [];
      while (repeated.length < padding) repeated.push(...indices);
      indices = indices.concat(repeated.slice(0, padding));
    }
    return indices;
  }

  *[Symbol.iterator](): Iterator<number> {
    const all = this.#allIndices();
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) yield all[i]!;
  }
}
