// DistilBertConfig: transformers 4.31's own attribute names (dim, n_layers, n_heads...) and its attribute_map.
import { PretrainedConfig, type ConfigDefaults, type ConfigOverrides, type RawConstruction } from '../../configuration_utils.js';

const DISTILBERT_DEFAULTS: ConfigDefaults = [
  ['vocab_size', 30522],
  ['max_position_embeddings', 512],
  ['sinusoidal_pos_embds', false],
  ['n_layers', 6],
  ['n_heads', 12],
  ['dim', 768],
  ['hidden_dim', 4 * 768],
  ['dropout', 0.1],
  ['attention_dropout', 0.1],
  ['activation', 'gelu'],
  ['initializer_range', 0.02],
  ['qa_dropout', 0.1],
  ['seq_classif_dropout', 0.2],
  ['pad_token_id', 0],
];
const FLOATS = ['dropout', 'attention_dropout', 'initializer_range', 'qa_dropout', 'seq_classif_dropout'];

export class DistilBertConfig extends PretrainedConfig {
  static override modelType = 'distilbert';
  static override readonly ownDefaults: ConfigDefaults = DISTILBERT_DEFAULTS;
  static override readonly floatKeys: ReadonlySet<string> = new Set(FLOATS);
  static override readonly attributeMap: Readonly<Record<string, string>> = { hidden_size: 'dim', num_attention_heads: 'n_heads', num_hidden_layers: 'n_layers' };

  constructor(kwargs: ConfigOverrides = {}, internal?: RawConstruction) {
    super(kwargs, internal);
    this.validate();
  }

  override validate(): void {
    super.validate();
    for (const key of ['vocab_size', 'max_position_embeddings', 'n_layers', 'n_heads', 'dim', 'hidden_dim']) {
      const v = this.attrs.get(key);
      if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new RangeError(this.where(`${key} must be a positive integer, got ${JSON.stringify(v)}`));
    }
    if (this.dim % this.nHeads !== 0) throw new RangeError(this.where(`dim (${this.dim}) is not a multiple of n_heads (${this.nHeads})`));
    for (const key of FLOATS.filter((k) => k !== 'initializer_range')) {
      const v = this.attrs.get(key);
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(this.where(`${key} must be a probability in [0, 1], got ${JSON.stringify(v)}`));
    }
    const act = this.attrs.get('activation');
    if (act !== 'gelu' && act !== 'relu') throw new TypeError(this.where(`activation must be "gelu" or "relu", got ${JSON.stringify(act)}`));
  }

  get vocabSize(): number {
    return this.num('vocab_size');
  }
  get maxPositionEmbeddings(): number {
    return this.num('max_position_embeddings');
  }
  get sinusoidalPosEmbds(): boolean {
    return this.attrs.get('sinusoidal_pos_embds') as boolean;
  }
  get nLayers(): number {
    return this.num('n_layers');
  }
  get nHeads(): number {
    return this.num('n_heads');
  }
  get dim(): number {
    return this.num('dim');
  }
  get hiddenDim(): number {
    return this.num('hidden_dim');
  }
  get dropout(): number {
    return this.num('dropout');
  }
  get attentionDropout(): number {
    return this.num('attention_dropout');
  }
  get activation(): 'gelu' | 'relu' {
    return this.attrs.get('activation') as 'gelu' | 'relu';
  }
  get initializerRange(): number {
    return this.num('initializer_range');
  }
  get qaDropout(): number {
    return this.num('qa_dropout');
  }
  get seqClassifDropout(): number {
    return this.num('seq_classif_dropout');
  }
  /** attribute_map names, as in Python (`config.num_hidden_layers` is `n_layers`). */
  get numHiddenLayers(): number {
    return this.nLayers;
  }
  get numAttentionHeads(): number {
    return this.nHeads;
  }
}
