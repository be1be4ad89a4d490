// ElectraConfig: transformers 4.31's defaults; `embedding_size` may differ from `hidden_size`.
import type { ConfigDefaults } from '../../configuration_utils.js';
import { EncoderConfig } from '../../encoder-config.js';

const ELECTRA_DEFAULTS: ConfigDefaults = [
  ['vocab_size', 30522],
  ['embedding_size', 128],
  ['hidden_size', 256],
  ['num_hidden_layers', 12],
  ['num_attention_heads', 4],
  ['intermediate_size', 1024],
  ['hidden_act', 'gelu'],
  ['hidden_dropout_prob', 0.1],
  ['attention_probs_dropout_prob', 0.1],
  ['max_position_embeddings', 512],
  ['type_vocab_size', 2],
  ['initializer_range', 0.02],
  ['layer_norm_eps', 1e-12],
  ['summary_type', 'first'],
  ['summary_use_proj', true],
  ['summary_activation', 'gelu'],
  ['summary_last_dropout', 0.1],
  ['pad_token_id', 0],
  ['position_embedding_type', 'absolute'],
  ['use_cache', true],
  ['classifier_dropout', null],
];

export class ElectraConfig extends EncoderConfig {
  static override modelType = 'electra';
  static override readonly ownDefaults: ConfigDefaults = ELECTRA_DEFAULTS;
  static override readonly floatKeys: ReadonlySet<string> = new Set([...EncoderConfig.floatKeys, 'summary_last_dropout']);
  static override readonly positiveKeys: readonly string[] = [...EncoderConfig.positiveKeys, 'embedding_size'];

  get embeddingSize(): number {
    return this.num('embedding_size');
  }
  set embeddingSize(v: number) {
    this.setAttr('embedding_size', v);
  }
  get summaryLastDropout(): number {
    return this.num('summary_last_dropout');
  }
}
