export { DistilBertConfig } from './configuration_distilbert.js';
export {
  DistilBertPreTrainedModel,
  DistilBertModel,
  DistilBertForSequenceClassification,
  DistilBertForTokenClassification,
  DistilBertForMaskedLM,
  DistilBertForQuestionAnswering,
} from './modeling_distilbert.js';
