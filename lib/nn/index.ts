export * as functional from './functional.js';
export { Module, type LoadStateDictResult } from './module.js';
export * as utils from './utils.js';
export * as parallel from './parallel/index.js';
