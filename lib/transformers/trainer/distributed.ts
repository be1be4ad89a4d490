// The Trainer on several processes (`tstorch run`), as transformers 4.31 with accelerate 0.21 under torchrun:
// the process group, the DistributedDataParallel model, the data loaders sharded by batches (BatchSamplerShard)
// with the train shuffle drawn on one generator that rank 0 synchronizes, and the collectives the loop needs
// (the logged loss averaged over ranks, evaluation outputs gathered, rank 0 saving while the others wait).
import { cat } from '../../ops.js';
import { allGather, allReduce, barrier, broadcast } from '../../distributed/collectives.js';
import { allGatherObject } from '../../distributed/objects.js';
import { getRank, getWorldSize, initProcessGroup, isInitialized } from '../../distributed/process-group.js';
import { tensor, zeros } from '../../creation.js';
import type { Generator } from '../../generator.js';
import { DistributedDataParallel } from '../../nn/parallel/distributed.js';
import type { Tensor } from '../../tensor.js';
import { DataLoader, type MapDataset } from '../../utils/data/dataloader.js';
import type { CollateFn } from '../../utils/data/collate.js';
import { BatchSampler, type Sampler } from '../../utils/data/sampler.js';
import type { TrainingArguments } from '../training-args.js';
import { BatchSamplerShard } from './batch-sampler-shard.js';
import type { TrainerModel } from './model.js';

/** The seed of a fresh torch.Generator(): accelerate gives the train sampler such a generator (not args.seed). */
export const DEFAULT_GENERATOR_SEED = 67280421310721;

export interface ShardedDataLoaderOptions {
  sampler: Sampler | Iterable<number>;
  /** per rank */
  batchSize: number;
  dropLast: boolean;
  collateFn: CollateFn<Record<string, unknown>> | null;
  /** the sampler's generator, which rank 0 synchronizes at each epoch (none for evaluation) */
  generator?: Generator | undefined;
}

/** A data loader over this rank's shard: its iterator first takes rank 0's generator state, as accelerate's DataLoaderShard. */
export class ShardedDataLoader implements Iterable<Record<string, unknown>> {
  private readonly loader: DataLoader<Record<string, unknown>>;
  private readonly generator: Generator | undefined;
  readonly shard: BatchSamplerShard;
  constructor(
    readonly dataset: MapDataset,
    private readonly dist: TrainerDistributed,
    o: ShardedDataLoaderOptions,
  ) {
    this.generator = o.generator;
    this.shard = new BatchSamplerShard(new BatchSampler(o.sampler, o.batchSize, o.dropLast), dist.worldSize, dist.rank);
    this.loader = new DataLoader(dataset, { batchSampler: this.shard, ...(o.collateFn ? { collateFn: o.collateFn } : {}) });
  }
  get length(): number {
    return this.shard.length;
  }
  /** Rows that are real (not padding) in the gathered outputs of the last step: accelerate's `remainder`. */
  get remainder(): number {
    return this.dataset.length % (this.shard.batchSize * this.dist.worldSize);
  }
  [Symbol.iterator](): Iterator<Record<string, unknown>> {
    if (this.generator !== undefined) this.dist.syncGenerator(this.generator);
    return this.loader[Symbol.iterator]();
  }
}

export class TrainerDistributed {
  private constructor(
    readonly rank: number,
    readonly worldSize: number,
  ) {}

  /** null for one process; with WORLD_SIZE > 1 the default group (initialized here unless the script did it). */
  static setup(args: TrainingArguments): TrainerDistributed | null {
    if (args.worldSize <= 1) return null;
    if (!isInitialized()) initProcessGroup({ backend: args.ddpBackend ?? (args.device.type === 'cuda' ? 'nccl' : 'gloo') });
    return new TrainerDistributed(getRank(), getWorldSize());
  }

  get isMain(): boolean {
    return this.rank === 0;
  }

  /** The model as the training step sees it: forward through DDP (gradients averaged), everything else the model's. */
  wrap(model: TrainerModel): { wrapped: TrainerModel; ddp: DistributedDataParallel<TrainerModel> } {
    const ddp = new DistributedDataParallel(model);
    const forward = (inputs: Record<string, unknown>) => ddp.forward(inputs);
    const wrapped = new Proxy(model, {
      get(target, key) {
        if (key === 'forward') return forward;
        if (key === 'module') return target;
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return { wrapped, ddp };
  }

  syncGenerator(generator: Generator): void {
    const state = generator.getState();
    broadcast(state, { src: 0 });
    generator.setState(state);
    state.dispose();
  }

  /** The mean of a float32 value over the ranks, in float32 (transformers' `_nested_gather(tr_loss).mean()`). */
  meanOverRanks(value: number): number {
    const t = tensor([value], { dtype: 'float32' });
    allReduce(t, { op: 'sum' });
    const mean = Math.fround(t.item() / this.worldSize);
    t.dispose();
    return mean;
  }

  /** Every rank's rows of `t` in rank order; on the last step only the first `remainder` (accelerate's gather_for_metrics). */
  gatherForMetrics(t: Tensor, remainder: number | null): Tensor {
    const parts = Array.from({ length: this.worldSize }, () => zeros(t.shape, { dtype: t.dtype }));
    allGather(parts, t.contiguous());
    const all = cat(parts, 0);
    for (const p of parts) p.dispose();
    if (remainder === null || remainder <= 0) return all;
    const kept = all.narrow(0, 0, remainder).clone();
    all.dispose();
    return kept;
  }

  /** Every rank's JSON value, in rank order. */
  gatherObjects<T>(value: T): T[] {
    return allGatherObject<T>([], value);
  }

  /** Every rank's copy of each named tensor (same names and shapes on every rank), in rank order. */
  gatherTensors(named: Record<string, Tensor>): Array<Record<string, Tensor>> {
    const out: Array<Record<string, Tensor>> = Array.from({ length: this.worldSize }, () => ({}));
    for (const name of Object.keys(named).sort()) {
      const t = named[name]!;
      const parts = Array.from({ length: this.worldSize }, () => zeros(t.shape, { dtype: t.dtype }));
      allGather(parts, t);
      parts.forEach((p, r) => (out[r]![name] = p));
    }
    return out;
  }

  barrier(): void {
    barrier();
  }
}
