export { Optimizer, ParamGroup, type OptimizerStateDict, type GroupOptions, type ParamsOrGroups } from './optimizer.js';
export { AdamW, Adam, type AdamOptions } from './adam.js';
export { SGD, type SGDOptions } from './sgd.js';
