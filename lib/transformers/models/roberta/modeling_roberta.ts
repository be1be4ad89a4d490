// transformers 4.31's RoBERTa in TypeScript on torch.nn: the BERT-style encoder, position ids derived from the
// input ids after the padding index, one token type, and RoBERTa's heads (dense + tanh on <s>, the LM head
// tied to the word embeddings). XLM-RoBERTa subclasses these under its own names.
import { onesLike } from '../../../creation.js';
import { Module } from '../../../nn/module.js';
import type { Parameter } from '../../../nn/parameter.js';
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
import { RobertaConfig } from './configuration_roberta.js';

const BASE_ARGS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids', 'output_attentions', 'output_hidden_states'];
const LABEL_ARGS = [...BASE_ARGS, 'labels'];
const QA_ARGS = [...BASE_ARGS, 'start_positions', 'end_positions'];

/** `create_position_ids_from_input_ids`: real tokens count up from padding_idx + 1, padding keeps padding_idx. */
export function positionIdsFromInputIds(inputIds: Tensor, paddingIdx: number): Tensor {
  const mask = inputIds.ne(paddingIdx).int();
  return mask.cumsum(1).int().mul(mask).long().add(paddingIdx);
}

/** BERT's embeddings with a padding row in the position table and positions derived from the input ids. */
export class RobertaEmbeddings extends BertStyleEmbeddings {
  readonly paddingIdx: number;
  constructor(config: RobertaConfig) {
    super(config, config.hiddenSize, config.padTokenId ?? 0);
    this.paddingIdx = config.padTokenId ?? 0;
  }
  protected override defaultPositionIds(inputIds: Tensor): Tensor {
    return positionIdsFromInputIds(inputIds, this.paddingIdx);
  }
}

export class RobertaPooler extends Module {
  dense: Linear;
  constructor(config: RobertaConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
  }
  forward(hidden: Tensor): Tensor {
    return this.dense.forward(hidden.select(1, 0)).tanh();
  }
}

export abstract class RobertaPreTrainedModel extends PreTrainedModel<RobertaConfig> {
  static override readonly className: string = 'RobertaPreTrainedModel';
  static override readonly baseModelPrefix: string = 'roberta';
  static override readonly configClass: typeof RobertaConfig = RobertaConfig;
  static override readonly nonPersistentBuffers: readonly string[] = ['embeddings.position_ids', 'embeddings.token_type_ids'];
  static readonly forwardArgNames: readonly string[] = BASE_ARGS;

  protected constructor(config: RobertaConfig | ConfigOverrides) {
    const cls = new.target as unknown as typeof RobertaPreTrainedModel;
    super(config instanceof cls.configClass ? (config as RobertaConfig) : new cls.configClass(config));
  }

  /** transformers' post_init: the family's init on every module (unless loading will do the fast init). */
  protected postInit(options: ModelInitOptions): void {
    if (options.initWeights ?? true) this._initWeights(null);
  }

  override _initWeights(loaded: readonly string[] | null): void {
    initUnloadedModules(this, loaded, (m) => initBertStyleModule(m, this.config.initializerRange));
  }

  protected args(inputs: unknown, accepted: readonly string[]): ForwardArgs {
    return forwardArgs((this.constructor as typeof RobertaPreTrainedModel).className, accepted, inputs, this.config);
  }
}

export class RobertaModel extends RobertaPreTrainedModel {
  static override readonly className: string = 'RobertaModel';
  embeddings: RobertaEmbeddings;
  encoder: BertStyleEncoder;
  pooler: RobertaPooler | null;
  constructor(config: RobertaConfig | ConfigOverrides = {}, options: ModelInitOptions & { addPoolingLayer?: boolean } = {}) {
    super(config);
    this.embeddings = new RobertaEmbeddings(this.config);
    this.encoder = new BertStyleEncoder(this.config);
    this.pooler = options.addPoolingLayer === false ? null : new RobertaPooler(this.config);
    this.postInit(options);
  }

  /** The encoder over the inputs (what the heads call). */
  encode(a: ForwardArgs): EncoderOutput {
    const ids = a.tensor('input_ids')!;
    const mask = a.tensor('attention_mask');
    const embeddings = this.embeddings.forward(ids, a.tensor('token_type_ids'), a.tensor('position_ids'));
    const extended = extendedAttentionMask(mask ?? onesLike(ids), embeddings.dtype);
    return this.encoder.forward(embeddings, extended, { hiddenStates: a.hiddenStates, attentions: a.attentions });
  }

  override forward(inputs: Readonly<Record<string, unknown>>): BaseModelOutputWithPooling {
    const out = this.encode(this.args(inputs, BASE_ARGS));
    return { ...out, poolerOutput: this.pooler?.forward(out.lastHiddenState) };
  }
}

/** dropout → dense → tanh → dropout → out_proj on the <s> token. */
export class RobertaClassificationHead extends Module {
  dense: Linear;
  dropout: Dropout;
  out_proj: Linear;
  constructor(config: RobertaConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
    this.dropout = new Dropout(config.classifierDropout ?? config.hiddenDropoutProb);
    this.out_proj = new Linear(config.hiddenSize, config.numLabels);
  }
  forward(features: Tensor): Tensor {
    const x = this.dropout.forward(this.dense.forward(this.dropout.forward(features.select(1, 0))).tanh());
    return this.out_proj.forward(x);
  }
}

/** dense → gelu → layer_norm → decoder (weight tied to the word embeddings, bias = `bias`). */
export class RobertaLMHead extends Module {
  bias: Parameter;
  dense: Linear;
  layer_norm: LayerNorm;
  decoder: Linear;
  constructor(config: RobertaConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
    this.layer_norm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.decoder = new Linear(config.hiddenSize, config.vocabSize);
    this.bias = this.decoder.bias!; // the declared field keeps its place: `bias` comes first, as in Python
  }
  forward(hidden: Tensor): Tensor {
    return this.decoder.forward(this.layer_norm.forward(activation('gelu', 'lm_head')(this.dense.forward(hidden))));
  }
}

export class RobertaForSequenceClassification extends RobertaPreTrainedModel {
  static override readonly className: string = 'RobertaForSequenceClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  roberta: RobertaModel;
  classifier: RobertaClassificationHead;
  constructor(config: RobertaConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.roberta = new RobertaModel(this.config, { initWeights: false, addPoolingLayer: false });
    this.classifier = new RobertaClassificationHead(this.config);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): SequenceClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.roberta.encode(a);
    const logits = this.classifier.forward(out.lastHiddenState);
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : sequenceClassificationLoss(this.config, logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class RobertaForTokenClassification extends RobertaPreTrainedModel {
  static override readonly className: string = 'RobertaForTokenClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  roberta: RobertaModel;
  dropout: Dropout;
  classifier: Linear;
  constructor(config: RobertaConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.roberta = new RobertaModel(this.config, { initWeights: false, addPoolingLayer: false });
    this.dropout = new Dropout(this.config.classifierDropout ?? this.config.hiddenDropoutProb);
    this.classifier = new Linear(this.config.hiddenSize, this.config.numLabels);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): TokenClassifierOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.roberta.encode(a);
    const logits = this.classifier.forward(this.dropout.forward(out.lastHiddenState));
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class RobertaForMaskedLM extends RobertaPreTrainedModel {
  static override readonly className: string = 'RobertaForMaskedLM';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  roberta: RobertaModel;
  lm_head: RobertaLMHead;
  constructor(config: RobertaConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.roberta = new RobertaModel(this.config, { initWeights: false, addPoolingLayer: false });
    this.lm_head = new RobertaLMHead(this.config);
    if (this.config.tieWordEmbeddings) this.lm_head.decoder.weight = this.roberta.embeddings.word_embeddings.weight;
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): MaskedLMOutput {
    const a = this.args(inputs, LABEL_ARGS);
    const out = this.roberta.encode(a);
    const logits = this.lm_head.forward(out.lastHiddenState);
    const labels = a.tensor('labels');
    return { loss: labels === null ? undefined : tokenLoss(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}

export class RobertaForQuestionAnswering extends RobertaPreTrainedModel {
  static override readonly className: string = 'RobertaForQuestionAnswering';
  static override readonly forwardArgNames: readonly string[] = QA_ARGS;
  roberta: RobertaModel;
  qa_outputs: Linear;
  constructor(config: RobertaConfig | ConfigOverrides = {}, options: ModelInitOptions = {}) {
    super(config);
    this.roberta = new RobertaModel(this.config, { initWeights: false, addPoolingLayer: false });
    this.qa_outputs = new Linear(this.config.hiddenSize, this.config.numLabels);
    this.postInit(options);
  }
  override forward(inputs: Readonly<Record<string, unknown>>): QuestionAnsweringModelOutput {
    const a = this.args(inputs, QA_ARGS);
    const out = this.roberta.encode(a);
    const [start, end] = this.qa_outputs.forward(out.lastHiddenState).split(1, -1) as [Tensor, Tensor];
    const startLogits = start.squeeze(-1).contiguous();
    const endLogits = end.squeeze(-1).contiguous();
    const sp = a.tensor('start_positions');
    const ep = a.tensor('end_positions');
    const loss = sp !== null && ep !== null ? questionAnsweringLoss(startLogits, endLogits, sp, ep) : undefined;
    return { loss, startLogits, endLogits, hiddenStates: out.hiddenStates, attentions: out.attentions };
  }
}
