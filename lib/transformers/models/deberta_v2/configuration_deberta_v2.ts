// DebertaV2Config: transformers 4.31's defaults; `share_att_key`, `position_buckets`, `norm_rel_ebd` and
// `pooler_hidden_size` are free attributes there too (read with defaults by the model).
import type { ConfigDefaults, ConfigDict } from '../../configuration_utils.js';
import { EncoderConfig } from '../../encoder-config.js';

const DEBERTA_V2_DEFAULTS: ConfigDefaults = [
  ['vocab_size', 128100],
  ['hidden_size', 1536],
  ['num_hidden_layers', 24],
  ['num_attention_heads', 24],
  ['intermediate_size', 6144],
  ['hidden_act', 'gelu'],
  ['hidden_dropout_prob', 0.1],
  ['attention_probs_dropout_prob', 0.1],
  ['max_position_embeddings', 512],
  ['type_vocab_size', 0],
  ['initializer_range', 0.02],
  ['layer_norm_eps', 1e-7],
  ['relative_attention', false],
  ['max_relative_positions', -1],
  ['pad_token_id', 0],
  ['position_biased_input', true],
  ['pos_att_type', null],
  ['pooler_dropout', 0],
  ['pooler_hidden_act', 'gelu'],
];

export type PosAttType = 'c2p' | 'p2c';

export class DebertaV2Config extends EncoderConfig {
  static override modelType = 'deberta-v2';
  static override readonly ownDefaults: ConfigDefaults = DEBERTA_V2_DEFAULTS;
  static override readonly positiveKeys: readonly string[] = EncoderConfig.positiveKeys.filter((k) => k !== 'type_vocab_size');

  protected override init(kwargs: ConfigDict): void {
    super.init(kwargs);
    // backwards compatibility, as in Python: "p2c|c2p" → ['p2c', 'c2p']
    const pat = this.attrs.get('pos_att_type');
    if (typeof pat === 'string') this.attrs.set('pos_att_type', pat.toLowerCase().split('|').map((x) => x.trim()));
    if (!this.attrs.has('pooler_hidden_size')) this.attrs.set('pooler_hidden_size', this.attrs.get('hidden_size'));
  }

  get relativeAttention(): boolean {
    return this.attrs.get('relative_attention') as boolean;
  }
  get maxRelativePositions(): number {
    return this.num('max_relative_positions');
  }
  get positionBiasedInput(): boolean {
    return this.attrs.get('position_biased_input') as boolean;
  }
  get posAttType(): PosAttType[] {
    return (this.attrs.get('pos_att_type') as PosAttType[] | null) ?? [];
  }
  get positionBuckets(): number {
    return (this.attrs.get('position_buckets') as number | undefined) ?? -1;
  }
  get shareAttKey(): boolean {
    return (this.attrs.get('share_att_key') as boolean | undefined) ?? false;
  }
  /** `norm_rel_ebd` names are `|`-separated (`layer_norm`); default none. */
  get normRelEbd(): string[] {
    const v = (this.attrs.get('norm_rel_ebd') as string | undefined) ?? 'none';
    return v.toLowerCase().split('|').map((x) => x.trim());
  }
  get poolerHiddenSize(): number {
    return this.num('pooler_hidden_size');
  }
  get poolerDropout(): number {
    return this.num('pooler_dropout');
  }
  get poolerHiddenAct(): string {
    return this.attrs.get('pooler_hidden_act') as string;
  }
  get convKernelSize(): number {
    return (this.attrs.get('conv_kernel_size') as number | undefined) ?? 0;
  }
}
