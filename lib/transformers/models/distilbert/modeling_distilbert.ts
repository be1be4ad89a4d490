// transformers 4.31's DistilBERT in TypeScript on torch.nn, with its own names (`transformer.layer.N.attention.q_lin`,
// `sa_layer_norm`, `ffn.lin1`...): word + position embeddings (no token types; optionally a frozen sinusoid),
// query scaling before the product, masked_fill with float32's minimum, and its heads (`pre_classifier` + ReLU).
import { arange, onesLike, tensor } from '../../../creation.js';
import { noGrad } from '../../../autograd.js';
import { Module } from '../../../nn/module.js';
import { ModuleList } from '../../../nn/containers.js';
import type { Tensor } from '../../../tensor.js';
import type { ConfigOverrides } from '../../configuration_utils.js';
import { PreTrainedModel, type ModelInitOptions } from '../../modeling_utils.js';
import type {
  BaseModelOutputWithPooling,
  MaskedLMOutput,
  QuestionAnsweringModelOutput,
  SequenceClassifierOutput,
  TokenClassifierOutput,
} from '../../modeling_outputs.js';
import { activation } from '../shared/activations.js';
import { mergeHeads, splitHeads, type EncoderOutput } from '../shared/bert_style_encoder.js';
import { forwardArgs, type ForwardArgs } from '../shared/inputs.js';
import { initBertStyleModule, initUnloadedModules } from '../shared/init.js';
import { Dropout, Embedding, LayerNorm, Linear } from '../../../nn/layers/index.js';
import { questionAnsweringLoss, sequenceClassificationLoss, tokenLoss } from '../shared/losses.js';
import { DistilBertConfig } from './configuration_distilbert.js';

const BASE_ARGS = ['input_ids', 'attention_mask', 'output_attentions', 'output_hidden_states'];
const LABEL_ARGS = [...BASE_ARGS, 'labels'];
const QA_ARGS = [...BASE_ARGS, 'start_positions', 'end_positions'];
const FLOAT32_MIN = -3.4028234663852886e38;

/** transformers' sinusoid: pos / 10000^(2⌊j/2⌋/dim) in float64, sine in even columns, cosine in odd ones. */
export function sinusoidalTable(nPos: number, dim: number): Tensor {
  const data = new Float32Array(nPos * dim);
  for (let pos = 0; pos < nPos; pos++) {
    for (let j = 0; j < dim; j++) {
      const angle = pos / Math.pow(10000, (2 * Math.floor(j / 2)) / dim);
      data[pos * dim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tensor(data, { shape: [nPos, dim] });
}

export class DistilBertEmbeddings extends Module {
  word_embeddings: Embedding;
  position_embeddings: Embedding;
  LayerNorm: LayerNorm;
  dropout: Dropout;
  declare position_ids: Tensor;
  constructor(config: DistilBertConfig) {
    super();
    this.word_embeddings = new Embedding(config.vocabSize, config.dim, { paddingIdx: config.padTokenId });
    this.position_embeddings = new Embedding(config.maxPositionEmbeddings, config.dim);
    if (config.sinusoidalPosEmbds) {
      // frozen, as Python's: the sinusoid stays (transformers after #29813; 4.31's post_init redrew it)
      noGrad(() => this.position_embeddings.weight.copy_(sinusoidalTable(config.maxPositionEmbeddings, config.dim)));
      this.position_embeddings.weight.requiresGrad_(false);
    }
    this.LayerNorm = new LayerNorm(config.dim, { eps: 1e-12 });
    this.dropout = new Dropout(config.dropout);
    this.registerBuffer('position_ids', arange(config.maxPositionEmbeddings, { dtype: 'int64' }).unsqueeze(0), { persistent: false });
  }
  forward(inputIds: Tensor): Tensor {
    const positions = this.position_ids.slice(1, 0, inputIds.shape[1]!);
    return this.dropout.forward(this.LayerNorm.forward(this.word_embeddings.forward(inputIds).add(this.position_embeddings.forward(positions))));
  }
}

class MultiHeadSelfAttention extends Module {
  readonly heads: number;
  dropout: Dropout;
  q_lin: Linear;
  k_lin: Linear;
  v_lin: Linear;
  out_lin: Linear;
  constructor(config: DistilBertConfig) {
    super();
    this.heads = config.nHeads;
    this.dropout = new Dropout(config.attentionDropout);
    this.q_lin = new Linear(config.dim, config.dim);
    this.k_lin = new Linear(config.dim, config.dim);
    this.v_lin = new Linear(config.dim, config.dim);
    this.out_lin = new Linear(config.dim, config.dim);
  }
  forward(x: Tensor, padding: Tensor): { hidden: Tensor; probs: Tensor } {
    const q = splitHeads(this.q_lin.forward(x), this.heads);
    const k = splitHeads(this.k_lin.forward(x), this.heads);
    const v = splitHeads(this.v_lin.forward(x), this.heads);
    const scores = q.div(Math.sqrt(q.shape[3]!)).matmul(k.transpose(2, 3));
    const probs = scores.maskedFill(padding.expandAs(scores), FLOAT32_MIN).softmax(-1);
    return { hidden: this.out_lin.forward(mergeHeads(this.dropout.forward(probs).matmul(v))), probs };
  }
}

class FFN extends Module {
  dropout: Dropout;
  lin1: Linear;
  lin2: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(config: DistilBertConfig) {
    super();
    this.dropout = new Dropout(config.dropout);
    this.lin1 = new Linear(config.dim, config.hiddenDim);
    this.lin2 = new Linear(config.hiddenDim, config.dim);
    this.act = activation(config.activation, 'activation');
  }
  forward(x: Tensor): Tensor {
    return this.dropout.forward(this.lin2.forward(this.act(this.lin1.forward(x))));
  }
}

class TransformerBlock extends Module {
  attention: MultiHeadSelfAttention;
  sa_layer_norm: LayerNorm;
  ffn: FFN;
  output_layer_norm: LayerNorm;
  constructor(config: DistilBertConfig) {
    super();
    this.attention = new MultiHeadSelfAttention(config);
    this.sa_layer_norm = new LayerNorm(config.dim, { eps: 1e-12 });
    this.ffn = new FFN(config);
    this.output_layer_norm = new LayerNorm(config.dim, { eps: 1e-12 });
  }
  forward(x: Tensor, padding: Tensor): { hidden: Tensor; probs: Tensor } {
    const { hidden, probs } = this.attention.forward(x, padding);
    const sa = this.sa_layer_norm.forward(hidden.add(x));
    return { hidden: this.output_layer_norm.forward(this.ffn.forward(sa).add(sa)), probs };
  }
}

class Transformer extends Module {
  layer: ModuleList<TransformerBlock>;
  constructor(config: DistilBertConfig) {
    super();
    this.layer = new ModuleList(Array.from({ length: config.nLayers }, () => new TransformerBlock(config)));
  }
  forward(x: Tensor, mask: Tensor, flags: { hiddenStates: boolean; attentions: boolean }): EncoderOutput {
    const [b, t] = mask.shape as [number, number];
    const padding = mask.eq(0).view([b, 1, 1, t]);
    const hiddenStates = flags.hiddenStates ? [x] : undefined;
    const attentions = flags.attentions ? ([] as Tensor[]) : undefined;
    let h = x;
    for (const layer of this.layer) {
      const out = layer.forward(h, padding);
      h = out.hidden;
      hiddenStates?.push(h);
      attentions?.push(out.probs);
    }
    return { lastHiddenState: h, hiddenStates, attentions };
  }
}

export abstract class DistilBertPreTrainedModel extends PreTrainedModel<DistilBertConfig> {
  static override readonly className: string = 'DistilBertPreTrainedModel';
  static override readonly baseModelPrefix: string = 'distilbert';
  static override readonly configClass: typeof DistilBertConfig = DistilBertConfig;
  static override readonly nonPersistentBuffers: readonly string[] = ['embeddings.position_ids'];
  static readonly forwardArgNames: readonly string[] = BASE_ARGS;

  protected constructor(config: DistilBertConfig | ConfigOverrides) {
    super(config instanceof DistilBertConfig ? config : new DistilBertConfig(config));
  }
  protected postInit(options: ModelInitOptions): void {
    if (options.initWeights ?? true) this._initWeights(null);
  }
  override _initWeights(loaded: readonly string[] | null): void {
    const sinusoid = this.config.sinusoidalPosEmbds;
    initUnloadedModules(this, loaded, (m) => {
      if (sinusoid && m instanceof Embedding && m.weight.requiresGrad === false) return; // keep the frozen sinusoid
      initBertStyleModule(m, this.config.initializerRange);
    });
  }
  protected args(inputs: unknown, accepted: readonly string[]): ForwardArgs {
    return forwardArgs((this.constructor as typeof DistilBertPreTrainedModel).className, accepted, inputs, this.config);
  }
}

export class DistilBertModel extends DistilBertPreTrainedModel {
  static override readonly className: string = 'DistilBertModel';
  embeddings: DistilBertEmbeddings;
  transformer: Transformer;
  constructor(config: DistilBertConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.embeddings = new DistilBertEmbeddings(this.config);
    this.transformer = new Transformer(this.config);
    this.postInit(options);
  }
  encode(a: ForwardArgs): EncoderOutput {
    const ids = a.tensor('input_ids')!;
    const mask = a.tensor('attention_mask') ?? onesLike(ids);
    return this.transformer.forward(this.embeddings.forward(ids), mask, { hiddenStates: a.hiddenStates, attentions: a.attentions });
  }
  override forward(inputs: Readonly<Record<string, unknown>>): BaseModelOutputWithPooling {
    return this.encode(this.args(inputs, BASE_ARGS));
  }
}

export class DistilBertForSequenceClassification extends DistilBertPreTrainedModel {
  static override readonly className: string = 'DistilBertForSequenceClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  distilbert: DistilBertModel;
  pre_classifier: Linear;
  classifier: Linear;
  dropout: Dropout;
  constructor(config: DistilBertConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.distilbert = new DistilBertModel(this.config, { initWeights: false });
    this.pre_classifier = new Linear(this.config.dim, this.config.dim);
    this.classifier = new Linear(this.config.dim, this.config.numLabels);
    this.dropout = new Dropout(this.config.seqClassifDropout);
    this.postInit(options);
  }
  /** pre_classifier → ReLU → dropout → classifier on the first token. */
  override forward(inputs: Readonly<Record<string, unknown>>): SequenceClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.distilbert.encode(a);
    const pooled = this.dropout.forward(this.pre_classifier.forward(out.lastHiddenState.select(1, 0)).relu());
    const logits = this.classifier.forward(pooled);
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : sequenceClassificationLoss(this.config, logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class DistilBertForMaskedLM extends DistilBertPreTrainedModel {
  static override readonly className: string = 'DistilBertForMaskedLM';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  distilbert: DistilBertModel;
  vocab_transform: Linear;
  vocab_layer_norm: LayerNorm;
  vocab_projector: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(config: DistilBertConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.act = activation(this.config.activation, 'activation');
    this.distilbert = new DistilBertModel(this.config, { initWeights: false });
    this.vocab_transform = new Linear(this.config.dim, this.config.dim);
    this.vocab_layer_norm = new LayerNorm(this.config.dim, { eps: 1e-12 });
    this.vocab_projector = new Linear(this.config.dim, this.config.vocabSize);
    if (this.config.tieWordEmbeddings) this.vocab_projector.weight = this.distilbert.embeddings.word_embeddings.weight;
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): MaskedLMOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.distilbert.encode(a);
    const logits = this.vocab_projector.forward(this.vocab_layer_norm.forward(this.act(this.vocab_transform.forward(out.lastHiddenState))));
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class DistilBertForTokenClassification extends DistilBertPreTrainedModel {
  static override readonly className: string = 'DistilBertForTokenClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  distilbert: DistilBertModel;
  dropout: Dropout;
  classifier: Linear;
  constructor(config: DistilBertConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.distilbert = new DistilBertModel(this.config, { initWeights: false });
    this.dropout = new Dropout(this.config.dropout);
    this.classifier = new Linear(this.config.dim, this.config.numLabels);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): TokenClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.distilbert.encode(a);
    const logits = this.classifier.forward(this.dropout.forward(out.lastHiddenState));
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class DistilBertForQuestionAnswering extends DistilBertPreTrainedModel {
  static override readonly className: string = 'DistilBertForQuestionAnswering';
  static override readonly forwardArgNames: readonly string[] = QA_ARGS;
  distilbert: DistilBertModel;
  qa_outputs: Linear;
  dropout: Dropout;
  constructor(config: DistilBertConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.distilbert = new DistilBertModel(this.config, { initWeights: false });
    this.qa_outputs = new Linear(this.config.dim, this.config.numLabels);
    this.dropout = new Dropout(this.config.qaDropout);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): QuestionAnsweringModelOutput {
    const a = this.args(inputs, QA_ARGS);
    const out = this.distilbert.encode(a);
    const [start, end] = this.qa_outputs.forward(this.dropout.forward(out.lastHiddenState)).split(1, -1) as [Tensor, Tensor];
    const startLogits = start.squeeze(-1).contiguous();
    const endLogits = end.squeeze(-1).contiguous();
    const sp = a.tensor('start_positions');
    const ep = a.tensor('end_positions');
    const loss = sp !== null && ep !== null ? questionAnsweringLoss(startLogits, endLogits, sp, ep) : undefined;
    return { loss, startLogits, endLogits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}
