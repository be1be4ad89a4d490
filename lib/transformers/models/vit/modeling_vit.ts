// ViTModel and ViTForImageClassification (transformers 4.31) on torch.nn: Conv2d patch embedding, CLS token and
// learned position embeddings, a pre-LayerNorm encoder, an optional tanh pooler, a linear head on the CLS token.
import { cat } from '../../../ops.js';
import * as init from '../../../nn/init.js';
import { Conv2d, Dropout, LayerNorm, Linear } from '../../../nn/layers/index.js';
import { Module } from '../../../nn/module.js';
import { ModuleList } from '../../../nn/containers.js';
import { Parameter } from '../../../nn/parameter.js';
import { zeros } from '../../../creation.js';
import { noGrad } from '../../../autograd.js';
import type { Tensor } from '../../../tensor.js';
import { activation } from '../../activations.js';
import { classificationLoss } from '../../classification-loss.js';
import type { ConfigOverrides } from '../../configuration_utils.js';
import { readInputs } from '../../forward-inputs.js';
import { PreTrainedModel, type ModelInitOptions } from '../../modeling_utils.js';
import type { BaseModelOutputWithPooling, SequenceClassifierOutput } from '../../modeling_outputs.js';
import { ViTConfig } from './configuration_vit.js';

class ViTPatchEmbeddings extends Module {
  readonly projection: Conv2d;
  constructor(readonly cfg: ViTConfig) {
    super();
    this.projection = new Conv2d(cfg.numChannels, cfg.hiddenSize, cfg.patchSize, { stride: cfg.patchSize });
  }
  forward(pixelValues: Tensor): Tensor {
    const [, c, h, w] = pixelValues.shape;
    if (pixelValues.dim() !== 4) throw new RangeError(`ViTModel: pixel_values must be [batch, channels, height, width], got [${pixelValues.shape.join(', ')}]`);
    if (c !== this.cfg.numChannels) {
      throw new RangeError(`ViTModel: pixel_values has ${c} channels; the configuration expects num_channels = ${this.cfg.numChannels}`);
    }
    if (h !== this.cfg.imageSize || w !== this.cfg.imageSize) {
      throw new RangeError(`ViTModel: input image size (${h}*${w}) doesn't match the model (${this.cfg.imageSize}*${this.cfg.imageSize})`);
    }
    return this.projection.forward(pixelValues).flatten(2).transpose(1, 2);
  }
}

class ViTEmbeddings extends Module {
  readonly cls_token: Parameter;
  readonly patch_embeddings: ViTPatchEmbeddings;
  readonly position_embeddings: Parameter;
  readonly dropout: Dropout;
  constructor(cfg: ViTConfig) {
    super();
    const numPatches = (cfg.imageSize / cfg.patchSize) ** 2;
    this.cls_token = new Parameter(zeros([1, 1, cfg.hiddenSize]));
    this.patch_embeddings = new ViTPatchEmbeddings(cfg);
    this.position_embeddings = new Parameter(zeros([1, Math.floor(numPatches) + 1, cfg.hiddenSize]));
    this.dropout = new Dropout(cfg.hiddenDropoutProb);
  }
  forward(pixelValues: Tensor): Tensor {
    const patches = this.patch_embeddings.forward(pixelValues);
    const cls = this.cls_token.expand(patches.shape[0]!, -1, -1);
    return this.dropout.forward(cat([cls, patches], 1).add(this.position_embeddings));
  }
}

class ViTSelfAttention extends Module {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;
  readonly dropout: Dropout;
  readonly heads: number;
  readonly headDim: number;
  constructor(cfg: ViTConfig) {
    super();
    this.heads = cfg.numAttentionHeads;
    this.headDim = cfg.hiddenSize / cfg.numAttentionHeads;
    this.query = new Linear(cfg.hiddenSize, cfg.hiddenSize, { bias: cfg.qkvBias });
    this.key = new Linear(cfg.hiddenSize, cfg.hiddenSize, { bias: cfg.qkvBias });
    this.value = new Linear(cfg.hiddenSize, cfg.hiddenSize, { bias: cfg.qkvBias });
    this.dropout = new Dropout(cfg.attentionProbsDropoutProb);
  }
  #split(x: Tensor): Tensor {
    const [b, n] = x.shape;
    return x.view(b!, n!, this.heads, this.headDim).permute(0, 2, 1, 3);
  }
  /** Context [batch, seq, hidden] and the attention probabilities [batch, heads, seq, seq]. */
  forward(h: Tensor): [Tensor, Tensor] {
    const q = this.#split(this.query.forward(h));
    const k = this.#split(this.key.forward(h));
    const v = this.#split(this.value.forward(h));
    const probs = q.matmul(k.transpose(-1, -2)).div(Math.sqrt(this.headDim)).softmax(-1);
    const context = this.dropout.forward(probs).matmul(v).permute(0, 2, 1, 3).contiguous();
    const [b, n] = context.shape;
    return [context.view(b!, n!, this.heads * this.headDim), probs];
  }
}

class ViTSelfOutput extends Module {
  readonly dense: Linear;
  readonly dropout: Dropout;
  constructor(cfg: ViTConfig) {
    super();
    this.dense = new Linear(cfg.hiddenSize, cfg.hiddenSize);
    this.dropout = new Dropout(cfg.hiddenDropoutProb);
  }
  forward(h: Tensor): Tensor {
    return this.dropout.forward(this.dense.forward(h));
  }
}

class ViTAttention extends Module {
  readonly attention: ViTSelfAttention;
  readonly output: ViTSelfOutput;
  constructor(cfg: ViTConfig) {
    super();
    this.attention = new ViTSelfAttention(cfg);
    this.output = new ViTSelfOutput(cfg);
  }
  forward(h: Tensor): [Tensor, Tensor] {
    const [context, probs] = this.attention.forward(h);
    return [this.output.forward(context), probs];
  }
}

class ViTIntermediate extends Module {
  readonly dense: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(cfg: ViTConfig) {
    super();
    this.dense = new Linear(cfg.hiddenSize, cfg.intermediateSize);
    this.act = activation(cfg.hiddenAct, 'ViTConfig');
  }
  forward(h: Tensor): Tensor {
    return this.act(this.dense.forward(h));
  }
}

class ViTOutput extends Module {
  readonly dense: Linear;
  readonly dropout: Dropout;
  constructor(cfg: ViTConfig) {
    super();
    this.dense = new Linear(cfg.intermediateSize, cfg.hiddenSize);
    this.dropout = new Dropout(cfg.hiddenDropoutProb);
  }
  forward(h: Tensor, residual: Tensor): Tensor {
    return this.dropout.forward(this.dense.forward(h)).add(residual);
  }
}

class ViTLayer extends Module {
  readonly attention: ViTAttention;
  readonly intermediate: ViTIntermediate;
  readonly output: ViTOutput;
  readonly layernorm_before: LayerNorm;
  readonly layernorm_after: LayerNorm;
  constructor(cfg: ViTConfig) {
    super();
    this.attention = new ViTAttention(cfg);
    this.intermediate = new ViTIntermediate(cfg);
    this.output = new ViTOutput(cfg);
    this.layernorm_before = new LayerNorm(cfg.hiddenSize, { eps: cfg.layerNormEps });
    this.layernorm_after = new LayerNorm(cfg.hiddenSize, { eps: cfg.layerNormEps });
  }
  forward(h: Tensor): [Tensor, Tensor] {
    const [attn, probs] = this.attention.forward(this.layernorm_before.forward(h));
    const mid = attn.add(h);
    return [this.output.forward(this.intermediate.forward(this.layernorm_after.forward(mid)), mid), probs];
  }
}

class ViTEncoder extends Module {
  readonly layer: ModuleList<ViTLayer>;
  constructor(cfg: ViTConfig) {
    super();
    this.layer = new ModuleList(Array.from({ length: cfg.numHiddenLayers }, () => new ViTLayer(cfg)));
  }
}

class ViTPooler extends Module {
  readonly dense: Linear;
  constructor(cfg: ViTConfig) {
    super();
    this.dense = new Linear(cfg.hiddenSize, cfg.hiddenSize);
  }
  forward(h: Tensor): Tensor {
    return this.dense.forward(h.select(1, 0)).tanh();
  }
}

const BASE_ARGS = ['pixel_values', 'output_hidden_states', 'output_attentions'];

export interface ViTInputs {
  pixelValues?: Tensor;
  pixel_values?: Tensor;
  outputHiddenStates?: boolean;
  outputAttentions?: boolean;
  labels?: Tensor | null;
}

abstract class ViTPreTrainedModel extends PreTrainedModel<ViTConfig> {
  static override readonly baseModelPrefix: string = 'vit';
  static override readonly configClass = ViTConfig;

  /** transformers' ViT `_init_weights`: truncated normal for Linear/Conv2d weights and the embeddings, zero biases, unit LayerNorms. */
  _initWeights(loaded: readonly string[] | null): void {
    const std = this.config.initializerRange;
    const skip = new Set(loaded ?? []);
    noGrad(() => {
      for (const [prefix, m] of this.namedModules()) {
        const at = (n: string) => (prefix ? `${prefix}.${n}` : n);
        if (m instanceof Linear || m instanceof Conv2d) {
          if (!skip.has(at('weight'))) init.truncNormal_(m.weight, 0, std);
          if (m.bias && !skip.has(at('bias'))) m.bias.zero_();
        } else if (m instanceof LayerNorm) {
          if (m.weight && !skip.has(at('weight'))) m.weight.fill_(1);
          if (m.bias && !skip.has(at('bias'))) m.bias.zero_();
        } else if (m instanceof ViTEmbeddings) {
          if (!skip.has(at('position_embeddings'))) init.truncNormal_(m.position_embeddings, 0, std);
          if (!skip.has(at('cls_token'))) init.truncNormal_(m.cls_token, 0, std);
        }
      }
    });
  }
}

export class ViTModel extends ViTPreTrainedModel {
  static override readonly className: string = 'ViTModel';
  static readonly forwardArgNames: readonly string[] = BASE_ARGS;
  readonly embeddings: ViTEmbeddings;
  readonly encoder: ViTEncoder;
  readonly layernorm: LayerNorm;
  readonly pooler: ViTPooler | null;

  constructor(config?: ViTConfig | ConfigOverrides, options: ModelInitOptions & { addPoolingLayer?: boolean } = {}) {
    super(config instanceof ViTConfig ? config : new ViTConfig(config));
    this.embeddings = new ViTEmbeddings(this.config);
    this.encoder = new ViTEncoder(this.config);
    this.layernorm = new LayerNorm(this.config.hiddenSize, { eps: this.config.layerNormEps });
    this.pooler = options.addPoolingLayer === false ? null : new ViTPooler(this.config);
    if (options.initWeights !== false) this._initWeights(null);
  }

  override forward(inputs: ViTInputs): BaseModelOutputWithPooling {
    const args = readInputs(this.className, (this.constructor as typeof ViTModel).forwardArgNames, 'pixel_values', inputs);
    return this.encode(args.get('pixel_values') as Tensor, {
      hidden: (args.get('output_hidden_states') as boolean | undefined) ?? this.config.outputHiddenStates,
      attentions: (args.get('output_attentions') as boolean | undefined) ?? this.config.outputAttentions,
    });
  }

  /** @internal The encoder pass the heads share. */
  encode(pixelValues: Tensor, want: { hidden: boolean; attentions: boolean }): BaseModelOutputWithPooling {
    let h = this.embeddings.forward(pixelValues.to(this.embeddings.patch_embeddings.projection.weight.dtype));
    const hiddenStates: Tensor[] = [h];
    const attentions: Tensor[] = [];
    for (const layer of this.encoder.layer) {
      const [next, probs] = layer.forward(h);
      h = next;
      hiddenStates.push(h);
      attentions.push(probs);
    }
    const lastHiddenState = this.layernorm.forward(h);
    const out: BaseModelOutputWithPooling = { lastHiddenState };
    if (this.pooler) out.poolerOutput = this.pooler.forward(lastHiddenState);
    if (want.hidden) out.hiddenStates = hiddenStates;
    if (want.attentions) out.attentions = attentions;
    return out;
  }
}

export class ViTForImageClassification extends ViTPreTrainedModel {
  static override readonly className: string = 'ViTForImageClassification';
  static readonly forwardArgNames: readonly string[] = [...BASE_ARGS, 'labels'];
  readonly vit: ViTModel;
  readonly classifier: Linear | null;

  constructor(config?: ViTConfig | ConfigOverrides, options: ModelInitOptions = {}) {
    super(config instanceof ViTConfig ? config : new ViTConfig(config));
    this.vit = new ViTModel(this.config, { initWeights: false, addPoolingLayer: false });
    this.classifier = this.config.numLabels > 0 ? new Linear(this.config.hiddenSize, this.config.numLabels) : null;
    if (options.initWeights !== false) this._initWeights(null);
  }

  /** Logits [batch, numLabels] from the CLS token; with labels, the loss of the config's problem type. */
  override forward(inputs: ViTInputs): SequenceClassifierOutput {
    const args = readInputs(this.className, ViTForImageClassification.forwardArgNames, 'pixel_values', inputs);
    const base = this.vit.encode(args.get('pixel_values') as Tensor, {
      hidden: (args.get('output_hidden_states') as boolean | undefined) ?? this.config.outputHiddenStates,
      attentions: (args.get('output_attentions') as boolean | undefined) ?? this.config.outputAttentions,
    });
    const cls = base.lastHiddenState.select(1, 0);
    const logits = this.classifier ? this.classifier.forward(cls) : cls;
    const labels = args.get('labels') as Tensor | undefined;
    const out: SequenceClassifierOutput = { logits };
    if (labels) out.loss = classificationLoss(this.config, logits, labels);
    if (base.hiddenStates) out.hiddenStates = base.hiddenStates;
    if (base.attentions) out.attentions = base.attentions;
    return out;
  }
}
