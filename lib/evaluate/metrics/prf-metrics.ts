// f1, precision and recall: evaluate's wrappers of sklearn's f1_score / precision_score / recall_score.
import { toWeights } from '../classification.js';
import { EvaluationModule, type ComputeInputs, type Gathered } from '../module.js';
import { prfScore, type Average, type ZeroDivision } from '../prf.js';

export interface PrfComputeOptions {
  /** 'binary' (default: the score of posLabel), 'micro', 'macro', 'weighted', or null for one score per label. */
  average?: Average | null;
  /** Labels to score (and their order for average null); default: every label present, sorted. */
  labels?: ArrayLike<number> | null;
  /** The positive class for average 'binary'. Default 1. */
  posLabel?: number;
  sampleWeight?: ArrayLike<number> | null;
  /** Value for a 0/0 ratio: 'warn' (0 and an UndefinedMetricWarning, the default), 0, 1 or NaN. */
  zeroDivision?: ZeroDivision;
}

type AverageOf<O> = O extends { average?: infer A } ? (unknown extends A ? 'binary' : A) : 'binary';
/** A number, or one number per label when `average: null`. */
export type PrfScore<O> = null extends AverageOf<O> ? (AverageOf<O> extends null ? number[] : number | number[]) : number;

abstract class PrfMetric<K extends string> extends EvaluationModule<PrfComputeOptions, { [k in K]: number | number[] }> {
  protected readonly feature = 'int32';
  protected readonly optionNames = ['average', 'labels', 'posLabel', 'sampleWeight', 'zeroDivision'] as const;
  protected abstract readonly key: K;
  protected abstract readonly metric: 'precision' | 'recall' | 'f-score';

  /** `{ f1 }` / `{ precision }` / `{ recall }`: a number, or a per-label array with `average: null`. */
  override compute<O extends PrfComputeOptions = {}>(options?: ComputeInputs & O): { [k in K]: PrfScore<O> } {
    return super.compute(options) as { [k in K]: PrfScore<O> };
  }

  protected computeOn({ predictions, references }: Gathered, o: PrfComputeOptions): { [k in K]: number | number[] } {
    const score = prfScore(this.metric, references.values, predictions.values, {
      average: o.average,
      labels: o.labels,
      posLabel: o.posLabel,
      sampleWeight: toWeights(o.sampleWeight),
      zeroDivision: o.zeroDivision,
    });
    return { [this.key]: score } as { [k in K]: number | number[] };
  }
}

export class F1 extends PrfMetric<'f1'> {
  readonly name = 'f1';
  protected readonly key = 'f1';
  protected readonly metric = 'f-score';
}

export class Precision extends PrfMetric<'precision'> {
  readonly name = 'precision';
  protected readonly key = 'precision';
  protected readonly metric = 'precision';
}

export class Recall extends PrfMetric<'recall'> {
  readonly name = 'recall';
  protected readonly key = 'recall';
  protected readonly metric = 'recall';
}
