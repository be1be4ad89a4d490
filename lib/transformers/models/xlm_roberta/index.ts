export { XLMRobertaConfig } from './configuration_xlm_roberta.js';
export {
  XLMRobertaModel,
  XLMRobertaForSequenceClassification,
  XLMRobertaForTokenClassification,
  XLMRobertaForMaskedLM,
  XLMRobertaForQuestionAnswering,
} from './modeling_xlm_roberta.js';
