// `tstorch/transformers`: configs, tokenizers, models, schedulers and the Trainer, as Hugging Face transformers.
export { AutoConfig, BertConfig, PretrainedConfig } from './config.js';
export * from './schedulers/index.js';
export { DataCollatorWithPadding, type DataCollatorWithPaddingOptions, type PaddingTokenizer } from './data-collator.js';
export * from './tokenizer/index.js';
export { TrainingArguments, type TrainingArgumentsOptions, type IntervalStrategy, type ReportTarget } from './training-args.js';
export * from './trainer/index.js';
