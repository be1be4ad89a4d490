// The head pieces transformers copies between families ("Copied from ...Roberta/Bert"), written once: the
// first-token pooler and classification head, and the outputs of the token-classification / masked-LM and
// question-answering heads. Module and parameter names are transformers' (`dense`, `out_proj`, `qa_outputs`).
import { Module } from '../../../nn/module.js';
import type { Tensor } from '../../../tensor.js';
import type { QuestionAnsweringModelOutput, SequenceClassifierOutput } from '../../modeling_outputs.js';
import { Dropout, Linear } from '../../../nn/layers/index.js';
import type { EncoderOutput } from './bert_style_encoder.js';
import type { ForwardArgs } from './inputs.js';
import { questionAnsweringLoss, tokenLoss } from './losses.js';

/** dense → tanh on the first token: BertPooler and its copies (RobertaPooler, ViTPooler). */
export class FirstTokenPooler extends Module {
  dense: Linear;
  constructor(hiddenSize: number) {
    super();
    this.dense = new Linear(hiddenSize, hiddenSize);
  }
  forward(hidden: Tensor): Tensor {
    return this.dense.forward(hidden.select(1, 0)).tanh();
  }
}

/** dropout → dense → act → dropout → out_proj on the first token: RoBERTa's (tanh) and ELECTRA's (gelu) head. */
export class FirstTokenClassificationHead extends Module {
  dense: Linear;
  dropout: Dropout;
  out_proj: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(hiddenSize: number, numLabels: number, dropout: number, act: (x: Tensor) => Tensor) {
    super();
    this.dense = new Linear(hiddenSize, hiddenSize);
    this.dropout = new Dropout(dropout);
    this.out_proj = new Linear(hiddenSize, numLabels);
    this.act = act;
  }
  forward(features: Tensor): Tensor {
    const x = this.dropout.forward(this.act(this.dense.forward(this.dropout.forward(features.select(1, 0)))));
    return this.out_proj.forward(x);
  }
}

/**
 * A labelled head's output: `lossOf(logits, labels)` when labels are given (default: the per-token cross-entropy
 * of token classification and masked LM).
 */
export function classifierOutput(
  logits: Tensor,
  a: ForwardArgs,
  out: EncoderOutput,
  lossOf: (logits: Tensor, labels: Tensor) => Tensor = tokenLoss,
): SequenceClassifierOutput {
  const labels = a.tensor('labels');
  return { loss: labels === null ? undefined : lossOf(logits, labels), logits, hiddenStates: out.hiddenStates, attentions: out.attentions };
}

/** The span head's output from `qa_outputs`' [batch, seq, 2] logits, with the loss when both positions are given. */
export function questionAnsweringOutput(qaLogits: Tensor, a: ForwardArgs, out: EncoderOutput): QuestionAnsweringModelOutput {
  const [start, end] = qaLogits.split(1, -1) as [Tensor, Tensor];
  const startLogits = start.squeeze(-1).contiguous();
  const endLogits = end.squeeze(-1).contiguous();
  const sp = a.tensor('start_positions');
  const ep = a.tensor('end_positions');
  const loss = sp !== null && ep !== null ? questionAnsweringLoss(startLogits, endLogits, sp, ep) : undefined;
  return { loss, startLogits, endLogits, hiddenStates: out.hiddenStates, attentions: out.attentions };
}
