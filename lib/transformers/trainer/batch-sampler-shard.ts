// accelerate's BatchSamplerShard (split_batches=False, even_batches=True), which the 4.31 Trainer's data loaders
// get under DDP: rank r takes batches r, r + N, r + 2N, ... of the whole-data batch sampler, and every rank
// takes the same number of full batches: the last round is filled up with indices from the start of the epoch
// (duplicates, that evaluation later drops), unless the batch sampler drops its last batch.
import type { BatchSampler } from '../../utils/data/sampler.js';

export class BatchSamplerShard implements Iterable<number[]> {
  constructor(
    readonly batchSampler: BatchSampler,
    readonly numProcesses: number,
    readonly processIndex: number,
  ) {}

  get batchSize(): number {
    return this.batchSampler.batchSize;
  }

  /** Batches of the whole data (all ranks together). */
  get totalLength(): number {
    return this.batchSampler.length;
  }

  get length(): number {
    const total = this.batchSampler.length;
    const rounds = Math.floor(total / this.numProcesses);
    return total % this.numProcesses === 0 || this.batchSampler.dropLast ? rounds : rounds + 1;
  }

  *[Symbol.iterator](): Iterator<number[]> {
    const { numProcesses: n, processIndex: rank, batchSize: size } = this;
    const dropLast = this.batchSampler.dropLast;
    let start: number[] = []; // the first round's indices, reused as padding
    let mine: number[] = [];
    let batch: number[] = [];
    let idx = -1;
    for (const b of this.batchSampler) {
      idx += 1;
      batch = b;
      if (!dropLast && idx < n) start = start.concat(b);
      if (idx % n === rank) mine = b;
      // a round ends with a full batch: each rank yields its own
      if (idx % n === n - 1 && b.length === size) {
        yield mine;
        mine = [];
      }
    }
    if (dropLast || start.length === 0) return;
    if (mine.length === size) yield mine;
    while (start.length < n * size) start = start.concat(start);
    if (batch.length === size) {
      batch = [];
      idx += 1;
    }
    let at = 0;
    // complete the unfinished round: the short batch topped up, then whole batches, all from `start`
    while (idx % n !== 0 || batch.length > 0) {
      const end = at + size - batch.length;
      const filled = batch.concat(start.slice(at, end));
      if (idx % n === rank) yield filled;
      at = end;
      batch = [];
      idx += 1;
    }
  }
}
