// What the models' forward returns, as transformers' ModelOutput classes (camelCase fields; absent = None).
import type { Tensor } from '../tensor.js';

/** Any model's output: each field present when the model computes it (the base of the outputs below). */
export interface ModelOutput {
  loss?: Tensor;
  logits?: Tensor;
  lastHiddenState?: Tensor;
  poolerOutput?: Tensor;
  startLogits?: Tensor;
  endLogits?: Tensor;
  hiddenStates?: Tensor[];
  attentions?: Tensor[];
}

export interface BaseModelOutputWithPooling {
  lastHiddenState: Tensor;
  /** tanh(dense(h[:, 0])); absent for a model built without a pooling layer. */
  poolerOutput?: Tensor;
  /** The embedding output, then each layer's output (`outputHiddenStates`). */
  hiddenStates?: Tensor[];
  /** Each layer's attention probabilities [batch, heads, seq, seq] (`outputAttentions`). */
  attentions?: Tensor[];
}

export interface SequenceClassifierOutput {
  /** Present when labels were given. */
  loss?: Tensor;
  logits: Tensor;
  hiddenStates?: Tensor[];
  attentions?: Tensor[];
}

export type TokenClassifierOutput = SequenceClassifierOutput;
export type MaskedLMOutput = SequenceClassifierOutput;

export interface QuestionAnsweringModelOutput {
  /** Present when startPositions and endPositions were given. */
  loss?: Tensor;
  startLogits: Tensor;
  endLogits: Tensor;
  hiddenStates?: Tensor[];
  attentions?: Tensor[];
}
