// `tstorch/transformers`: configs, tokenizers, models, schedulers and the Trainer, as Hugging Face transformers.
export {
  AutoConfig,
  BertConfig,
  DebertaV2Config,
  DistilBertConfig,
  ElectraConfig,
  PretrainedConfig,
  RobertaConfig,
  XLMRobertaConfig,
  type AttnImplementation,
} from './config.js';
export { defaultAttnImplementation } from './attention.js';
export { registerModelFamily, type ModelFamily, type AutoTask } from './registry.js';
export * from './schedulers/index.js';
export {
  PreTrainedModel,
  type FromPretrainedOptions,
  type ModelInitOptions,
  type PreTrainedModelClass,
} from './modeling_utils.js';
export * from './models/bert/index.js';
export * from './models/roberta/index.js';
export * from './models/xlm_roberta/index.js';
export * from './models/electra/index.js';
export * from './models/distilbert/index.js';
export * from './models/deberta_v2/index.js';
export {
  AutoModel,
  AutoModelForPreTraining,
  AutoModelForSequenceClassification,
  AutoModelForTokenClassification,
  AutoModelForMaskedLM,
  AutoModelForQuestionAnswering,
  AutoModelForImageClassification,
  AutoModelForAudioClassification,
} from './auto.js';
export type {
  BaseModelOutputWithPooling,
  SequenceClassifierOutput,
  TokenClassifierOutput,
  MaskedLMOutput,
  QuestionAnsweringModelOutput,
} from './modeling_outputs.js';
export * as logging from './logging.js';
export { DataCollatorWithPadding, type DataCollatorWithPaddingOptions, type PaddingTokenizer } from './data-collator.js';
export * from './tokenizer/index.js';
export { TrainingArguments, type TrainingArgumentsOptions, type IntervalStrategy, type ReportTarget, type DdpBackend } from './training-args.js';
export * from './trainer/index.js';
export * from './image-utils/index.js';
export * from './image_processing/index.js';
export * from './audio-utils/index.js';
export * from './feature_extraction/index.js';
export * from './models/vit/index.js';
export * from './models/wav2vec2/index.js';
export * from './processing/index.js';
