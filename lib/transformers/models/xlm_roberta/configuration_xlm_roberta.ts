// XLMRobertaConfig: RoBERTa's configuration under its own model_type, as in transformers.
import { RobertaConfig } from '../roberta/configuration_roberta.js';

export class XLMRobertaConfig extends RobertaConfig {
  static override modelType = 'xlm-roberta';
}
