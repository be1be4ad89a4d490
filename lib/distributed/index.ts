// `torch.distributed`: process groups over c10d (Gloo, NCCL), collectives, and object collectives.
export { initProcessGroup, isInitialized, getRank, getWorldSize, getBackend, destroyProcessGroup, isAvailable, isGlooAvailable, isNcclAvailable, type Backend, type InitProcessGroupOptions } from './process-group.js';
export { allReduce, broadcast, allGather, reduceScatter, barrier, ReduceOp } from './collectives.js';
export { allGatherObject, broadcastObjectList } from './objects.js';
export { Work } from './work.js';
export { launchEnv, type LaunchEnv } from './env.js';
