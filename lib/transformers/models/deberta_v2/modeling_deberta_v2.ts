// transformers 4.31's DeBERTa-v2/v3 in TypeScript on torch.nn: disentangled self-attention (content-to-position
// and position-to-content terms over bucketed relative positions, `share_att_key`), the relative embeddings'
// LayerNorm (`norm_rel_ebd`), no absolute positions unless `position_biased_input`, the masked softmax, and
// the heads (ContextPooler for classification). StableDropout draws the same masks as nn.Dropout (one
// bernoulli_(1 - p) on the input's shape), so it is nn.Dropout here.
import { onesLike, tensor, zeros, zerosLike } from '../../../creation.js';
import * as F from '../../../nn/functional.js';
import { Module } from '../../../nn/module.js';
import { ModuleList } from '../../../nn/containers.js';
import { Parameter } from '../../../nn/parameter.js';
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
import type { EncoderOutput } from '../shared/bert_style_encoder.js';
import { forwardArgs, type ForwardArgs } from '../shared/inputs.js';
import { initBertStyleModule, initUnloadedModules } from '../shared/init.js';
import { Dropout, Embedding, LayerNorm, Linear } from '../../../nn/layers/index.js';
import { questionAnsweringLoss, sequenceClassificationLoss, tokenLoss } from '../shared/losses.js';
import { DebertaV2Config } from './configuration_deberta_v2.js';
import { buildRelativePosition } from './relative_position.js';

const BASE_ARGS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids', 'output_attentions', 'output_hidden_states'];
const LABEL_ARGS = [...BASE_ARGS, 'labels'];
const QA_ARGS = [...BASE_ARGS, 'start_positions', 'end_positions'];
const FLOAT32_MIN = -3.4028234663852886e38;

/** [batch, seq, heads·d] → [batch·heads, seq, d] (`transpose_for_scores`). */
function toHeads(x: Tensor, heads: number): Tensor {
  const [b, t, h] = x.shape as [number, number, number];
  return x.view([b, t, heads, h / heads]).permute(0, 2, 1, 3).contiguous().view([b * heads, t, h / heads]);
}

/** The relative-position setup the encoder and every attention layer share. */
function relativeSpan(config: DebertaV2Config): { maxRelative: number; buckets: number; span: number } {
  const maxRelative = config.maxRelativePositions < 1 ? config.maxPositionEmbeddings : config.maxRelativePositions;
  const buckets = config.positionBuckets;
  return { maxRelative, buckets, span: buckets > 0 ? buckets : maxRelative };
}

export class DebertaV2Embeddings extends Module {
  word_embeddings: Embedding;
  position_embeddings: Embedding | null;
  token_type_embeddings: Embedding | null;
  embed_proj: Linear | null;
  LayerNorm: LayerNorm;
  dropout: Dropout;
  declare position_ids: Tensor;
  constructor(config: DebertaV2Config) {
    super();
    const size = (config.get('embedding_size') as number | undefined) ?? config.hiddenSize;
    this.word_embeddings = new Embedding(config.vocabSize, size, { paddingIdx: config.padTokenId ?? 0 });
    this.position_embeddings = config.positionBiasedInput ? new Embedding(config.maxPositionEmbeddings, size) : null;
    this.token_type_embeddings = config.typeVocabSize > 0 ? new Embedding(config.typeVocabSize, size) : null;
    this.embed_proj = size !== config.hiddenSize ? new Linear(size, config.hiddenSize, { bias: false }) : null;
    this.LayerNorm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.dropout = new Dropout(config.hiddenDropoutProb);
    this.registerBuffer('position_ids', tensor(Array.from({ length: config.maxPositionEmbeddings }, (_, i) => i), { dtype: 'int64' }).unsqueeze(0), { persistent: false });
  }
  forward(ids: Tensor, types: Tensor | null, positions: Tensor | null, mask: Tensor): Tensor {
    let e = this.word_embeddings.forward(ids);
    if (this.position_embeddings !== null) e = e.add(this.position_embeddings.forward(positions ?? this.position_ids.slice(1, 0, ids.shape[1]!)));
    if (this.token_type_embeddings !== null) e = e.add(this.token_type_embeddings.forward(types ?? zerosLike(ids)));
    if (this.embed_proj !== null) e = this.embed_proj.forward(e);
    e = this.LayerNorm.forward(e).mul(mask.unsqueeze(2).to(e.dtype));
    return this.dropout.forward(e);
  }
}

class DisentangledSelfAttention extends Module {
  readonly heads: number;
  readonly c2p: boolean;
  readonly p2c: boolean;
  readonly span: number;
  query_proj: Linear;
  key_proj: Linear;
  value_proj: Linear;
  pos_dropout: Dropout | null;
  pos_key_proj: Linear | null = null;
  pos_query_proj: Linear | null = null;
  dropout: Dropout;
  constructor(config: DebertaV2Config) {
    super();
    this.heads = config.numAttentionHeads;
    const h = config.hiddenSize;
    this.query_proj = new Linear(h, h);
    this.key_proj = new Linear(h, h);
    this.value_proj = new Linear(h, h);
    this.c2p = config.posAttType.includes('c2p');
    this.p2c = config.posAttType.includes('p2c');
    this.span = relativeSpan(config).span;
    this.pos_dropout = config.relativeAttention ? new Dropout(config.hiddenDropoutProb) : null;
    if (config.relativeAttention && !config.shareAttKey) {
      if (this.c2p) this.pos_key_proj = new Linear(h, h);
      if (this.p2c) this.pos_query_proj = new Linear(h, h);
    }
    this.dropout = new Dropout(config.attentionProbsDropoutProb);
  }

  forward(x: Tensor, mask: Tensor, relativePos: Tensor | null, relEmbeddings: Tensor | null): { hidden: Tensor; probs: Tensor } {
    const q = toHeads(this.query_proj.forward(x), this.heads);
    const k = toHeads(this.key_proj.forward(x), this.heads);
    const v = toHeads(this.value_proj.forward(x), this.heads);
    const factor = 1 + Number(this.c2p) + Number(this.p2c);
    const d = q.shape[2]!;
    const scale = tensor(d * factor).sqrt();
    let scores = q.bmm(k.transpose(-1, -2).div(scale));
    if (this.pos_dropout !== null && relativePos !== null && relEmbeddings !== null) {
      const bias = this.bias(q, k, relativePos, this.pos_dropout.forward(relEmbeddings), scale);
      if (bias !== null) scores = scores.add(bias);
    }
    const [bh, t] = scores.shape as [number, number, number];
    const scores4 = scores.view([bh / this.heads, this.heads, t, scores.shape[2]!]);
    // XSoftmax: masked positions get float32's minimum before the softmax and 0 after it
    const masked = mask.eq(0);
    const probs = scores4.maskedFill(masked, FLOAT32_MIN).softmax(-1).maskedFill(masked, 0);
    const context = this.dropout.forward(probs).view([bh, t, scores.shape[2]!]).bmm(v);
    const [, , dh] = context.shape as [number, number, number];
    const merged = context.view([bh / this.heads, this.heads, t, dh]).permute(0, 2, 1, 3).contiguous().view([bh / this.heads, t, this.heads * dh]);
    return { hidden: merged, probs };
  }

  /** The c2p and p2c terms, each gathered at the clamped relative positions and divided by the scale. */
  private bias(q: Tensor, k: Tensor, relativePos: Tensor, rel: Tensor, scale: Tensor): Tensor | null {
    const span = this.span;
    const batch = q.shape[0]! / this.heads;
    const relRows = rel.slice(0, 0, span * 2).unsqueeze(0);
    const project = (proj: Linear) => toHeads(proj.forward(relRows), this.heads).repeat(batch, 1, 1);
    const pos = relativePos.unsqueeze(1); // [1, 1, q, k]
    const index = (p: Tensor) => p.clamp(0, span * 2 - 1).squeeze(0).expand([q.shape[0]!, q.shape[1]!, k.shape[1]!]);
    let score: Tensor | null = null;
    if (this.c2p) {
      const posKey = project(this.pos_key_proj ?? this.key_proj);
      const c2p = q.bmm(posKey.transpose(-1, -2)).gather(-1, index(pos.add(span))).div(scale);
      score = c2p;
    }
    if (this.p2c) {
      const posQuery = project(this.pos_query_proj ?? this.query_proj);
      const p2c = k.bmm(posQuery.transpose(-1, -2)).gather(-1, index(pos.neg().add(span))).transpose(-1, -2).div(scale);
      score = score === null ? p2c : score.add(p2c);
    }
    return score;
  }
}

/** dense → dropout → LayerNorm(· + residual). */
class ResidualOutput extends Module {
  dense: Linear;
  LayerNorm: LayerNorm;
  dropout: Dropout;
  constructor(config: DebertaV2Config, inFeatures: number) {
    super();
    this.dense = new Linear(inFeatures, config.hiddenSize);
    this.LayerNorm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.dropout = new Dropout(config.hiddenDropoutProb);
  }
  forward(x: Tensor, residual: Tensor): Tensor {
    return this.LayerNorm.forward(this.dropout.forward(this.dense.forward(x)).add(residual));
  }
}

class Attention extends Module {
  self: DisentangledSelfAttention;
  output: ResidualOutput;
  constructor(config: DebertaV2Config) {
    super();
    this.self = new DisentangledSelfAttention(config);
    this.output = new ResidualOutput(config, config.hiddenSize);
  }
}

class Intermediate extends Module {
  dense: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(config: DebertaV2Config) {
    super();
    this.dense = new Linear(config.hiddenSize, config.intermediateSize);
    this.act = activation(config.hiddenAct, 'hidden_act');
  }
}

class Layer extends Module {
  attention: Attention;
  intermediate: Intermediate;
  output: ResidualOutput;
  constructor(config: DebertaV2Config) {
    super();
    this.attention = new Attention(config);
    this.intermediate = new Intermediate(config);
    this.output = new ResidualOutput(config, config.intermediateSize);
  }
  forward(x: Tensor, mask: Tensor, relativePos: Tensor | null, rel: Tensor | null): { hidden: Tensor; probs: Tensor } {
    const { hidden, probs } = this.attention.self.forward(x, mask, relativePos, rel);
    const attended = this.attention.output.forward(hidden, x);
    const inter = this.intermediate.act(this.intermediate.dense.forward(attended));
    return { hidden: this.output.forward(inter, attended), probs };
  }
}

export class DebertaV2Encoder extends Module {
  layer: ModuleList<Layer>;
  rel_embeddings: Embedding | null;
  LayerNorm: LayerNorm | null;
  readonly relative: { maxRelative: number; buckets: number } | null;
  constructor(config: DebertaV2Config) {
    super();
    if (config.convKernelSize > 0) throw new TypeError('DeBERTa-v2 with conv_kernel_size > 0 (the ConvLayer) is not supported by tstorch');
    this.layer = new ModuleList(Array.from({ length: config.numHiddenLayers }, () => new Layer(config)));
    const { maxRelative, buckets } = relativeSpan(config);
    this.relative = config.relativeAttention ? { maxRelative, buckets } : null;
    this.rel_embeddings = config.relativeAttention ? new Embedding((buckets > 0 ? buckets : maxRelative) * 2, config.hiddenSize) : null;
    this.LayerNorm = config.normRelEbd.includes('layer_norm') ? new LayerNorm(config.hiddenSize, { eps: config.layerNormEps }) : null;
  }
  forward(x: Tensor, mask: Tensor, flags: { hiddenStates: boolean; attentions: boolean }): EncoderOutput {
    const mask4 = mask.unsqueeze(1).unsqueeze(2).mul(mask.unsqueeze(1).unsqueeze(3)); // [b, 1, q, k]
    const t = x.shape[1]!;
    const relativePos = this.relative === null ? null : buildRelativePosition(t, t, this.relative.buckets, this.relative.maxRelative);
    let rel: Tensor | null = this.rel_embeddings?.weight ?? null;
    if (rel !== null && this.LayerNorm !== null) rel = this.LayerNorm.forward(rel);
    const hiddenStates = flags.hiddenStates ? [x] : undefined;
    const attentions = flags.attentions ? ([] as Tensor[]) : undefined;
    let h = x;
    for (const layer of this.layer) {
      const out = layer.forward(h, mask4, relativePos, rel);
      h = out.hidden;
      hiddenStates?.push(h);
      attentions?.push(out.probs);
    }
    return { lastHiddenState: h, hiddenStates, attentions };
  }
}

export abstract class DebertaV2PreTrainedModel extends PreTrainedModel<DebertaV2Config> {
  static override readonly className: string = 'DebertaV2PreTrainedModel';
  static override readonly baseModelPrefix: string = 'deberta';
  static override readonly configClass: typeof DebertaV2Config = DebertaV2Config;
  static override readonly nonPersistentBuffers: readonly string[] = ['embeddings.position_ids'];
  static override readonly keysToIgnoreOnLoadUnexpected: readonly RegExp[] = [/position_embeddings/];
  static readonly forwardArgNames: readonly string[] = BASE_ARGS;

  protected constructor(config: DebertaV2Config | ConfigOverrides) {
    super(config instanceof DebertaV2Config ? config : new DebertaV2Config(config));
  }
  protected postInit(options: ModelInitOptions): void {
    if (options.initWeights ?? true) this._initWeights(null);
  }
  /** DeBERTa's `_init_weights` leaves LayerNorms as constructed (1 / 0). */
  override _initWeights(loaded: readonly string[] | null): void {
    initUnloadedModules(this, loaded, (m) => {
      if (!(m instanceof LayerNorm)) initBertStyleModule(m, this.config.initializerRange);
    });
  }
  protected args(inputs: unknown, accepted: readonly string[]): ForwardArgs {
    return forwardArgs((this.constructor as typeof DebertaV2PreTrainedModel).className, accepted, inputs, this.config);
  }
}

export class DebertaV2Model extends DebertaV2PreTrainedModel {
  static override readonly className: string = 'DebertaV2Model';
  embeddings: DebertaV2Embeddings;
  encoder: DebertaV2Encoder;
  constructor(config: DebertaV2Config | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.embeddings = new DebertaV2Embeddings(this.config);
    this.encoder = new DebertaV2Encoder(this.config);
    this.postInit(options);
  }
  encode(a: ForwardArgs): EncoderOutput {
    const ids = a.tensor('input_ids')!;
    const mask = a.tensor('attention_mask') ?? onesLike(ids);
    const embedded = this.embeddings.forward(ids, a.tensor('token_type_ids'), a.tensor('position_ids'), mask);
    return this.encoder.forward(embedded, mask, { hiddenStates: a.hiddenStates, attentions: a.attentions });
  }
  override forward(inputs: Readonly<Record<string, unknown>>): BaseModelOutputWithPooling {
    return this.encode(this.args(inputs, BASE_ARGS));
  }
}

/** dropout → dense → pooler_hidden_act on the first token. */
export class ContextPooler extends Module {
  dense: Linear;
  dropout: Dropout;
  readonly act: (x: Tensor) => Tensor;
  constructor(config: DebertaV2Config) {
    super();
    this.dense = new Linear(config.poolerHiddenSize, config.poolerHiddenSize);
    this.dropout = new Dropout(config.poolerDropout);
    this.act = activation(config.poolerHiddenAct, 'pooler_hidden_act');
  }
  forward(hidden: Tensor): Tensor {
    return this.act(this.dense.forward(this.dropout.forward(hidden.select(1, 0))));
  }
}

/** DeBERTa's loss when problem_type is null: regression, cross-entropy over labels ≥ 0, or soft labels. */
function debertaSequenceLoss(config: DebertaV2Config, logits: Tensor, labels: Tensor): Tensor {
  if (config.problemType !== null) return sequenceClassificationLoss(config, logits, labels);
  const n = config.numLabels;
  if (n === 1) return F.mseLoss(logits.view([-1]).to(labels.dtype), labels.view([-1]));
  if (labels.dim() === 1 || labels.shape[labels.dim() - 1] === 1) {
    const index = labels.ge(0).nonzero();
    if (index.shape[0] === 0) return tensor(0).to(logits.dtype);
    const picked = logits.gather(0, index.expand([index.shape[0]!, logits.shape[1]!]));
    return F.crossEntropy(picked.view([-1, n]).float(), labels.long().gather(0, index.view([-1])));
  }
  return logits.logSoftmax(-1).mul(labels).sum(-1).mean().neg();
}

export class DebertaV2ForSequenceClassification extends DebertaV2PreTrainedModel {
  static override readonly className: string = 'DebertaV2ForSequenceClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  deberta: DebertaV2Model;
  pooler: ContextPooler;
  classifier: Linear;
  dropout: Dropout;
  constructor(config: DebertaV2Config | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.deberta = new DebertaV2Model(this.config, { initWeights: false });
    this.pooler = new ContextPooler(this.config);
    this.classifier = new Linear(this.config.hiddenSize, this.config.numLabels);
    this.dropout = new Dropout((this.config.get('cls_dropout') as number | null | undefined) ?? this.config.hiddenDropoutProb);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): SequenceClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.deberta.encode(a);
    const logits = this.classifier.forward(this.dropout.forward(this.pooler.forward(out.lastHiddenState)));
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : debertaSequenceLoss(this.config, logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

class PredictionHeadTransform extends Module {
  dense: Linear;
  LayerNorm: LayerNorm;
  readonly act: (x: Tensor) => Tensor;
  constructor(config: DebertaV2Config, size: number) {
    super();
    this.dense = new Linear(config.hiddenSize, size);
    this.act = activation(config.hiddenAct, 'hidden_act');
    this.LayerNorm = new LayerNorm(size, { eps: config.layerNormEps });
  }
  forward(x: Tensor): Tensor {
    return this.LayerNorm.forward(this.act(this.dense.forward(x)));
  }
}

class LMPredictionHead extends Module {
  transform: PredictionHeadTransform;
  decoder: Linear;
  bias: Parameter;
  constructor(config: DebertaV2Config) {
    super();
    const size = (config.get('embedding_size') as number | undefined) ?? config.hiddenSize;
    this.transform = new PredictionHeadTransform(config, size);
    this.decoder = new Linear(size, config.vocabSize, { bias: false });
    this.bias = new Parameter(zeros([config.vocabSize]));
    this.decoder.bias = this.bias;
  }
  forward(x: Tensor): Tensor {
    return this.decoder.forward(this.transform.forward(x));
  }
}

class OnlyMLMHead extends Module {
  predictions: LMPredictionHead;
  constructor(config: DebertaV2Config) {
    super();
    this.predictions = new LMPredictionHead(config);
  }
}

export class DebertaV2ForMaskedLM extends DebertaV2PreTrainedModel {
  static override readonly className: string = 'DebertaV2ForMaskedLM';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  deberta: DebertaV2Model;
  cls: OnlyMLMHead;
  constructor(config: DebertaV2Config | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.deberta = new DebertaV2Model(this.config, { initWeights: false });
    this.cls = new OnlyMLMHead(this.config);
    if (this.config.tieWordEmbeddings) this.cls.predictions.decoder.weight = this.deberta.embeddings.word_embeddings.weight;
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): MaskedLMOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.deberta.encode(a);
    const logits = this.cls.predictions.forward(out.lastHiddenState);
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class DebertaV2ForTokenClassification extends DebertaV2PreTrainedModel {
  static override readonly className: string = 'DebertaV2ForTokenClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  deberta: DebertaV2Model;
  dropout: Dropout;
  classifier: Linear;
  constructor(config: DebertaV2Config | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.deberta = new DebertaV2Model(this.config, { initWeights: false });
    this.dropout = new Dropout(this.config.hiddenDropoutProb);
    this.classifier = new Linear(this.config.hiddenSize, this.config.numLabels);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): TokenClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.deberta.encode(a);
    const logits = this.classifier.forward(this.dropout.forward(out.lastHiddenState));
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class DebertaV2ForQuestionAnswering extends DebertaV2PreTrainedModel {
  static override readonly className: string = 'DebertaV2ForQuestionAnswering';
  static override readonly forwardArgNames: readonly string[] = QA_ARGS;
  deberta: DebertaV2Model;
  qa_outputs: Linear;
  constructor(config: DebertaV2Config | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.deberta = new DebertaV2Model(this.config, { initWeights: false });
    this.qa_outputs = new Linear(this.config.hiddenSize, this.config.numLabels);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): QuestionAnsweringModelOutput {
    const a = this.args(inputs, QA_ARGS);
    const out = this.deberta.encode(a);
    const [start, end] = this.qa_outputs.forward(out.lastHiddenState).split(1, -1) as [Tensor, Tensor];
    const startLogits = start.squeeze(-1).contiguous();
    const endLogits = end.squeeze(-1).contiguous();
    const sp = a.tensor('start_positions');
    const ep = a.tensor('end_positions');
    const loss = sp !== null && ep !== null ? questionAnsweringLoss(startLogits, endLogits, sp, ep) : undefined;
    return { loss, startLogits, endLogits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}
