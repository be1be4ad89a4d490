export { DebertaV2Config } from './configuration_deberta_v2.js';
export {
  DebertaV2PreTrainedModel,
  DebertaV2Model,
  DebertaV2ForSequenceClassification,
  DebertaV2ForTokenClassification,
  DebertaV2ForMaskedLM,
  DebertaV2ForQuestionAnswering,
} from './modeling_deberta_v2.js';
