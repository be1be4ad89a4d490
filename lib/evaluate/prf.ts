// sklearn's `precision_recall_fscore_support` (sklearn/metrics/_classification.py, 1.3+ semantics) for
// binary and multiclass targets: per-label counts, zero_division handling, averaging and its warnings.
import { checkTargets, pyList, sortedUnique } from './classification.js';
import { average, pairwiseSum } from './numpy.js';
import { warn } from './warnings.js';

export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'samples';
/** What to return when a ratio's denominator is 0: 0 with a warning ('warn', the default), 0, 1 or NaN. */
export type ZeroDivision = 'warn' | 0 | 1 | number;

export interface PrfOptions {
  average?: Average | null;
  labels?: ArrayLike<number> | null;
  posLabel?: number | null;
  sampleWeight?: number[] | null;
  zeroDivision?: ZeroDivision;
}

type Metric = 'precision' | 'recall' | 'f-score';

/** One of precision / recall / F1 (beta 1), a number when averaged and a per-label array for average null. */
export function prfScore(
  metric: Metric,
  yTrue: number[],
  yPred: number[],
  options: PrfOptions,
): number | number[] {
  const averageOpt = options.average === undefined ? 'binary' : options.average;
  const zeroDivision = checkZeroDivision(options.zeroDivision ?? 'warn');
  const sw = options.sampleWeight ?? null;
  const targets = checkTargets(yTrue, yPred, sw);
  const labels = checkSetWiseLabels(targets.type, targets.present, averageOpt, options.labels ?? null, options.posLabel ?? null);
  if (averageOpt === 'samples') throw new RangeError('Samplewise metrics are not available outside of multilabel classification.');

  let { tp, pred, truth } = labelCounts(yTrue, yPred, sw, targets.present, labels);
  if (averageOpt === 'micro') {
    tp = [pairwiseSum(tp)];
    pred = [pairwiseSum(pred)];
    truth = [pairwiseSum(truth)];
  }
  let score: number[];
  if (metric === 'precision') score = prfDivide(tp, pred, metric, 'predicted', zeroDivision);
  else if (metric === 'recall') score = prfDivide(tp, truth, metric, 'true', zeroDivision);
  else {
    // F1 from the counts: 2·tp / (2·tp + fn + fp) = (1+β²)·tp / (β²·true_sum + pred_sum), β = 1
    score = prfDivide(
      tp.map((t) => 2 * t),
      truth.map((t, i) => 1 * t + pred[i]!),
      metric,
      'true nor predicted',
      zeroDivision,
    );
  }
  if (averageOpt === null) return score;
  return nanAverage(score, averageOpt === 'weighted' ? truth : null);
}

/** `_check_set_wise_labels`: which labels the score covers; 'binary' needs binary targets and means [posLabel]. */
function checkSetWiseLabels(
  type: 'binary' | 'multiclass',
  present: number[],
  averageOpt: Average | null,
  labels: ArrayLike<number> | null,
  posLabel: number | null,
): number[] | null {
  const options = [null, 'micro', 'macro', 'weighted', 'samples'];
  if (!options.includes(averageOpt) && averageOpt !== 'binary') {
    throw new RangeError(`average has to be one of ${pyList(options)} or 'binary', got ${String(averageOpt)}`);
  }
  const pos = posLabel ?? 1;
  if (averageOpt === 'binary') {
    if (type === 'binary') {
      if (!present.includes(pos) && present.length >= 2) {
        throw new RangeError(`pos_label=${pos} is not a valid label. It should be one of ${pyList(present)}`);
      }
      return [pos];
    }
    throw new RangeError(
      `Target is ${type} but average='binary'. Please choose another average setting, one of ${pyList(options.slice(0, 4))}.`,
    );
  }
  if (posLabel !== null && posLabel !== 1) {
    warn(
      `Note that pos_label (set to ${posLabel}) is ignored when average != 'binary' (got ${averageOpt === null ? 'None' : `'${averageOpt}'`}). ` +
        'You may use labels=[pos_label] to specify a single positive class.',
      'UserWarning',
    );
  }
  return labels === null ? null : Array.from(labels);
}

/**
 * `multilabel_confusion_matrix` for 1-D targets, reduced to tp / pred / true sums per label, in the order of
 * `labels` (default: sorted present labels). Weighted counts are summed in sample order like np.bincount.
 */
function labelCounts(yTrue: number[], yPred: number[], sw: number[] | null, present: number[], labels: number[] | null) {
  const all = sortedUnique(labels === null ? present : [...labels, ...present]);
  const index = new Map(all.map((l, i) => [l, i]));
  const tpBins = new Array<number>(all.length).fill(0);
  const predBins = new Array<number>(all.length).fill(0);
  const trueBins = new Array<number>(all.length).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const w = sw ? sw[i]! : 1;
    const t = index.get(yTrue[i]!)!;
    const p = index.get(yPred[i]!)!;
    if (t === p) tpBins[t]! += w;
    predBins[p]! += w;
    trueBins[t]! += w;
  }
  const selected = (labels ?? present).map((l) => index.get(l)!);
  const tp = selected.map((i) => tpBins[i]!);
  // sklearn rebuilds the sums from the confusion matrix: pred = tp + fp, true = tp + fn (same rounding)
  const pred = selected.map((i, k) => tp[k]! + (predBins[i]! - tp[k]!));
  const truth = selected.map((i, k) => tp[k]! + (trueBins[i]! - tp[k]!));
  return { tp, pred, truth };
}

/** `_prf_divide`: numerator / denominator, with zero_division where the denominator is 0 (and a warning for 'warn'). */
function prfDivide(
  num: number[],
  den: number[],
  metric: Metric,
  modifier: string,
  zeroDivision: ZeroDivision,
): number[] {
  let ill = false;
  const value = zeroDivision === 'warn' ? 0 : zeroDivision;
  const out = num.map((n, i) => {
    if (den[i] !== 0) return n / den[i]!;
    ill = true;
    return value;
  });
  if (ill && zeroDivision === 'warn') {
    const start = `${metric[0]!.toUpperCase()}${metric.slice(1)} is`;
    const where = out.length === 1 ? 'due to' : 'in labels with';
    warn(
      `${start} ill-defined and being set to 0.0 ${where} no ${modifier} samples. Use \`zeroDivision\` parameter to control this behavior.`,
      'UndefinedMetricWarning',
    );
  }
  return out;
}

/** `_nanaverage`: average ignoring NaN scores (zeroDivision NaN); all-zero weights fall back to a plain mean. */
function nanAverage(a: number[], weights: number[] | null): number {
  const keep = a.map((v) => !Number.isNaN(v));
  const vals = a.filter((_, i) => keep[i]);
  if (vals.length === 0) return NaN;
  if (weights === null) return average(vals);
  const w = weights.filter((_, i) => keep[i]);
  if (pairwiseSum(w) === 0) return average(vals);
  return average(vals, w);
}

function checkZeroDivision(z: unknown): ZeroDivision {
  if (z === 'warn' || z === 0 || z === 1 || Number.isNaN(z)) return z as ZeroDivision;
  throw new RangeError(`zeroDivision must be 'warn', 0, 1 or NaN, got ${String(z)}`);
}
