export { RobertaConfig } from './configuration_roberta.js';
export {
  RobertaPreTrainedModel,
  RobertaModel,
  RobertaForSequenceClassification,
  RobertaForTokenClassification,
  RobertaForMaskedLM,
  RobertaForQuestionAnswering,
} from './modeling_roberta.js';
