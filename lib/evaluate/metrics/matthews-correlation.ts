import { checkTargets, toWeights } from '../classification.js';
import { EvaluationModule, type Gathered } from '../module.js';

export interface MatthewsCorrelationOptions {
  sampleWeight?: ArrayLike<number> | null;
}

/**
 * evaluate's `matthews_correlation`: sklearn `matthews_corrcoef`, the multi-class form (Gorodkin's R_K)
 * computed from the confusion matrix C over the sorted labels:
 *   (c·s − t·p) / sqrt((s² − p·p)(s² − t·t)),  t = row sums, p = column sums, c = trace, s = total;
 * 0 when either factor under the root is 0.
 */
export class MatthewsCorrelation extends EvaluationModule<MatthewsCorrelationOptions, { matthews_correlation: number }> {
  readonly name = 'matthews_correlation';
  protected readonly feature = 'int32';
  protected readonly optionNames = ['sampleWeight'] as const;

  protected computeOn({ predictions, references }: Gathered, options: MatthewsCorrelationOptions) {
    const sw = toWeights(options.sampleWeight);
    const { yTrue, yPred, present } = checkTargets(references.values, predictions.values, sw);
    const k = present.length;
    const index = new Map(present.map((l, i) => [l, i]));
    const C = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    yTrue.forEach((t, i) => {
      C[index.get(t)!]![index.get(yPred[i]!)!]! += sw ? sw[i]! : 1;
    });
    const tSum = C.map((row) => row.reduce((a, b) => a + b, 0));
    const pSum = present.map((_, j) => C.reduce((a, row) => a + row[j]!, 0));
    const nCorrect = C.reduce((a, row, i) => a + row[i]!, 0);
    const nSamples = pSum.reduce((a, b) => a + b, 0);
    const dot = (a: number[], b: number[]) => a.reduce((acc, v, i) => acc + v * b[i]!, 0);
    const covYtYp = nCorrect * nSamples - dot(tSum, pSum);
    const covYpYp = nSamples ** 2 - dot(pSum, pSum);
    const covYtYt = nSamples ** 2 - dot(tSum, tSum);
    if (covYpYp * covYtYt === 0) return { matthews_correlation: 0.0 };
    return { matthews_correlation: covYtYp / Math.sqrt(covYtYt * covYpYp) };
  }
}
