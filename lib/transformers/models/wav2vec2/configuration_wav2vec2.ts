// Wav2Vec2Config: transformers 4.31's attributes and defaults (the ones the encoder and the classification head
// read; the CTC, quantizer, adapter and x-vector attributes are kept as given).
import { HIDDEN_ACTIVATIONS, PretrainedConfig, type ConfigDefaults, type ConfigOverrides, type RawConstruction } from '../../configuration_utils.js';

const WAV2VEC2_DEFAULTS: ConfigDefaults = [
  ['vocab_size', 32],
  ['hidden_size', 768],
  ['num_hidden_layers', 12],
  ['num_attention_heads', 12],
  ['intermediate_size', 3072],
  ['hidden_act', 'gelu'],
  ['hidden_dropout', 0.1],
  ['activation_dropout', 0.1],
  ['attention_dropout', 0.1],
  ['feat_proj_dropout', 0.0],
  ['feat_quantizer_dropout', 0.0],
  ['final_dropout', 0.1],
  ['layerdrop', 0.1],
  ['initializer_range', 0.02],
  ['layer_norm_eps', 1e-5],
  ['feat_extract_norm', 'group'],
  ['feat_extract_activation', 'gelu'],
  ['conv_dim', [512, 512, 512, 512, 512, 512, 512]],
  ['conv_stride', [5, 2, 2, 2, 2, 2, 2]],
  ['conv_kernel', [10, 3, 3, 3, 3, 2, 2]],
  ['conv_bias', false],
  ['num_conv_pos_embeddings', 128],
  ['num_conv_pos_embedding_groups', 16],
  ['do_stable_layer_norm', false],
  ['apply_spec_augment', true],
  ['mask_time_prob', 0.05],
  ['mask_time_length', 10],
  ['mask_time_min_masks', 2],
  ['mask_feature_prob', 0.0],
  ['mask_feature_length', 10],
  ['mask_feature_min_masks', 0],
  ['use_weighted_layer_sum', false],
  ['classifier_proj_size', 256],
  ['add_adapter', false],
  ['pad_token_id', 0],
  ['bos_token_id', 1],
  ['eos_token_id', 2],
];
const FLOATS = [
  'hidden_dropout', 'activation_dropout', 'attention_dropout', 'feat_proj_dropout', 'feat_quantizer_dropout', 'final_dropout',
  'layerdrop', 'initializer_range', 'layer_norm_eps', 'mask_time_prob', 'mask_feature_prob',
];

export class Wav2Vec2Config extends PretrainedConfig {
  static override modelType = 'wav2vec2';
  static override readonly ownDefaults: ConfigDefaults = WAV2VEC2_DEFAULTS;
  static override readonly floatKeys: ReadonlySet<string> = new Set(FLOATS);

  constructor(kwargs: ConfigOverrides = {}, internal?: RawConstruction) {
    super(kwargs, internal);
    this.validate();
  }

  override validate(): void {
    super.validate();
    for (const key of ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'num_conv_pos_embeddings', 'num_conv_pos_embedding_groups', 'classifier_proj_size']) {
      const v = this.attrs.get(key);
      if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new RangeError(this.where(`${key} must be a positive integer, got ${JSON.stringify(v)}`));
    }
    const n = this.convDim.length;
    if (this.convStride.length !== n || this.convKernel.length !== n) {
      throw new RangeError(
        this.where(`conv_dim, conv_stride and conv_kernel must have the same length, got ${n}, ${this.convStride.length}, ${this.convKernel.length}`),
      );
    }
    if (this.featExtractNorm !== 'group' && this.featExtractNorm !== 'layer') {
      throw new TypeError(this.where(`feat_extract_norm must be "group" or "layer", got ${JSON.stringify(this.featExtractNorm)}`));
    }
    for (const key of ['hidden_act', 'feat_extract_activation']) {
      const act = this.attrs.get(key);
      if (typeof act !== 'string' || !(HIDDEN_ACTIVATIONS as readonly string[]).includes(act)) {
        throw new TypeError(this.where(`${key} ${JSON.stringify(act)} is not one of ${HIDDEN_ACTIVATIONS.join(', ')}`));
      }
    }
    if (this.attrs.get('add_adapter') === true) throw new RangeError(this.where('add_adapter is not supported by tstorch\'s Wav2Vec2'));
  }

  get numHiddenLayers(): number {
    return this.num('num_hidden_layers');
  }
  get numAttentionHeads(): number {
    return this.num('num_attention_heads');
  }
  get intermediateSize(): number {
    return this.num('intermediate_size');
  }
  get hiddenAct(): string {
    return this.attrs.get('hidden_act') as string;
  }
  get featExtractActivation(): string {
    return this.attrs.get('feat_extract_activation') as string;
  }
  get hiddenDropout(): number {
    return this.num('hidden_dropout');
  }
  get activationDropout(): number {
    return this.num('activation_dropout');
  }
  get attentionDropout(): number {
    return this.num('attention_dropout');
  }
  get featProjDropout(): number {
    return this.num('feat_proj_dropout');
  }
  get finalDropout(): number {
    return this.num('final_dropout');
  }
  get layerdrop(): number {
    return this.num('layerdrop');
  }
  get initializerRange(): number {
    return this.num('initializer_range');
  }
  get layerNormEps(): number {
    return this.num('layer_norm_eps');
  }
  get featExtractNorm(): 'group' | 'layer' {
    return this.attrs.get('feat_extract_norm') as 'group' | 'layer';
  }
  get convDim(): number[] {
    return this.attrs.get('conv_dim') as number[];
  }
  get convStride(): number[] {
    return this.attrs.get('conv_stride') as number[];
  }
  get convKernel(): number[] {
    return this.attrs.get('conv_kernel') as number[];
  }
  get convBias(): boolean {
    return this.attrs.get('conv_bias') as boolean;
  }
  get numConvPosEmbeddings(): number {
    return this.num('num_conv_pos_embeddings');
  }
  get numConvPosEmbeddingGroups(): number {
    return this.num('num_conv_pos_embedding_groups');
  }
  get doStableLayerNorm(): boolean {
    return this.attrs.get('do_stable_layer_norm') as boolean;
  }
  get applySpecAugment(): boolean {
    return this.attrs.get('apply_spec_augment') as boolean;
  }
  get maskTimeProb(): number {
    return this.num('mask_time_prob');
  }
  get maskFeatureProb(): number {
    return this.num('mask_feature_prob');
  }
  get useWeightedLayerSum(): boolean {
    return this.attrs.get('use_weighted_layer_sum') as boolean;
  }
  get classifierProjSize(): number {
    return this.num('classifier_proj_size');
  }
}
