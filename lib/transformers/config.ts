// The configuration classes and AutoConfig in one import (transformers' `from transformers import AutoConfig, ...`).
// Importing the families registers them, so AutoConfig knows every model_type.
import './models/index.js';

export {
  CONFIG_NAME,
  HIDDEN_ACTIVATIONS,
  PretrainedConfig,
  TRANSFORMERS_COMPAT_VERSION,
  snakeCase,
  type ConfigDict,
  type ConfigHubOptions,
  type ConfigOverrides,
  type FromPretrainedResult,
  type ProblemType,
  type AttnImplementation,
} from './configuration_utils.js';
export { EncoderConfig, type PositionEmbeddingType } from './encoder-config.js';
export { AutoConfig } from './auto-config.js';
export { BertConfig } from './models/bert/configuration_bert.js';
export { RobertaConfig } from './models/roberta/configuration_roberta.js';
export { XLMRobertaConfig } from './models/xlm_roberta/configuration_xlm_roberta.js';
export { DistilBertConfig } from './models/distilbert/configuration_distilbert.js';
export { ElectraConfig } from './models/electra/configuration_electra.js';
export { DebertaV2Config } from './models/deberta_v2/configuration_deberta_v2.js';
