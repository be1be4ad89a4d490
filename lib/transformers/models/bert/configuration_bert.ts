// BertConfig: transformers 4.31's defaults.
import type { ConfigDefaults } from '../../configuration_utils.js';
import { EncoderConfig } from '../../encoder-config.js';

/** `BertConfig.__init__` defaults (4.31), in its order. */
export const BERT_DEFAULTS: ConfigDefaults = [
  ['vocab_size', 30522],
  ['hidden_size', 768],
  ['num_hidden_layers', 12],
  ['num_attention_heads', 12],
  ['intermediate_size', 3072],
  ['hidden_act', 'gelu'],
  ['hidden_dropout_prob', 0.1],
  ['attention_probs_dropout_prob', 0.1],
  ['max_position_embeddings', 512],
  ['type_vocab_size', 2],
  ['initializer_range', 0.02],
  ['layer_norm_eps', 1e-12],
  ['pad_token_id', 0],
  ['position_embedding_type', 'absolute'],
  ['use_cache', true],
  ['classifier_dropout', null],
];

export class BertConfig extends EncoderConfig {
  static override modelType = 'bert';
  static override readonly ownDefaults: ConfigDefaults = BERT_DEFAULTS;
}
