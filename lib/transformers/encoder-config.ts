// The attributes BERT-shaped encoders share (BERT, RoBERTa, XLM-R, ELECTRA, DeBERTa-v2): typed accessors and the
// checks transformers' models rely on. Each family's config class lists its own defaults (`ownDefaults`).
import { HIDDEN_ACTIVATIONS, PretrainedConfig, type ConfigOverrides, type RawConstruction } from './configuration_utils.js';

export type PositionEmbeddingType = 'absolute' | 'relative_key' | 'relative_key_query';
const POSITION_EMBEDDING_TYPES: readonly PositionEmbeddingType[] = ['absolute', 'relative_key', 'relative_key_query'];

const ENCODER_FLOATS = ['hidden_dropout_prob', 'attention_probs_dropout_prob', 'initializer_range', 'layer_norm_eps', 'classifier_dropout'];

export abstract class EncoderConfig extends PretrainedConfig {
  static override readonly floatKeys: ReadonlySet<string> = new Set(ENCODER_FLOATS);
  /** Attributes that must be positive integers. */
  static readonly positiveKeys: readonly string[] = [
    'vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'max_position_embeddings', 'type_vocab_size',
  ];

  constructor(kwargs: ConfigOverrides = {}, internal?: RawConstruction) {
    super(kwargs, internal);
    this.validate();
  }

  override validate(): void {
    super.validate();
    const cls = this.constructor as typeof EncoderConfig;
    for (const key of cls.positiveKeys) {
      const v = this.attrs.get(key);
      if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new RangeError(this.where(`${key} must be a positive integer, got ${JSON.stringify(v)}`));
    }
    const hidden = this.num('hidden_size');
    const heads = this.num('num_attention_heads');
    if (hidden % heads !== 0 && !this.attrs.has('embedding_size')) {
      throw new RangeError(this.where(`the hidden size (${hidden}) is not a multiple of the number of attention heads (${heads})`));
    }
    for (const key of ['hidden_dropout_prob', 'attention_probs_dropout_prob', 'classifier_dropout']) {
      const v = this.attrs.get(key);
      if (v === null || (v === undefined && key === 'classifier_dropout')) continue;
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(this.where(`${key} must be a probability in [0, 1], got ${JSON.stringify(v)}`));
    }
    const eps = this.attrs.get('layer_norm_eps');
    if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) throw new RangeError(this.where(`layer_norm_eps must be a positive number, got ${JSON.stringify(eps)}`));
    const range = this.attrs.get('initializer_range');
    if (typeof range !== 'number' || !(range >= 0) || !Number.isFinite(range)) throw new RangeError(this.where(`initializer_range must be a non-negative number, got ${JSON.stringify(range)}`));
    const act = this.attrs.get('hidden_act');
    if (typeof act !== 'string' || !(HIDDEN_ACTIVATIONS as readonly string[]).includes(act)) {
      throw new TypeError(this.where(`hidden_act ${JSON.stringify(act)} is not one of ${HIDDEN_ACTIVATIONS.join(', ')}`));
    }
    const pet = this.attrs.get('position_embedding_type');
    if (pet !== undefined && !POSITION_EMBEDDING_TYPES.includes(pet as PositionEmbeddingType)) {
      throw new TypeError(this.where(`position_embedding_type ${JSON.stringify(pet)} is not one of ${POSITION_EMBEDDING_TYPES.join(', ')}`));
    }
    const pad = this.attrs.get('pad_token_id');
    if (pad !== null && ((pad as number) < 0 || (pad as number) >= this.num('vocab_size'))) {
      throw new RangeError(this.where(`pad_token_id ${String(pad)} is outside the vocabulary (vocab_size ${this.num('vocab_size')})`));
    }
  }

  get vocabSize(): number {
    return this.num('vocab_size');
  }
  set vocabSize(v: number) {
    this.setAttr('vocab_size', v);
  }
  get numHiddenLayers(): number {
    return this.num('num_hidden_layers');
  }
  set numHiddenLayers(v: number) {
    this.setAttr('num_hidden_layers', v);
  }
  get numAttentionHeads(): number {
    return this.num('num_attention_heads');
  }
  set numAttentionHeads(v: number) {
    this.setAttr('num_attention_heads', v);
  }
  get intermediateSize(): number {
    return this.num('intermediate_size');
  }
  set intermediateSize(v: number) {
    this.setAttr('intermediate_size', v);
  }
  get hiddenAct(): string {
    return this.attrs.get('hidden_act') as string;
  }
  set hiddenAct(v: string) {
    this.setAttr('hidden_act', v);
  }
  get hiddenDropoutProb(): number {
    return this.num('hidden_dropout_prob');
  }
  set hiddenDropoutProb(v: number) {
    this.setAttr('hidden_dropout_prob', v);
  }
  get attentionProbsDropoutProb(): number {
    return this.num('attention_probs_dropout_prob');
  }
  set attentionProbsDropoutProb(v: number) {
    this.setAttr('attention_probs_dropout_prob', v);
  }
  get maxPositionEmbeddings(): number {
    return this.num('max_position_embeddings');
  }
  set maxPositionEmbeddings(v: number) {
    this.setAttr('max_position_embeddings', v);
  }
  get typeVocabSize(): number {
    return this.num('type_vocab_size');
  }
  set typeVocabSize(v: number) {
    this.setAttr('type_vocab_size', v);
  }
  get initializerRange(): number {
    return this.num('initializer_range');
  }
  set initializerRange(v: number) {
    this.setAttr('initializer_range', v);
  }
  get layerNormEps(): number {
    return this.num('layer_norm_eps');
  }
  set layerNormEps(v: number) {
    this.setAttr('layer_norm_eps', v);
  }
  get positionEmbeddingType(): PositionEmbeddingType {
    return this.attrs.get('position_embedding_type') as PositionEmbeddingType;
  }
  set positionEmbeddingType(v: PositionEmbeddingType) {
    this.setAttr('position_embedding_type', v);
  }
  get useCache(): boolean {
    return this.attrs.get('use_cache') as boolean;
  }
  set useCache(v: boolean) {
    this.setAttr('use_cache', v);
  }
  get classifierDropout(): number | null {
    return this.attrs.get('classifier_dropout') as number | null;
  }
  set classifierDropout(v: number | null) {
    this.setAttr('classifier_dropout', v);
  }
}

