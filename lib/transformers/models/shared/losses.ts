// The losses transformers' heads compute, shared by the TS-written families.
import * as F from '../../../nn/functional.js';
import type { Tensor } from '../../../tensor.js';
import type { PretrainedConfig, ProblemType } from '../../configuration_utils.js';

const isIntegral = (t: Tensor) => t.dtype === 'int64' || t.dtype === 'int32' || t.dtype === 'int16' || t.dtype === 'int8' || t.dtype === 'uint8';

/**
 * ForSequenceClassification's loss for `config.problemType`, inferred and kept in the config when null
 * (regression for one label, single-label for integer labels, else multi-label), as transformers does.
 */
export function sequenceClassificationLoss(config: PretrainedConfig, logits: Tensor, labels: Tensor): Tensor {
  const n = config.numLabels;
  let problem: ProblemType | null = config.problemType;
  if (problem === null) {
    problem = n === 1 ? 'regression' : isIntegral(labels) ? 'single_label_classification' : 'multi_label_classification';
    config.problemType = problem;
  }
  if (problem === 'regression') {
    if (isIntegral(labels)) throw new TypeError(`regression labels must be floating point, got ${labels.dtype}`);
    const target = labels.to(logits.dtype);
    return n === 1 ? F.mseLoss(logits.squeeze(), target.squeeze()) : F.mseLoss(logits, target);
  }
  if (problem === 'single_label_classification') {
    if (!isIntegral(labels)) throw new TypeError(`single_label_classification labels must be integer class indices, got ${labels.dtype}`);
    return F.crossEntropy(logits.view([-1, n]), labels.view([-1]));
  }
  return F.binaryCrossEntropyWithLogits(logits, labels.to(logits.dtype));
}

/** Token classification and masked LM: cross-entropy over the last dimension, -100 ignored. */
export function tokenLoss(logits: Tensor, labels: Tensor): Tensor {
  const n = logits.shape[logits.shape.length - 1]!;
  return F.crossEntropy(logits.view([-1, n]), labels.view([-1]));
}

/** Question answering: positions clamped to the sequence (outside = ignored), mean of the start and end losses. */
export function questionAnsweringLoss(startLogits: Tensor, endLogits: Tensor, startPositions: Tensor, endPositions: Tensor): Tensor {
  const ignored = startLogits.shape[1]!;
  const start = F.crossEntropy(startLogits, startPositions.view([-1]).clamp(0, ignored), { ignoreIndex: ignored });
  const end = F.crossEntropy(endLogits, endPositions.view([-1]).clamp(0, ignored), { ignoreIndex: ignored });
  return start.add(end).div(2);
}
