// The loss of the *ForSequenceClassification-style heads (image and audio classification included), as 4.31
// picks it: problem_type from the config, or inferred on the first call (regression for one label, single-label
// for integer labels, else multi-label) and kept in the config.
import * as F from '../nn/functional.js';
import type { Tensor } from '../tensor.js';
import type { PretrainedConfig } from './configuration_utils.js';

export function classificationLoss(config: PretrainedConfig, logits: Tensor, labels: Tensor): Tensor {
  if (config.problemType === null) {
    const integral = !labels.dtype.startsWith('float') && labels.dtype !== 'bfloat16';
    config.problemType = config.numLabels === 1 ? 'regression' : integral ? 'single_label_classification' : 'multi_label_classification';
  }
  switch (config.problemType) {
    case 'regression':
      return config.numLabels === 1 ? F.mseLoss(logits.squeeze(), labels.squeeze().to(logits.dtype)) : F.mseLoss(logits, labels.to(logits.dtype));
    case 'single_label_classification':
      return F.crossEntropy(logits.view(-1, config.numLabels), labels.view(-1));
    case 'multi_label_classification':
      return F.binaryCrossEntropyWithLogits(logits, labels.to(logits.dtype));
  }
}
