import { checkConsistentLength, toWeights } from '../classification.js';
import { EvaluationModule, type ComputeInputs, type Gathered } from '../module.js';
import { average } from '../numpy.js';

export interface MseOptions {
  sampleWeight?: ArrayLike<number> | null;
  /** How to combine several outputs: 'uniform_average' (default), 'raw_values' (one error per output) or weights. */
  multioutput?: 'uniform_average' | 'raw_values' | ArrayLike<number>;
  /** false: root mean squared error. Default true. */
  squared?: boolean;
}

type MseValue<O> = O extends { multioutput: 'raw_values' } ? number[] : number;

/**
 * evaluate's `mse`: sklearn `mean_squared_error(references, predictions)`. Inputs are float32-rounded first,
 * because evaluate stores them as Value('float'); the arithmetic is float64 like numpy's.
 * Accepts one value per example or rows of values (evaluate's 'multilist' config).
 */
export class Mse extends EvaluationModule<MseOptions, { mse: number | number[] }> {
  readonly name = 'mse';
  protected readonly feature = 'float32';
  protected override readonly allowRows = true;
  protected readonly optionNames = ['sampleWeight', 'multioutput', 'squared'] as const;

  override compute<O extends MseOptions = {}>(options?: ComputeInputs & O): { mse: MseValue<O> } {
    return super.compute(options) as { mse: MseValue<O> };
  }

  protected computeOn({ predictions, references }: Gathered, options: MseOptions): { mse: number | number[] } {
    const outputs = references.width ?? 1;
    if ((predictions.width ?? 1) !== outputs) {
      throw new RangeError(`y_true and y_pred have different number of output (${outputs}!=${predictions.width ?? 1})`);
    }
    const n = references.rows;
    const sw = toWeights(options.sampleWeight);
    checkConsistentLength(n, predictions.rows, sw?.length);
    if (n === 0) throw new RangeError('mse: no examples to compute on');
    // np.average((y_true - y_pred) ** 2, axis=0, weights=sample_weight), one value per output column
    let errors = Array.from({ length: outputs }, (_, j) => {
      const col = Array.from({ length: n }, (_, i) => {
        const d = references.values[i * outputs + j]! - predictions.values[i * outputs + j]!;
        return d * d;
      });
      // numpy sums an (n, k>1) array down axis 0 row by row; a single column pairwise
      return outputs === 1 ? average(col, sw) : sequentialAverage(col, sw);
    });
    if (options.squared === false) errors = errors.map(Math.sqrt);
    const mo = options.multioutput ?? 'uniform_average';
    if (mo === 'raw_values') return { mse: errors };
    if (mo === 'uniform_average') return { mse: average(errors) };
    if (typeof mo === 'string') throw new RangeError(`multioutput must be 'raw_values', 'uniform_average' or an array of weights, got '${mo}'`);
    const weights = Array.from(mo);
    if (outputs === 1) throw new RangeError('Custom weights are useful only in multi-output cases.');
    if (weights.length !== outputs) {
      throw new RangeError(`There must be equally many custom weights (${weights.length}) as outputs (${outputs}).`);
    }
    return { mse: average(errors, weights) };
  }
}

function sequentialAverage(a: number[], w: number[] | null): number {
  let num = 0;
  let den = 0;
  a.forEach((v, i) => {
    num += w ? v * w[i]! : v;
    den += w ? w[i]! : 1;
  });
  if (den === 0) throw new RangeError("Weights sum to zero, can't be normalized");
  return num / den;
}
