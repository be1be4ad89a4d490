import { checkTargets, toWeights } from '../classification.js';
import { EvaluationModule, type Gathered } from '../module.js';
import { average, pairwiseSum } from '../numpy.js';

export interface AccuracyOptions {
  /** false: the (weighted) number of correct predictions instead of the fraction. Default true. */
  normalize?: boolean;
  sampleWeight?: ArrayLike<number> | null;
}

/** evaluate's `accuracy`: sklearn `accuracy_score(references, predictions)`. */
export class Accuracy extends EvaluationModule<AccuracyOptions, { accuracy: number }> {
  readonly name = 'accuracy';
  protected readonly feature = 'int32';
  protected readonly optionNames = ['normalize', 'sampleWeight'] as const;

  protected computeOn({ predictions, references }: Gathered, options: AccuracyOptions): { accuracy: number } {
    const sw = toWeights(options.sampleWeight);
    const { yTrue, yPred } = checkTargets(references.values, predictions.values, sw);
    const correct = yTrue.map((t, i) => (t === yPred[i] ? 1 : 0));
    if (options.normalize ?? true) return { accuracy: average(correct, sw) };
    // normalize=False: count of correct samples, or the sum of their weights
    return { accuracy: sw ? pairwiseSum(correct.map((c, i) => c * sw[i]!)) : pairwiseSum(correct) };
  }
}
