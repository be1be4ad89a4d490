// XLM-RoBERTa: RoBERTa's architecture under its own class names and config class, as in transformers (whose
// XLMRoberta* modules are copies of RoBERTa's). The parameter prefix stays `roberta`.
import {
  RobertaForMaskedLM,
  RobertaForQuestionAnswering,
  RobertaForSequenceClassification,
  RobertaForTokenClassification,
  RobertaModel,
} from '../roberta/modeling_roberta.js';
import { XLMRobertaConfig } from './configuration_xlm_roberta.js';

export class XLMRobertaModel extends RobertaModel {
  static override readonly className: string = 'XLMRobertaModel';
  static override readonly configClass: typeof XLMRobertaConfig = XLMRobertaConfig;
}
export class XLMRobertaForSequenceClassification extends RobertaForSequenceClassification {
  static override readonly className: string = 'XLMRobertaForSequenceClassification';
  static override readonly configClass: typeof XLMRobertaConfig = XLMRobertaConfig;
}
export class XLMRobertaForTokenClassification extends RobertaForTokenClassification {
  static override readonly className: string = 'XLMRobertaForTokenClassification';
  static override readonly configClass: typeof XLMRobertaConfig = XLMRobertaConfig;
}
export class XLMRobertaForMaskedLM extends RobertaForMaskedLM {
  static override readonly className: string = 'XLMRobertaForMaskedLM';
  static override readonly configClass: typeof XLMRobertaConfig = XLMRobertaConfig;
}
export class XLMRobertaForQuestionAnswering extends RobertaForQuestionAnswering {
  static override readonly className: string = 'XLMRobertaForQuestionAnswering';
  static override readonly configClass: typeof XLMRobertaConfig = XLMRobertaConfig;
}
