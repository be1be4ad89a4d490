// transformers' BERT classes over the native models of cpp/models/: construction builds the libtorch modules,
// `forward` is one native call for the whole model (forward, loss, optional hidden states and attentions).
import { native } from '../../../native.js';
import type { MoveTarget } from '../../../nn/module.js';
import { NativeModel, type ModuleHandle } from '../../../nn/native-module.js';
import type { Parameter } from '../../../nn/parameter.js';
import { Tensor } from '../../../tensor.js';
import { resolveAttnImplementation } from '../../attention.js';
import type { ConfigOverrides } from '../../configuration_utils.js';
import { BertConfig } from './configuration_bert.js';
import { PreTrainedModel, type ModelInitOptions } from '../../modeling_utils.js';
import type {
  BaseModelOutputWithPooling,
  MaskedLMOutput,
  QuestionAnsweringModelOutput,
  SequenceClassifierOutput,
  TokenClassifierOutput,
} from '../../modeling_outputs.js';
import { readForwardInputs, type BertForwardInputs, type BertLabelInputs, type BertQuestionAnsweringInputs } from './forward-inputs.js';

/** A forward's inputs: the typed object, or any batch object (a DataLoader batch) with those keys. */
type Inputs<T> = T | Readonly<Record<string, unknown>>;

const BASE_ARGS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids', 'output_attentions', 'output_hidden_states'] as const;

interface NativeOutputs {
  loss?: unknown;
  logits?: unknown;
  startLogits?: unknown;
  endLogits?: unknown;
  lastHiddenState?: unknown;
  poolerOutput?: unknown;
  hiddenStates?: unknown[];
  attentions?: unknown[];
  problemType?: string;
}

export interface BertModelOptions extends ModelInitOptions {
  /** BertModel only: build the pooler (dense + tanh on [CLS]); default true, as in transformers. */
  addPoolingLayer?: boolean;
}

function nativeConfig(config: BertConfig, className: string): Record<string, unknown> {
  const pruned = config.get('pruned_heads');
  if (pruned !== null && typeof pruned === 'object' && Object.keys(pruned).length > 0) {
    throw new TypeError('config.pruned_heads is not supported by tstorch (prune heads in Python and save the pruned model)');
  }
  return { ...config.toDict(), num_labels: config.numLabels, _attn_implementation: resolveAttnImplementation(config, className) };
}

const wrapTensor = (h: unknown): Tensor => new Tensor(h as Tensor['_h']);
const wrapOptional = (h: unknown): Tensor | undefined => (h === undefined ? undefined : wrapTensor(h));
const wrapList = (hs: unknown[] | undefined): Tensor[] | undefined => hs?.map(wrapTensor);

/**
 * The native BERT models: nn.Modules whose own members are the native model's parameters (dotted names, tied
 * weights as state-dict aliases), so a TS module holding one sees them under its field name.
 */
export abstract class BertPreTrainedModel extends PreTrainedModel<BertConfig> {
  static override readonly className: string = 'BertPreTrainedModel';
  static override readonly baseModelPrefix: string = 'bert';
  static override readonly configClass = BertConfig;
  static override readonly nonPersistentBuffers: readonly string[] = ['embeddings.position_ids', 'embeddings.token_type_ids'];
  /** The snake_case inputs forward takes (what a Trainer keeps of a data set's columns). */
  static readonly forwardArgNames: readonly string[] = BASE_ARGS;
  /** The class the native factory builds. */
  protected static nativeClass(options: BertModelOptions): string {
    void options;
    return this.className;
  }

  /** A new model: `initWeights` (default) applies transformers' random init, as Python's constructor does. */
  constructor(config: BertConfig | ConfigOverrides = {}, options: BertModelOptions = {}) {
    const cfg = config instanceof BertConfig ? config : new BertConfig(config);
    const cls = new.target as unknown as typeof BertPreTrainedModel;
    const handle = native.bertCreate(cls.nativeClass(options), nativeConfig(cfg, cls.className), options.initWeights ?? true) as ModuleHandle;
    super(cfg);
    this.#native = new NativeModel(handle, () => this.className);
  }

  readonly #native: NativeModel;
  /** @internal the native model */
  get _m(): ModuleHandle {
    return this.#native.handle;
  }
  /** @internal */
  override _ownParameters(): Array<[string, Parameter]> {
    return this.#native.parameters();
  }
  /** @internal */
  override _stateAliases(): Array<[string, string]> {
    return this.#native.tiedParameters();
  }
  /** @internal */
  override _moveOwn(target: MoveTarget): void {
    this.#native.move(target);
  }
  /** @internal */
  override _disposeOwn(): void {
    this.#native.dispose();
  }
  /** @internal */
  override _initWeights(loaded: readonly string[] | null): void {
    native.bertInitWeights(this._m, loaded === null ? null : [...loaded]);
  }
  override train(mode = true): this {
    super.train(mode);
    this.#native.train(mode);
    return this;
  }
  get isDisposed(): boolean {
    return this.#native.isDisposed;
  }
  /** transformers' gradient_checkpointing_enable(): the native forward is one libtorch call, which does not checkpoint. */
  gradientCheckpointingEnable(): void {
    throw new TypeError(
      `${this.className} does not support gradient checkpointing in tstorch: its forward is one native call (cpp/models), ` +
        'which keeps every activation; TS-written models can checkpoint their layers with torch.utils.checkpoint.checkpoint',
    );
  }

  /** Reads the inputs, runs the native forward and keeps the inferred problem type in the config, as transformers. */
  protected runForward(inputs: unknown): NativeOutputs {
    const cls = this.constructor as typeof BertPreTrainedModel;
    const read = readForwardInputs(cls.className, cls.forwardArgNames, inputs);
    const payload: Record<string, unknown> = {
      output_hidden_states: this.config.outputHiddenStates,
      output_attentions: this.config.outputAttentions,
      problem_type: this.config.problemType ?? undefined,
    };
    for (const [k, v] of read) payload[k] = v instanceof Tensor ? v._h : v;
    let out: NativeOutputs;
    try {
      out = native.bertForward(this._m, cls.className, payload) as NativeOutputs;
    } catch (e) {
      if (e instanceof Error) e.message = e.message.replace(/^tstorch\.bertForward: /, '');
      throw e;
    }
    if (out.problemType !== undefined && this.config.problemType === null) this.config.problemType = out.problemType as BertConfig['problemType'];
    return out;
  }

  protected classifierOutput(out: NativeOutputs): SequenceClassifierOutput {
    return { loss: wrapOptional(out.loss), logits: wrapTensor(out.logits), hiddenStates: wrapList(out.hiddenStates), attentions: wrapList(out.attentions) };
  }
}

export class BertModel extends BertPreTrainedModel {
  static override readonly className: string = 'BertModel';
  protected static override nativeClass(options: BertModelOptions): string {
    return options.addPoolingLayer === false ? 'BertModelWithoutPooler' : 'BertModel';
  }
  override forward(inputs: Inputs<BertForwardInputs>): BaseModelOutputWithPooling {
    const out = this.runForward(inputs);
    return {
      lastHiddenState: wrapTensor(out.lastHiddenState),
      poolerOutput: wrapOptional(out.poolerOutput),
      hiddenStates: wrapList(out.hiddenStates),
      attentions: wrapList(out.attentions),
    };
  }
}

const LABEL_ARGS = [...BASE_ARGS, 'labels'];

export class BertForSequenceClassification extends BertPreTrainedModel {
  static override readonly className: string = 'BertForSequenceClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  /**
   * Logits [batch, numLabels]; with labels, the loss of `config.problemType` (inferred on the first call when
   * null: regression for 1 label, single-label for integer labels, else multi-label).
   */
  override forward(inputs: Inputs<BertLabelInputs>): SequenceClassifierOutput {
    return this.classifierOutput(this.runForward(inputs));
  }
}

export class BertForTokenClassification extends BertPreTrainedModel {
  static override readonly className: string = 'BertForTokenClassification';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  /** Logits [batch, seq, numLabels]; labels [batch, seq] (-100 = ignored) give the cross-entropy loss. */
  override forward(inputs: Inputs<BertLabelInputs>): TokenClassifierOutput {
    return this.classifierOutput(this.runForward(inputs));
  }
}

export class BertForMaskedLM extends BertPreTrainedModel {
  static override readonly className: string = 'BertForMaskedLM';
  static override readonly forwardArgNames: readonly string[] = LABEL_ARGS;
  /** Prediction scores [batch, seq, vocab]; labels [batch, seq] (-100 = not masked) give the MLM loss. */
  override forward(inputs: Inputs<BertLabelInputs>): MaskedLMOutput {
    return this.classifierOutput(this.runForward(inputs));
  }
}

export class BertForQuestionAnswering extends BertPreTrainedModel {
  static override readonly className: string = 'BertForQuestionAnswering';
  static override readonly forwardArgNames: readonly string[] = [...BASE_ARGS, 'start_positions', 'end_positions'];
  /** Start and end logits [batch, seq]; with both positions, the mean of their cross-entropy losses. */
  override forward(inputs: Inputs<BertQuestionAnsweringInputs>): QuestionAnsweringModelOutput {
    const out = this.runForward(inputs);
    return {
      loss: wrapOptional(out.loss),
      startLogits: wrapTensor(out.startLogits),
      endLogits: wrapTensor(out.endLogits),
      hiddenStates: wrapList(out.hiddenStates),
      attentions: wrapList(out.attentions),
    };
  }
}
