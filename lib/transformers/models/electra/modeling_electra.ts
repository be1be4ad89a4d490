// transformers 4.31's ELECTRA in TypeScript on torch.nn: BERT-style embeddings of width `embedding_size`,
// projected to `hidden_size` when they differ, the BERT-style encoder, and ELECTRA's heads (GELU classification
// head on the first token, the discriminator and the tied generator LM head).
import { onesLike } from '../../../creation.js';
import * as F from '../../../nn/functional.js';
import { Module } from '../../../nn/module.js';
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
import { BertStyleEmbeddings } from '../shared/bert_style_embeddings.js';
import { BertStyleEncoder, extendedAttentionMask, type EncoderOutput } from '../shared/bert_style_encoder.js';
import { forwardArgs, type ForwardArgs } from '../shared/inputs.js';
import { initBertStyleModule, initUnloadedModules } from '../shared/init.js';
import { Dropout, LayerNorm, Linear } from '../../../nn/layers/index.js';
import { questionAnsweringLoss, sequenceClassificationLoss, tokenLoss } from '../shared/losses.js';
import { ElectraConfig } from './configuration_electra.js';

const BASE_ARGS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids', 'output_attentions', 'output_hidden_states'];
const LABEL_ARGS = [...BASE_ARGS, 'labels'];
const QA_ARGS = [...BASE_ARGS, 'start_positions', 'end_positions'];

export interface ElectraForPreTrainingOutput {
  loss?: Tensor;
  /** One logit per token: > 0 means "replaced". */
  logits: Tensor;
  hiddenStates?: Tensor[];
  attentions?: Tensor[];
}

export abstract class ElectraPreTrainedModel extends PreTrainedModel<ElectraConfig> {
  static override readonly className: string = 'ElectraPreTrainedModel';
  static override readonly baseModelPrefix: string = 'electra';
  static override readonly configClass: typeof ElectraConfig = ElectraConfig;
  static override readonly nonPersistentBuffers: readonly string[] = ['embeddings.position_ids', 'embeddings.token_type_ids'];
  static readonly forwardArgNames: readonly string[] = BASE_ARGS;

  protected constructor(config: ElectraConfig | ConfigOverrides) {
    super(config instanceof ElectraConfig ? config : new ElectraConfig(config));
  }
  protected postInit(options: ModelInitOptions): void {
    if (options.initWeights ?? true) this._initWeights(null);
  }
  override _initWeights(loaded: readonly string[] | null): void {
    initUnloadedModules(this, loaded, (m) => initBertStyleModule(m, this.config.initializerRange));
  }
  protected args(inputs: unknown, accepted: readonly string[]): ForwardArgs {
    return forwardArgs((this.constructor as typeof ElectraPreTrainedModel).className, accepted, inputs, this.config);
  }
}

export class ElectraModel extends ElectraPreTrainedModel {
  static override readonly className: string = 'ElectraModel';
  embeddings: BertStyleEmbeddings;
  embeddings_project: Linear | null;
  encoder: BertStyleEncoder;
  constructor(config: ElectraConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.embeddings = new BertStyleEmbeddings(this.config, this.config.embeddingSize);
    this.embeddings_project = this.config.embeddingSize !== this.config.hiddenSize ? new Linear(this.config.embeddingSize, this.config.hiddenSize) : null;
    this.encoder = new BertStyleEncoder(this.config);
    this.postInit(options);
  }
  /** The encoder over the inputs; hidden state 0 is the projected embedding output, as in Python. */
  encode(a: ForwardArgs): EncoderOutput {
    const ids = a.tensor('input_ids')!;
    let h = this.embeddings.forward(ids, a.tensor('token_type_ids'), a.tensor('position_ids'));
    const extended = extendedAttentionMask(a.tensor('attention_mask') ?? onesLike(ids), h.dtype);
    if (this.embeddings_project !== null) h = this.embeddings_project.forward(h);
    return this.encoder.forward(h, extended, { hiddenStates: a.hiddenStates, attentions: a.attentions });
  }
  override forward(inputs: Readonly<Record<string, unknown>>): BaseModelOutputWithPooling {
    return this.encode(this.args(inputs, BASE_ARGS));
  }
}

/** dropout → dense → gelu → dropout → out_proj on the first token. */
export class ElectraClassificationHead extends Module {
  dense: Linear;
  dropout: Dropout;
  out_proj: Linear;
  constructor(config: ElectraConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
    this.dropout = new Dropout(config.classifierDropout ?? config.hiddenDropoutProb);
    this.out_proj = new Linear(config.hiddenSize, config.numLabels);
  }
  forward(features: Tensor): Tensor {
    const x = this.dropout.forward(this.dense.forward(this.dropout.forward(features.select(1, 0))).gelu());
    return this.out_proj.forward(x);
  }
}

/** The discriminator: dense → hidden_act → dense_prediction (one logit per token). */
export class ElectraDiscriminatorPredictions extends Module {
  dense: Linear;
  dense_prediction: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(config: ElectraConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
    this.dense_prediction = new Linear(config.hiddenSize, 1);
    this.act = activation(config.hiddenAct, 'hidden_act');
  }
  forward(hidden: Tensor): Tensor {
    return this.dense_prediction.forward(this.act(this.dense.forward(hidden))).squeeze(-1);
  }
}

/** The generator's prediction layer: dense (hidden → embedding size) → gelu → LayerNorm. */
export class ElectraGeneratorPredictions extends Module {
  LayerNorm: LayerNorm;
  dense: Linear;
  constructor(config: ElectraConfig) {
    super();
    this.LayerNorm = new LayerNorm(config.embeddingSize, { eps: config.layerNormEps });
    this.dense = new Linear(config.hiddenSize, config.embeddingSize);
  }
  forward(hidden: Tensor): Tensor {
    return this.LayerNorm.forward(this.dense.forward(hidden).gelu());
  }
}

export class ElectraForSequenceClassification extends ElectraPreTrainedModel {
  static override readonly className: string = 'ElectraForSequenceClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  electra: ElectraModel;
  classifier: ElectraClassificationHead;
  constructor(config: ElectraConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.electra = new ElectraModel(this.config, { initWeights: false });
    this.classifier = new ElectraClassificationHead(this.config);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): SequenceClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.electra.encode(a);
    const logits = this.classifier.forward(out.lastHiddenState);
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : sequenceClassificationLoss(this.config, logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class ElectraForPreTraining extends ElectraPreTrainedModel {
  static override readonly className: string = 'ElectraForPreTraining';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  electra: ElectraModel;
  discriminator_predictions: ElectraDiscriminatorPredictions;
  constructor(config: ElectraConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.electra = new ElectraModel(this.config, { initWeights: false });
    this.discriminator_predictions = new ElectraDiscriminatorPredictions(this.config);
    this.postInit(options);
  }
  /** Replaced-token logits [batch, seq]; labels (1 = replaced) give BCE-with-logits over the attended tokens. */
  override forward(inputs: Readonly<Record<string, unknown>>): ElectraForPreTrainingOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.electra.encode(a);
    const logits = this.discriminator_predictions.forward(out.lastHiddenState);
    const labels = a.tensor('labels');
    let loss: Tensor | undefined;
    if (labels !== null) {
      const mask = a.tensor('attention_mask');
      if (mask === null) loss = F.binaryCrossEntropyWithLogits(logits, labels.to(logits.dtype));
      else {
        const active = mask.eq(1);
        loss = F.binaryCrossEntropyWithLogits(logits.maskedSelect(active), labels.maskedSelect(active).to(logits.dtype));
      }
    }
    return { loss, logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class ElectraForMaskedLM extends ElectraPreTrainedModel {
  static override readonly className: string = 'ElectraForMaskedLM';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  electra: ElectraModel;
  generator_predictions: ElectraGeneratorPredictions;
  generator_lm_head: Linear;
  constructor(config: ElectraConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.electra = new ElectraModel(this.config, { initWeights: false });
    this.generator_predictions = new ElectraGeneratorPredictions(this.config);
    this.generator_lm_head = new Linear(this.config.embeddingSize, this.config.vocabSize);
    if (this.config.tieWordEmbeddings) this.generator_lm_head.weight = this.electra.embeddings.word_embeddings.weight;
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): MaskedLMOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.electra.encode(a);
    const logits = this.generator_lm_head.forward(this.generator_predictions.forward(out.lastHiddenState));
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class ElectraForTokenClassification extends ElectraPreTrainedModel {
  static override readonly className: string = 'ElectraForTokenClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  electra: ElectraModel;
  dropout: Dropout;
  classifier: Linear;
  constructor(config: ElectraConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.electra = new ElectraModel(this.config, { initWeights: false });
    this.dropout = new Dropout(this.config.classifierDropout ?? this.config.hiddenDropoutProb);
    this.classifier = new Linear(this.config.hiddenSize, this.config.numLabels);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): TokenClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.electra.encode(a);
    const logits = this.classifier.forward(this.dropout.forward(out.lastHiddenState));
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class ElectraForQuestionAnswering extends ElectraPreTrainedModel {
  static override readonly className: string = 'ElectraForQuestionAnswering';
  static override readonly forwardArgNames: readonly string[] = QA_ARGS;
  electra: ElectraModel;
  qa_outputs: Linear;
  constructor(config: ElectraConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.electra = new ElectraModel(this.config, { initWeights: false });
    this.qa_outputs = new Linear(this.config.hiddenSize, this.config.numLabels);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): QuestionAnsweringModelOutput {
    const a = this.args(inputs, QA_ARGS);
    const out = this.electra.encode(a);
    const [start, end] = this.qa_outputs.forward(out.lastHiddenState).split(1, -1) as [Tensor, Tensor];
    const startLogits = start.squeeze(-1).contiguous();
    const endLogits = end.squeeze(-1).contiguous();
    const sp = a.tensor('start_positions');
    const ep = a.tensor('end_positions');
    const loss = sp !== null && ep !== null ? questionAnsweringLoss(startLogits, endLogits, sp, ep) : undefined;
    return { loss, startLogits, endLogits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}
