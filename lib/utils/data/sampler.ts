// Samplers, as torch.utils.data: they yield dataset indices, one epoch per iteration.
import { Generator, randpermIndices } from '../../generator.js';

export interface Sampler extends Iterable<number> {
  readonly length: number;
}

export class SequentialSampler implements Sampler {
  constructor(private readonly size: number) {}
  get length(): number {
    return this.size;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.size; i++) yield i;
  }
}

/**
 * A random permutation per epoch, drawn as torch's RandomSampler draws it: from `generator`, or from a fresh
 * generator seeded by the default generator (so `torch.manualSeed` gives PyTorch's exact order).
 */
export class RandomSampler implements Sampler {
  constructor(
    private readonly size: number,
    private readonly generator?: Generator,
  ) {}
  get length(): number {
    return this.size;
  }
  *[Symbol.iterator](): Iterator<number> {
    const generator = this.generator ?? new Generator();
    yield* randpermIndices(this.size, generator);
    // torch's RandomSampler then draws one more permutation for the `num_samples % n` tail (empty here):
    // drawing it too keeps a shared generator's stream identical to PyTorch's in later epochs.
    randpermIndices(this.size, generator);
  }
}

/** Batches of indices from a sampler; the last short batch is kept unless `dropLast`. */
export function* batchIndices(sampler: Iterable<number>, batchSize: number, dropLast: boolean): IterableIterator<number[]> {
  let batch: number[] = [];
  for (const i of sampler) {
    batch.push(i);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0 && !dropLast) yield batch;
}
