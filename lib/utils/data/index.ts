// `tstorch/utils/data`: DataLoader, samplers and collation.
export { DataLoader, type DataLoaderOptions, type MapDataset } from './dataloader.js';
export { BatchSampler, RandomSampler, SequentialSampler, type RandomSamplerOptions, type Sampler, type SizedSource } from './sampler.js';
export { DistributedSampler, type DistributedSamplerOptions } from './distributed-sampler.js';
export { defaultCollate, collatePacked, type CollateFn, type Row, type PackedColumn } from './collate.js';
export { makeBatch, type Batch, type BatchMethods } from './batch.js';
export { Generator } from '../../generator.js';
