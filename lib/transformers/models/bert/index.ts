export {
  BertPreTrainedModel,
  BertModel,
  BertForSequenceClassification,
  BertForTokenClassification,
  BertForMaskedLM,
  BertForQuestionAnswering,
  type BertModelOptions,
} from './modeling_bert.js';
export type { BertForwardInputs, BertLabelInputs, BertQuestionAnsweringInputs } from './forward-inputs.js';
