// ViTConfig: transformers 4.31's attributes and defaults for ViT.
import { HIDDEN_ACTIVATIONS, PretrainedConfig, type ConfigDefaults, type ConfigOverrides, type RawConstruction } from '../../configuration_utils.js';

const VIT_DEFAULTS: ConfigDefaults = [
  ['hidden_size', 768],
  ['num_hidden_layers', 12],
  ['num_attention_heads', 12],
  ['intermediate_size', 3072],
  ['hidden_act', 'gelu'],
  ['hidden_dropout_prob', 0.0],
  ['attention_probs_dropout_prob', 0.0],
  ['initializer_range', 0.02],
  ['layer_norm_eps', 1e-12],
  ['image_size', 224],
  ['patch_size', 16],
  ['num_channels', 3],
  ['qkv_bias', true],
  ['encoder_stride', 16],
];
const FLOATS = ['hidden_dropout_prob', 'attention_probs_dropout_prob', 'initializer_range', 'layer_norm_eps'];

export class ViTConfig extends PretrainedConfig {
  static override modelType = 'vit';
  static override readonly ownDefaults: ConfigDefaults = VIT_DEFAULTS;
  static override readonly floatKeys: ReadonlySet<string> = new Set(FLOATS);

  constructor(kwargs: ConfigOverrides = {}, internal?: RawConstruction) {
    super(kwargs, internal);
    this.validate();
  }

  override validate(): void {
    super.validate();
    for (const key of ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'image_size', 'patch_size', 'num_channels']) {
      const v = this.attrs.get(key);
      if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new RangeError(this.where(`${key} must be a positive integer, got ${JSON.stringify(v)}`));
    }
    if (this.hiddenSize % this.numAttentionHeads !== 0) {
      throw new RangeError(this.where(`the hidden size (${this.hiddenSize}) is not a multiple of the number of attention heads (${this.numAttentionHeads})`));
    }
    for (const key of ['hidden_dropout_prob', 'attention_probs_dropout_prob']) {
      const v = this.attrs.get(key);
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(this.where(`${key} must be a probability in [0, 1], got ${JSON.stringify(v)}`));
    }
    const act = this.attrs.get('hidden_act');
    if (typeof act !== 'string' || !(HIDDEN_ACTIVATIONS as readonly string[]).includes(act)) {
      throw new TypeError(this.where(`hidden_act ${JSON.stringify(act)} is not one of ${HIDDEN_ACTIVATIONS.join(', ')}`));
    }
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
  get hiddenDropoutProb(): number {
    return this.num('hidden_dropout_prob');
  }
  get attentionProbsDropoutProb(): number {
    return this.num('attention_probs_dropout_prob');
  }
  get initializerRange(): number {
    return this.num('initializer_range');
  }
  get layerNormEps(): number {
    return this.num('layer_norm_eps');
  }
  get imageSize(): number {
    return this.num('image_size');
  }
  get patchSize(): number {
    return this.num('patch_size');
  }
  get numChannels(): number {
    return this.num('num_channels');
  }
  get qkvBias(): boolean {
    return this.attrs.get('qkv_bias') as boolean;
  }
}
