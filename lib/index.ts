// `tstorch`: tensors, autograd, devices and memory over libtorch.
export { Tensor, type Scalar, type TensorOrScalar, type Dims, type ReduceOptions, type NestedArray } from './tensor.js';
export * from './dtype.js';
export { Device, device, cuda, availableDevices, type DeviceLike } from './device.js';
export * from './creation.js';
export * from './ops.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd.js';
export { tidy, keep, dispose, memory, type MemoryInfo } from './memory.js';
export { cpuAllocatorStats, emptyCpuCache, type CpuAllocatorStats } from './cpu-allocator.js';
export { manualSeed, initialSeed, getRngState, setRngState, setNumThreads, getNumThreads, buildInfo, type BuildInfo } from './runtime.js';
export { Generator } from './generator.js';
export * as nn from './nn/index.js';
export { save, load } from './serialization/torch-save.js';
export * as utils from './utils/index.js';
export * as optim from './optim/index.js';
export * as amp from './amp/index.js';
export { autocast } from './amp/autocast.js';
export * as distributed from './distributed/index.js';
