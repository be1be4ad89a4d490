export * as functional from './functional.js';
export { Module, type LoadStateDictResult, type StateDict, type ToTarget } from './module.js';
export { Parameter } from './parameter.js';
export { RemovableHandle, type ForwardHook, type ForwardPreHook } from './hooks.js';
export { Sequential, ModuleList, ModuleDict, Identity, Flatten } from './containers.js';
export * as utils from './utils.js';
