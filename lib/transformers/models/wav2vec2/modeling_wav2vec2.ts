// Wav2Vec2Model and Wav2Vec2ForSequenceClassification (transformers 4.31) on torch.nn: the conv feature encoder
// (group or layer norm), feature projection, the weight-normed positional conv, a post-LN or pre-LN ("stable")
// Transformer encoder with Bart-style attention, and the projector + masked mean-pooling classification head.
import { arange, ones, zeros, tensor } from '../../../creation.js';
import { noGrad } from '../../../autograd.js';
import * as F from '../../../nn/functional.js';
import * as init from '../../../nn/init.js';
import { Conv1d, Dropout, GroupNorm, LayerNorm, Linear } from '../../../nn/layers/index.js';
import { Module } from '../../../nn/module.js';
import { ModuleList } from '../../../nn/containers.js';
import { Parameter } from '../../../nn/parameter.js';
import { stack } from '../../../ops.js';
import type { Tensor } from '../../../tensor.js';
import { activation } from '../../activations.js';
import type { ConfigOverrides } from '../../configuration_utils.js';
import { readInputs } from '../../forward-inputs.js';
import { logger } from '../../logging.js';
import { PreTrainedModel, type ModelInitOptions } from '../../modeling_utils.js';
import type { SequenceClassifierOutput } from '../../modeling_outputs.js';
import { Wav2Vec2Config } from './configuration_wav2vec2.js';

type Act = (x: Tensor) => Tensor;

class Wav2Vec2ConvLayer extends Module {
  readonly conv: Conv1d;
  readonly layer_norm: GroupNorm | LayerNorm | null;
  readonly act: Act;
  constructor(cfg: Wav2Vec2Config, i: number) {
    super();
    const inDim = i > 0 ? cfg.convDim[i - 1]! : 1;
    const outDim = cfg.convDim[i]!;
    this.conv = new Conv1d(inDim, outDim, cfg.convKernel[i]!, { stride: cfg.convStride[i]!, bias: cfg.convBias });
    this.layer_norm =
      cfg.featExtractNorm === 'layer' ? new LayerNorm(outDim) : i === 0 ? new GroupNorm(outDim, outDim, { affine: true }) : null;
    this.act = activation(cfg.featExtractActivation, 'Wav2Vec2Config.feat_extract_activation');
  }
  forward(x: Tensor): Tensor {
    let h = this.conv.forward(x);
    if (this.layer_norm instanceof LayerNorm) h = this.layer_norm.forward(h.transpose(-2, -1)).transpose(-2, -1);
    else if (this.layer_norm) h = this.layer_norm.forward(h);
    return this.act(h);
  }
}

class Wav2Vec2FeatureEncoder extends Module {
  readonly conv_layers: ModuleList<Wav2Vec2ConvLayer>;
  constructor(cfg: Wav2Vec2Config) {
    super();
    this.conv_layers = new ModuleList(cfg.convDim.map((_, i) => new Wav2Vec2ConvLayer(cfg, i)));
  }
  /** [batch, samples] → [batch, channels, frames]. */
  forward(inputValues: Tensor): Tensor {
    let h = inputValues.unsqueeze(1);
    for (const layer of this.conv_layers) h = layer.forward(h);
    return h;
  }
}

class Wav2Vec2FeatureProjection extends Module {
  readonly layer_norm: LayerNorm;
  readonly projection: Linear;
  readonly dropout: Dropout;
  constructor(cfg: Wav2Vec2Config) {
    super();
    const c = cfg.convDim[cfg.convDim.length - 1]!;
    this.layer_norm = new LayerNorm(c, { eps: cfg.layerNormEps });
    this.projection = new Linear(c, cfg.hiddenSize);
    this.dropout = new Dropout(cfg.featProjDropout);
  }
  forward(features: Tensor): [Tensor, Tensor] {
    const normed = this.layer_norm.forward(features);
    return [this.dropout.forward(this.projection.forward(normed)), normed];
  }
}

/** Conv1d under weight norm (torch's old `weight_norm(dim=2)`): weight = v · g / ‖v‖, the norm over dims 0 and 1. */
class WeightNormConv1d extends Module {
  readonly bias: Parameter;
  readonly weight_g: Parameter;
  readonly weight_v: Parameter;
  constructor(channels: number, readonly kernel: number, readonly groups: number) {
    super();
    this.bias = new Parameter(zeros([channels]));
    this.weight_g = new Parameter(ones([1, 1, kernel]));
    this.weight_v = new Parameter(zeros([channels, channels / groups, kernel]));
  }
  weight(): Tensor {
    return this.weight_v.mul(this.weight_g.div(this.weight_v.pow(2).sum([0, 1], { keepdim: true }).sqrt()));
  }
  forward(x: Tensor): Tensor {
    return F.conv1d(x, this.weight(), this.bias, { padding: Math.floor(this.kernel / 2), groups: this.groups });
  }
}

class Wav2Vec2PositionalConvEmbedding extends Module {
  readonly conv: WeightNormConv1d;
  readonly act: Act;
  constructor(cfg: Wav2Vec2Config) {
    super();
    this.conv = new WeightNormConv1d(cfg.hiddenSize, cfg.numConvPosEmbeddings, cfg.numConvPosEmbeddingGroups);
    this.act = activation(cfg.featExtractActivation, 'Wav2Vec2Config.feat_extract_activation');
  }
  /** [batch, frames, hidden] → the same shape; an even kernel drops the last step (Wav2Vec2SamePadLayer). */
  forward(h: Tensor): Tensor {
    let x = this.conv.forward(h.transpose(1, 2));
    if (this.conv.kernel % 2 === 0) x = x.narrow(2, 0, x.shape[2]! - 1);
    return this.act(x).transpose(1, 2);
  }
}

class Wav2Vec2Attention extends Module {
  readonly k_proj: Linear;
  readonly v_proj: Linear;
  readonly q_proj: Linear;
  readonly out_proj: Linear;
  readonly heads: number;
  readonly headDim: number;
  readonly dropoutP: number;
  constructor(cfg: Wav2Vec2Config) {
    super();
    const d = cfg.hiddenSize;
    this.heads = cfg.numAttentionHeads;
    this.headDim = d / this.heads;
    this.dropoutP = cfg.attentionDropout;
    this.k_proj = new Linear(d, d);
    this.v_proj = new Linear(d, d);
    this.q_proj = new Linear(d, d);
    this.out_proj = new Linear(d, d);
  }
  #split(x: Tensor): Tensor {
    const [b, t] = x.shape;
    return x.view(b!, t!, this.heads, this.headDim).transpose(1, 2);
  }
  /** The attended states and the probabilities [batch, heads, frames, frames]; `bias` is added to the scores. */
  forward(h: Tensor, bias: Tensor | null): [Tensor, Tensor] {
    const q = this.#split(this.q_proj.forward(h).mul(this.headDim ** -0.5));
    const k = this.#split(this.k_proj.forward(h));
    const v = this.#split(this.v_proj.forward(h));
    let scores = q.matmul(k.transpose(-1, -2));
    if (bias) scores = scores.add(bias);
    const probs = scores.softmax(-1);
    const ctx = F.dropout(probs, this.dropoutP, this.training).matmul(v).transpose(1, 2).contiguous();
    const [b, t] = ctx.shape;
    return [this.out_proj.forward(ctx.view(b!, t!, this.heads * this.headDim)), probs];
  }
}

class Wav2Vec2FeedForward extends Module {
  readonly intermediate_dropout: Dropout;
  readonly intermediate_dense: Linear;
  readonly output_dense: Linear;
  readonly output_dropout: Dropout;
  readonly act: Act;
  constructor(cfg: Wav2Vec2Config) {
    super();
    this.intermediate_dropout = new Dropout(cfg.activationDropout);
    this.intermediate_dense = new Linear(cfg.hiddenSize, cfg.intermediateSize);
    this.output_dense = new Linear(cfg.intermediateSize, cfg.hiddenSize);
    this.output_dropout = new Dropout(cfg.hiddenDropout);
    this.act = activation(cfg.hiddenAct, 'Wav2Vec2Config.hidden_act');
  }
  forward(h: Tensor): Tensor {
    const mid = this.intermediate_dropout.forward(this.act(this.intermediate_dense.forward(h)));
    return this.output_dropout.forward(this.output_dense.forward(mid));
  }
}

class Wav2Vec2EncoderLayer extends Module {
  readonly attention: Wav2Vec2Attention;
  readonly dropout: Dropout;
  readonly layer_norm: LayerNorm;
  readonly feed_forward: Wav2Vec2FeedForward;
  readonly final_layer_norm: LayerNorm;
  constructor(cfg: Wav2Vec2Config, readonly stable: boolean) {
    super();
    this.attention = new Wav2Vec2Attention(cfg);
    this.dropout = new Dropout(cfg.hiddenDropout);
    this.layer_norm = new LayerNorm(cfg.hiddenSize, { eps: cfg.layerNormEps });
    this.feed_forward = new Wav2Vec2FeedForward(cfg);
    this.final_layer_norm = new LayerNorm(cfg.hiddenSize, { eps: cfg.layerNormEps });
  }
  forward(h: Tensor, bias: Tensor | null): [Tensor, Tensor] {
    if (this.stable) {
      const [attn, probs] = this.attention.forward(this.layer_norm.forward(h), bias);
      const mid = h.add(this.dropout.forward(attn));
      return [mid.add(this.feed_forward.forward(this.final_layer_norm.forward(mid))), probs];
    }
    const [attn, probs] = this.attention.forward(h, bias);
    const mid = this.layer_norm.forward(h.add(this.dropout.forward(attn)));
    return [this.final_layer_norm.forward(mid.add(this.feed_forward.forward(mid))), probs];
  }
}

class Wav2Vec2Encoder extends Module {
  readonly pos_conv_embed: Wav2Vec2PositionalConvEmbedding;
  readonly layer_norm: LayerNorm;
  readonly dropout: Dropout;
  readonly layers: ModuleList<Wav2Vec2EncoderLayer>;
  constructor(readonly cfg: Wav2Vec2Config) {
    super();
    this.pos_conv_embed = new Wav2Vec2PositionalConvEmbedding(cfg);
    this.layer_norm = new LayerNorm(cfg.hiddenSize, { eps: cfg.layerNormEps });
    this.dropout = new Dropout(cfg.hiddenDropout);
    this.layers = new ModuleList(Array.from({ length: cfg.numHiddenLayers }, () => new Wav2Vec2EncoderLayer(cfg, cfg.doStableLayerNorm)));
  }
  /** `frameMask` [batch, frames] bool: padded frames are zeroed and masked out of attention. */
  forward(h: Tensor, frameMask: Tensor | null): { last: Tensor; hidden: Tensor[]; attentions: Tensor[] } {
    let bias: Tensor | null = null;
    if (frameMask) {
      h = h.maskedFill(frameMask.logicalNot().unsqueeze(-1), 0);
      // additive finfo(dtype).min on padded keys, as [batch, 1, 1, frames]
      bias = frameMask.logicalNot().to(h.dtype).mul(h.dtype === 'float64' ? -Number.MAX_VALUE : -3.4028234663852886e38).unsqueeze(1).unsqueeze(1);
    }
    h = h.add(this.pos_conv_embed.forward(h));
    const stable = this.cfg.doStableLayerNorm;
    if (!stable) h = this.layer_norm.forward(h);
    h = this.dropout.forward(h);
    const hidden: Tensor[] = [];
    const attentions: Tensor[] = [];
    for (const layer of this.layers) {
      hidden.push(h);
      if (this.training && this.cfg.layerdrop > 0 && Math.random() < this.cfg.layerdrop) continue;
      const [next, probs] = layer.forward(h, bias);
      h = next;
      attentions.push(probs);
    }
    if (stable) h = this.layer_norm.forward(h);
    hidden.push(h);
    return { last: h, hidden, attentions };
  }
}

export interface Wav2Vec2Inputs {
  inputValues?: Tensor;
  input_values?: Tensor;
  attentionMask?: Tensor | null;
  attention_mask?: Tensor | null;
  outputHiddenStates?: boolean;
  outputAttentions?: boolean;
  labels?: Tensor | null;
}

export interface Wav2Vec2BaseModelOutput {
  lastHiddenState: Tensor;
  /** The feature encoder's output after the projection's LayerNorm, [batch, frames, conv_dim[-1]]. */
  extractFeatures: Tensor;
  hiddenStates?: Tensor[];
  attentions?: Tensor[];
}

const BASE_ARGS = ['input_values', 'attention_mask', 'output_hidden_states', 'output_attentions'];

abstract class Wav2Vec2PreTrainedModel extends PreTrainedModel<Wav2Vec2Config> {
  static override readonly baseModelPrefix: string = 'wav2vec2';
  static override readonly configClass = Wav2Vec2Config;

  /** 4.31's `_init_weights` formulas for every module whose parameters the checkpoint did not give. */
  _initWeights(loaded: readonly string[] | null): void {
    const std = this.config.initializerRange;
    const skip = new Set(loaded ?? []);
    noGrad(() => {
      for (const [prefix, m] of this.namedModules()) {
        const at = (n: string) => (prefix ? `${prefix}.${n}` : n);
        const fresh = (n: string) => !skip.has(at(n));
        if (m instanceof WeightNormConv1d) {
          if (fresh('weight_v')) init.normal_(m.weight_v, 0, 2 * Math.sqrt(1 / (m.kernel * m.weight_v.shape[1]!)));
          if (fresh('weight_g')) m.weight_g.copy_(m.weight_v.pow(2).sum([0, 1], { keepdim: true }).sqrt());
          if (fresh('bias')) m.bias.zero_();
        } else if (m instanceof Wav2Vec2FeatureProjection) {
          const k = Math.sqrt(1 / m.projection.weight.shape[1]!);
          if (!skip.has(at('projection.weight'))) init.uniform_(m.projection.weight, -k, k);
          if (!skip.has(at('projection.bias'))) init.uniform_(m.projection.bias!, -k, k);
        } else if (m instanceof Linear && !prefix.endsWith('feature_projection.projection')) {
          if (fresh('weight')) init.normal_(m.weight, 0, std);
          if (m.bias && fresh('bias')) m.bias.zero_();
        } else if (m instanceof LayerNorm || m instanceof GroupNorm) {
          if (m.weight && fresh('weight')) m.weight.fill_(1);
          if (m.bias && fresh('bias')) m.bias.zero_();
        } else if (m instanceof Conv1d) {
          if (fresh('weight')) init.kaimingNormal_(m.weight);
          if (m.bias && fresh('bias')) {
            const k = Math.sqrt(m.groups / (m.inChannels * m.weight.shape[2]!));
            init.uniform_(m.bias, -k, k);
          }
        } else if (m instanceof Wav2Vec2Model && m.masked_spec_embed && fresh('masked_spec_embed')) {
          init.uniform_(m.masked_spec_embed);
        }
      }
    });
  }
}

/** Output frames per input length after the conv feature encoder: ⌊(L − kernel) / stride⌋ + 1 per layer. */
export function featExtractOutputLength(cfg: Wav2Vec2Config, length: number): number {
  let l = length;
  cfg.convKernel.forEach((k, i) => (l = Math.floor((l - k) / cfg.convStride[i]!) + 1));
  return l;
}

/** The frame-level mask of a sample-level attention mask: frame t is real when t < output length of the row's sum. */
function frameMaskOf(cfg: Wav2Vec2Config, attentionMask: Tensor, frames: number): Tensor {
  const sums = attentionMask.sum(-1).to('int64').data() as BigInt64Array;
  const lengths = tensor(BigInt64Array.from(sums, (s) => BigInt(featExtractOutputLength(cfg, Number(s)))), { shape: [sums.length, 1] });
  return arange(frames, { dtype: 'int64' }).unsqueeze(0).lt(lengths);
}

let specAugmentWarned = false;

export class Wav2Vec2Model extends Wav2Vec2PreTrainedModel {
  static override readonly className: string = 'Wav2Vec2Model';
  static readonly forwardArgNames: readonly string[] = BASE_ARGS;
  readonly feature_extractor: Wav2Vec2FeatureEncoder;
  readonly feature_projection: Wav2Vec2FeatureProjection;
  readonly masked_spec_embed: Parameter | null;
  readonly encoder: Wav2Vec2Encoder;

  constructor(config?: Wav2Vec2Config | ConfigOverrides, options: ModelInitOptions = {}) {
    super(config instanceof Wav2Vec2Config ? config : new Wav2Vec2Config(config));
    const c = this.config;
    this.feature_extractor = new Wav2Vec2FeatureEncoder(c);
    this.feature_projection = new Wav2Vec2FeatureProjection(c);
    this.masked_spec_embed = c.maskTimeProb > 0 || c.maskFeatureProb > 0 ? new Parameter(zeros([c.hiddenSize])) : null;
    this.encoder = new Wav2Vec2Encoder(c);
    if (options.initWeights !== false) this._initWeights(null);
  }

  /** Stops gradients into the conv feature encoder (`freeze_feature_encoder`). */
  freezeFeatureEncoder(): void {
    this.feature_extractor.requiresGrad_(false);
  }

  override forward(inputs: Wav2Vec2Inputs): Wav2Vec2BaseModelOutput {
    const args = readInputs(this.className, BASE_ARGS, 'input_values', inputs);
    return this.encode(args.get('input_values') as Tensor, (args.get('attention_mask') as Tensor | undefined) ?? null, {
      hidden: (args.get('output_hidden_states') as boolean | undefined) ?? this.config.outputHiddenStates,
      attentions: (args.get('output_attentions') as boolean | undefined) ?? this.config.outputAttentions,
    });
  }

  /** @internal The pass the heads share; also returns the frame mask it used. */
  encode(inputValues: Tensor, attentionMask: Tensor | null, want: { hidden: boolean; attentions: boolean }): Wav2Vec2BaseModelOutput & { frameMask: Tensor | null } {
    if (inputValues.dim() !== 2) throw new RangeError(`${this.className}: input_values must be [batch, samples], got [${inputValues.shape.join(', ')}]`);
    if (this.training && this.config.applySpecAugment && (this.config.maskTimeProb > 0 || this.config.maskFeatureProb > 0) && !specAugmentWarned) {
      specAugmentWarned = true;
      logger.warning(`${this.className}: SpecAugment (apply_spec_augment) is not implemented; training runs without time/feature masking`);
    }
    const features = this.feature_extractor.forward(inputValues.to(this.feature_projection.projection.weight.dtype)).transpose(1, 2);
    const frameMask = attentionMask ? frameMaskOf(this.config, attentionMask, features.shape[1]!) : null;
    const [projected, extractFeatures] = this.feature_projection.forward(features);
    const enc = this.encoder.forward(projected, frameMask);
    const out: Wav2Vec2BaseModelOutput & { frameMask: Tensor | null } = { lastHiddenState: enc.last, extractFeatures, frameMask };
    if (want.hidden) out.hiddenStates = enc.hidden;
    if (want.attentions) out.attentions = enc.attentions;
    return out;
  }
}

export class Wav2Vec2ForSequenceClassification extends Wav2Vec2PreTrainedModel {
  static override readonly className: string = 'Wav2Vec2ForSequenceClassification';
  static readonly forwardArgNames: readonly string[] = [...BASE_ARGS, 'labels'];
  readonly wav2vec2: Wav2Vec2Model;
  readonly layer_weights: Parameter | null;
  readonly projector: Linear;
  readonly classifier: Linear;

  constructor(config?: Wav2Vec2Config | ConfigOverrides, options: ModelInitOptions = {}) {
    super(config instanceof Wav2Vec2Config ? config : new Wav2Vec2Config(config));
    const c = this.config;
    this.wav2vec2 = new Wav2Vec2Model(c, { initWeights: false });
    const layers = c.numHiddenLayers + 1;
    this.layer_weights = c.useWeightedLayerSum ? new Parameter(ones([layers]).div(layers)) : null;
    this.projector = new Linear(c.hiddenSize, c.classifierProjSize);
    this.classifier = new Linear(c.classifierProjSize, c.numLabels);
    if (options.initWeights !== false) this._initWeights(null);
  }

  freezeFeatureEncoder(): void {
    this.wav2vec2.freezeFeatureEncoder();
  }

  /** Also freezes the whole Wav2Vec2 body (`freeze_base_model`): only the head trains. */
  freezeBaseModel(): void {
    this.wav2vec2.requiresGrad_(false);
  }

  /** Logits [batch, numLabels] from the projector's masked mean over frames; labels give the cross-entropy loss. */
  override forward(inputs: Wav2Vec2Inputs): SequenceClassifierOutput {
    const args = readInputs(this.className, Wav2Vec2ForSequenceClassification.forwardArgNames, 'input_values', inputs);
    const weighted = this.layer_weights !== null;
    const base = this.wav2vec2.encode(args.get('input_values') as Tensor, (args.get('attention_mask') as Tensor | undefined) ?? null, {
      hidden: weighted || ((args.get('output_hidden_states') as boolean | undefined) ?? this.config.outputHiddenStates),
      attentions: (args.get('output_attentions') as boolean | undefined) ?? this.config.outputAttentions,
    });
    let h = base.lastHiddenState;
    if (this.layer_weights) h = stack(base.hiddenStates!, 1).mul(this.layer_weights.softmax(-1).view(-1, 1, 1)).sum(1);
    h = this.projector.forward(h);
    let pooled: Tensor;
    if (base.frameMask) {
      const mask = base.frameMask.unsqueeze(-1);
      pooled = h.maskedFill(mask.logicalNot(), 0).sum(1).div(base.frameMask.sum(1, { keepdim: true }).to(h.dtype));
    } else {
      pooled = h.mean(1);
    }
    const logits = this.classifier.forward(pooled);
    const out: SequenceClassifierOutput = { logits };
    const labels = args.get('labels') as Tensor | undefined;
    if (labels) out.loss = F.crossEntropy(logits.view(-1, this.config.numLabels), labels.view(-1));
    if (base.hiddenStates && !weighted) out.hiddenStates = base.hiddenStates;
    if (base.attentions) out.attentions = base.attentions;
    return out;
  }
}
