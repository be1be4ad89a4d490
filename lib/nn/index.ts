export * as functional from './functional.js';
export { Module, type LoadStateDictResult, type StateDict, type ToTarget } from './module.js';
export { Parameter } from './parameter.js';
export { RemovableHandle, type ForwardHook, type ForwardPreHook } from './hooks.js';
export { Sequential, ModuleList, ModuleDict, Identity, Flatten } from './containers.js';
export * as utils from './utils.js';
export * from './layers/index.js';
export { CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, SmoothL1Loss, BCEWithLogitsLoss, BCELoss } from './loss.js';
export * as init from './init.js';
