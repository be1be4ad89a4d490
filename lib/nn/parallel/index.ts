// torch.nn.parallel
export { DistributedDataParallel, type DistributedDataParallelOptions, type DataParallelModule } from './distributed.js';
