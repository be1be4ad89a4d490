// torch.distributed over c10d: the default process group, its collectives, and object collectives.
export {
  availableBackends,
  destroyProcessGroup,
  getBackend,
  getRank,
  getWorldSize,
  initProcessGroup,
  isAvailable,
  isInitialized,
  type Backend,
  type InitProcessGroupOptions,
} from './process-group.js';
export { allGather, allReduce, barrier, broadcast, reduceScatter, ReduceOp, Work } from './collectives.js';
export { allGatherObject, broadcastObjectList } from './objects.js';
