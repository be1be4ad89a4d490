// `tstorch/utils`: helpers for training scripts.
export { ProgressBar, type ProgressBarOptions, type ProgressStream } from './progress.js';
export * as checkpoint from './checkpoint.js';
