export * as functional from './functional.js';
export * as utils from './utils.js';
