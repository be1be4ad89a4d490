// `tstorch/transformers`: configs, tokenizers, models, schedulers and the Trainer, as Hugging Face transformers.
export { AutoConfig, BertConfig, PretrainedConfig } from './config.js';
export * from './schedulers/index.js';
