// The model families tstorch implements, each registered once: its model_type, config class and the model
// class of every Auto task it has. Adding a family = its folder under models/ + one entry here.
import { registerModelFamily } from '../registry.js';
import { BertConfig } from './bert/configuration_bert.js';
import {
  BertForMaskedLM,
  BertForQuestionAnswering,
  BertForSequenceClassification,
  BertForTokenClassification,
  BertModel,
} from './bert/modeling_bert.js';
import { DebertaV2Config } from './deberta_v2/configuration_deberta_v2.js';
import {
  DebertaV2ForMaskedLM,
  DebertaV2ForQuestionAnswering,
  DebertaV2ForSequenceClassification,
  DebertaV2ForTokenClassification,
  DebertaV2Model,
} from './deberta_v2/modeling_deberta_v2.js';
import { DistilBertConfig } from './distilbert/configuration_distilbert.js';
import {
  DistilBertForMaskedLM,
  DistilBertForQuestionAnswering,
  DistilBertForSequenceClassification,
  DistilBertForTokenClassification,
  DistilBertModel,
} from './distilbert/modeling_distilbert.js';
import { ElectraConfig } from './electra/configuration_electra.js';
import {
  ElectraForMaskedLM,
  ElectraForPreTraining,
  ElectraForQuestionAnswering,
  ElectraForSequenceClassification,
  ElectraForTokenClassification,
  ElectraModel,
} from './electra/modeling_electra.js';
import { RobertaConfig } from './roberta/configuration_roberta.js';
import {
  RobertaForMaskedLM,
  RobertaForQuestionAnswering,
  RobertaForSequenceClassification,
  RobertaForTokenClassification,
  RobertaModel,
} from './roberta/modeling_roberta.js';
import { XLMRobertaConfig } from './xlm_roberta/configuration_xlm_roberta.js';
import {
  XLMRobertaForMaskedLM,
  XLMRobertaForQuestionAnswering,
  XLMRobertaForSequenceClassification,
  XLMRobertaForTokenClassification,
  XLMRobertaModel,
} from './xlm_roberta/modeling_xlm_roberta.js';
import { ViTConfig } from './vit/configuration_vit.js';
import { ViTForImageClassification, ViTModel } from './vit/modeling_vit.js';
import { Wav2Vec2Config } from './wav2vec2/configuration_wav2vec2.js';
import { Wav2Vec2ForSequenceClassification, Wav2Vec2Model } from './wav2vec2/modeling_wav2vec2.js';

registerModelFamily({
  modelType: 'bert',
  configClass: BertConfig,
  models: {
    AutoModel: BertModel,
    AutoModelForSequenceClassification: BertForSequenceClassification,
    AutoModelForTokenClassification: BertForTokenClassification,
    AutoModelForMaskedLM: BertForMaskedLM,
    AutoModelForQuestionAnswering: BertForQuestionAnswering,
  },
});
registerModelFamily({
  modelType: 'roberta',
  configClass: RobertaConfig,
  models: {
    AutoModel: RobertaModel,
    AutoModelForSequenceClassification: RobertaForSequenceClassification,
    AutoModelForTokenClassification: RobertaForTokenClassification,
    AutoModelForMaskedLM: RobertaForMaskedLM,
    AutoModelForQuestionAnswering: RobertaForQuestionAnswering,
  },
});
registerModelFamily({
  modelType: 'xlm-roberta',
  configClass: XLMRobertaConfig,
  models: {
    AutoModel: XLMRobertaModel,
    AutoModelForSequenceClassification: XLMRobertaForSequenceClassification,
    AutoModelForTokenClassification: XLMRobertaForTokenClassification,
    AutoModelForMaskedLM: XLMRobertaForMaskedLM,
    AutoModelForQuestionAnswering: XLMRobertaForQuestionAnswering,
  },
});
registerModelFamily({
  modelType: 'distilbert',
  configClass: DistilBertConfig,
  models: {
    AutoModel: DistilBertModel,
    AutoModelForSequenceClassification: DistilBertForSequenceClassification,
    AutoModelForTokenClassification: DistilBertForTokenClassification,
    AutoModelForMaskedLM: DistilBertForMaskedLM,
    AutoModelForQuestionAnswering: DistilBertForQuestionAnswering,
  },
});
registerModelFamily({
  modelType: 'electra',
  configClass: ElectraConfig,
  models: {
    AutoModel: ElectraModel,
    AutoModelForPreTraining: ElectraForPreTraining,
    AutoModelForSequenceClassification: ElectraForSequenceClassification,
    AutoModelForTokenClassification: ElectraForTokenClassification,
    AutoModelForMaskedLM: ElectraForMaskedLM,
    AutoModelForQuestionAnswering: ElectraForQuestionAnswering,
  },
});
registerModelFamily({
  modelType: 'deberta-v2',
  configClass: DebertaV2Config,
  models: {
    AutoModel: DebertaV2Model,
    AutoModelForSequenceClassification: DebertaV2ForSequenceClassification,
    AutoModelForTokenClassification: DebertaV2ForTokenClassification,
    AutoModelForMaskedLM: DebertaV2ForMaskedLM,
    AutoModelForQuestionAnswering: DebertaV2ForQuestionAnswering,
  },
});
registerModelFamily({ modelType: 'vit', configClass: ViTConfig, models: { AutoModel: ViTModel, AutoModelForImageClassification: ViTForImageClassification } });
registerModelFamily({
  modelType: 'wav2vec2',
  configClass: Wav2Vec2Config,
  models: { AutoModel: Wav2Vec2Model, AutoModelForAudioClassification: Wav2Vec2ForSequenceClassification },
});
