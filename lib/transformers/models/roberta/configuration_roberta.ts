// RobertaConfig: BERT's parameters and defaults, with RoBERTa's special-token ids (transformers 4.31).
import type { ConfigDefaults } from '../../configuration_utils.js';
import { EncoderConfig } from '../../encoder-config.js';
import { BERT_DEFAULTS } from '../bert/configuration_bert.js';

const ROBERTA_DEFAULTS: ConfigDefaults = [...BERT_DEFAULTS.filter(([k]) => k !== 'pad_token_id'), ['pad_token_id', 1], ['bos_token_id', 0], ['eos_token_id', 2]];

export class RobertaConfig extends EncoderConfig {
  static override modelType = 'roberta';
  static override readonly ownDefaults: ConfigDefaults = ROBERTA_DEFAULTS;
}
