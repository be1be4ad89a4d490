export { ElectraConfig } from './configuration_electra.js';
export {
  ElectraPreTrainedModel,
  ElectraModel,
  ElectraForPreTraining,
  ElectraForSequenceClassification,
  ElectraForTokenClassification,
  ElectraForMaskedLM,
  ElectraForQuestionAnswering,
  type ElectraForPreTrainingOutput,
} from './modeling_electra.js';
