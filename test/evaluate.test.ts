// tstorch/evaluate vs the `evaluate` library (sklearn underneath). Expected values come from the docstring
// examples of evaluate's metric scripts and sklearn's docs, each re-derived by hand in the comments.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as evaluate from '../lib/evaluate/index.js';
import { pairwiseSum } from '../lib/evaluate/numpy.js';

/** A stand-in for the core Tensor: data() gives a typed array (BigInt64Array for int64), shape a number[]. */
function fakeTensor(values: number[], shape: number[], dtype: 'int64' | 'float32' | 'int32' = 'int64') {
  return {
    shape,
    data: () =>
      dtype === 'int64' ? BigInt64Array.from(values.map(BigInt)) : dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values),
  };
}

function captureWarnings() {
  const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  return {
    messages: () => spy.mock.calls.map((c) => `${(c[1] as { type?: string } | undefined)?.type ?? ''}: ${String(c[0])}`),
  };
}
afterEach(() => vi.restoreAllMocks());

// The multiclass example used by sklearn's f1/precision/recall docs and evaluate's scripts:
//   label:       0  1  2  0  1  2   (references)
//   prediction:  0  2  1  0  0  1
// per label: 0 -> tp 2, predicted 3, true 2;  1 -> tp 0, predicted 2, true 2;  2 -> tp 0, predicted 1, true 2
const REFS = [0, 1, 2, 0, 1, 2];
const PREDS = [0, 2, 1, 0, 0, 1];

describe('load', () => {
  it('returns a fresh metric per call and lists the available ones for unknown names', () => {
    const a = evaluate.load('accuracy');
    expect(a.name).toBe('accuracy');
    expect(evaluate.load('accuracy')).not.toBe(a);
    expect(() => evaluate.load('bleu')).toThrow(
      "unknown metric 'bleu'; available: accuracy, f1, precision, recall, matthews_correlation, mse",
    );
    expect(() => evaluate.load('f1', 'multilabel')).toThrow(/unknown config 'multilabel'; available: default/);
    expect(evaluate.load('mse', 'multilist').configName).toBe('multilist');
  });
});

describe('accuracy (sklearn accuracy_score)', () => {
  it('evaluate docstring examples', () => {
    const m = evaluate.load('accuracy');
    // correct at 0, 1, 4 -> 3 of 6
    expect(m.compute({ references: [0, 1, 2, 0, 1, 2], predictions: [0, 1, 1, 2, 1, 0] })).toEqual({ accuracy: 0.5 });
    expect(m.compute({ references: [0, 1, 2, 0, 1, 2], predictions: [0, 1, 1, 2, 1, 0], normalize: false })).toEqual({ accuracy: 3 });
    // weights of the correct ones 0.5 + 2 + 9 = 11.5 over the total 13.1
    const weighted = m.compute({
      references: [0, 1, 2, 0, 1, 2],
      predictions: [0, 1, 1, 2, 1, 0],
      sampleWeight: [0.5, 2, 0.7, 0.5, 9, 0.4],
    });
    expect(weighted).toEqual({ accuracy: 0.8778625954198473 });
  });

  it('accumulates addBatch/add across calls (the tutorial loop) and compute() resets', () => {
    const m = evaluate.load('accuracy');
    m.addBatch({ predictions: fakeTensor([1, 2, 3], [3]), references: fakeTensor([1, 2, 0], [3]) });
    m.addBatch({ predictions: Int32Array.from([4, 4]), references: [4, 0] });
    m.add({ prediction: 7, reference: 7 });
    m.add({ prediction: fakeTensor([1], []), reference: 2n });
    expect(m.compute()).toEqual({ accuracy: 4 / 7 });
    expect(() => m.compute()).toThrow(/nothing to compute; call add\(\) or addBatch\(\) first/);
    // inputs given to compute() are added to what was accumulated
    m.addBatch({ predictions: [1], references: [1] });
    expect(m.compute({ predictions: [0], references: [1] })).toEqual({ accuracy: 0.5 });
  });

  it('takes tensors of shape [n] or [n, 1], and explains [n, classes] (logits)', () => {
    const m = evaluate.load('accuracy');
    expect(m.compute({ predictions: fakeTensor([1, 0], [2, 1], 'int32'), references: fakeTensor([1, 1], [2]) })).toEqual({ accuracy: 0.5 });
    const logits = fakeTensor([0.1, 0.9, 0.8, 0.2], [2, 2], 'float32');
    expect(() => m.compute({ predictions: logits, references: [1, 0] })).toThrow(/shape \[2, 2\].*torch.argmax\(logits, -1\)/);
    expect(() => m.compute({ predictions: [0.5, 1], references: [1, 0] })).toThrow(/predictions\[0\] = 0.5 is not a class id/);
    expect(() => m.compute({ predictions: { toArray: () => [1, 0, 1] }, references: [1, 0] })).toThrow(
      'Mismatch in the number of predictions (3) and references (2)',
    );
    expect(() => m.compute({ predictions: [1], references: [1], average: 'macro' } as never)).toThrow(
      "accuracy.compute: unexpected option 'average'; it accepts predictions, references, normalize, sampleWeight",
    );
    expect(() => m.compute({ predictions: [1] } as never)).toThrow(/give both predictions and references/);
  });
});

describe('f1 (sklearn f1_score)', () => {
  it('binary default with posLabel 1, posLabel 0, and sample weights (evaluate docstring)', () => {
    const f1 = evaluate.load('f1');
    // label 1: tp 1 (index 3), predicted 2, true 2 -> 2·1/(2+2) = 0.5
    expect(f1.compute({ references: [0, 1, 0, 1, 0], predictions: [0, 0, 1, 1, 0] })).toEqual({ f1: 0.5 });
    // label 0: tp 2, predicted 3, true 3 -> 4/6
    expect(f1.compute({ references: [0, 1, 0, 1, 0], predictions: [0, 0, 1, 1, 0], posLabel: 0 }).f1).toBeCloseTo(2 / 3, 15);
    // weighted: tp 1.2, true 0.5+1.2, predicted 3.9+1.2 -> 2.4/6.8 = 0.3529...
    const w = f1.compute({ references: [0, 1, 0, 1, 0], predictions: [0, 0, 1, 1, 0], sampleWeight: [0.9, 0.5, 3.9, 1.2, 0.3] });
    expect(w.f1).toBeCloseTo(2.4 / 6.8, 15);
  });

  it('multiclass averages: macro 0.2667, micro 1/3, weighted 0.2667, per label [0.8, 0, 0]', () => {
    const f1 = evaluate.load('f1');
    // label 0: 2·2/(2+3) = 0.8; labels 1 and 2 have no true positives -> 0
    expect(f1.compute({ predictions: PREDS, references: REFS, average: 'macro' }).f1).toBeCloseTo(0.8 / 3, 15);
    // micro: 2·2/(6+6) = 1/3
    expect(f1.compute({ predictions: PREDS, references: REFS, average: 'micro' })).toEqual({ f1: 1 / 3 });
    // weighted by support (2, 2, 2): same as macro
    expect(f1.compute({ predictions: PREDS, references: REFS, average: 'weighted' }).f1).toBeCloseTo(0.8 / 3, 15);
    const perLabel: number[] = f1.compute({ predictions: PREDS, references: REFS, average: null }).f1;
    expect(perLabel).toEqual([0.8, 0, 0]);
    // labels selects and orders the labels
    expect(f1.compute({ predictions: PREDS, references: REFS, average: null, labels: [2, 0] }).f1).toEqual([0, 0.8]);
    expect(f1.compute({ predictions: PREDS, references: REFS, average: 'macro', labels: [0] }).f1).toBeCloseTo(0.8, 15);
  });

  it("multiclass data with the default average='binary' fails like sklearn", () => {
    expect(() => evaluate.load('f1').compute({ predictions: PREDS, references: REFS })).toThrow(
      "Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted'].",
    );
    expect(() => evaluate.load('f1').compute({ predictions: [0, 2, 2], references: [2, 0, 0] })).toThrow(
      'pos_label=1 is not a valid label. It should be one of [0, 2]',
    );
  });

  it('zero_division: all-negative data gives 0 with a warning, or the chosen value', () => {
    const w = captureWarnings();
    const f1 = evaluate.load('f1');
    // label 1 never appears: tp = predicted = true = 0 -> 0/0
    expect(f1.compute({ references: [0, 0, 0], predictions: [0, 0, 0] })).toEqual({ f1: 0 });
    expect(w.messages()).toEqual([
      'UndefinedMetricWarning: F-score is ill-defined and being set to 0.0 due to no true nor predicted samples. Use `zeroDivision` parameter to control this behavior.',
    ]);
    expect(f1.compute({ references: [0, 0, 0], predictions: [0, 0, 0], zeroDivision: 1 })).toEqual({ f1: 1 });
    expect(w.messages()).toHaveLength(1);
  });
});

describe('precision (sklearn precision_score)', () => {
  it('evaluate docstring examples', () => {
    const p = evaluate.load('precision');
    // label 1: tp 1, predicted 2
    expect(p.compute({ references: [0, 1, 0, 1, 0], predictions: [0, 0, 1, 1, 0] })).toEqual({ precision: 0.5 });
    // label 0: tp 2, predicted 3
    expect(p.compute({ references: [0, 1, 0, 1, 0], predictions: [0, 0, 1, 1, 0], posLabel: 0 }).precision).toBeCloseTo(2 / 3, 15);
    // tp weight 1.2 over predicted weight 3.9 + 1.2 (printed in full in the docstring)
    expect(
      p.compute({ references: [0, 1, 0, 1, 0], predictions: [0, 0, 1, 1, 0], sampleWeight: [0.9, 0.5, 3.9, 1.2, 0.3] }),
    ).toEqual({ precision: 0.23529411764705882 });
    // multiclass: label 0 = 2/3, labels 1 and 2 = 0
    expect(p.compute({ predictions: PREDS, references: REFS, average: 'macro' })).toEqual({ precision: 0.2222222222222222 });
    expect(p.compute({ predictions: PREDS, references: REFS, average: 'micro' })).toEqual({ precision: 0.3333333333333333 });
    expect(p.compute({ predictions: PREDS, references: REFS, average: 'weighted' })).toEqual({ precision: 0.2222222222222222 });
    expect(p.compute({ predictions: PREDS, references: REFS, average: null })).toEqual({ precision: [2 / 3, 0, 0] });
  });

  it('labels never predicted: 0 with one warning, or zeroDivision 1 / NaN (sklearn docs)', () => {
    const w = captureWarnings();
    const p = evaluate.load('precision');
    const allZero = [0, 0, 0, 0, 0, 0];
    // label 0: tp 2 of 6 predicted; labels 1 and 2 are never predicted -> 0/0
    expect(p.compute({ predictions: allZero, references: REFS, average: null })).toEqual({ precision: [1 / 3, 0, 0] });
    expect(w.messages()).toEqual([
      'UndefinedMetricWarning: Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zeroDivision` parameter to control this behavior.',
    ]);
    expect(p.compute({ predictions: allZero, references: REFS, average: null, zeroDivision: 1 })).toEqual({ precision: [1 / 3, 1, 1] });
    expect(p.compute({ predictions: allZero, references: REFS, average: null, zeroDivision: NaN })).toEqual({
      precision: [1 / 3, NaN, NaN],
    });
    // NaN scores are left out of averages: macro over [1/3] only
    expect(p.compute({ predictions: allZero, references: REFS, average: 'macro', zeroDivision: NaN }).precision).toBeCloseTo(1 / 3, 15);
    expect(w.messages()).toHaveLength(1);
  });

  it('posLabel is ignored (with a warning) when average is not binary', () => {
    const w = captureWarnings();
    evaluate.load('precision').compute({ predictions: PREDS, references: REFS, average: 'micro', posLabel: 2 });
    expect(w.messages()).toEqual([
      "UserWarning: Note that pos_label (set to 2) is ignored when average != 'binary' (got 'micro'). You may use labels=[pos_label] to specify a single positive class.",
    ]);
  });
});

describe('recall (sklearn recall_score)', () => {
  it('evaluate docstring examples', () => {
    const r = evaluate.load('recall');
    // label 1: true at 2, 3, 4; found at 3, 4 -> 2/3
    expect(r.compute({ references: [0, 0, 1, 1, 1], predictions: [0, 1, 0, 1, 1] })).toEqual({ recall: 0.6666666666666666 });
    // weights of true label-1 samples 0.9 + 0.3 + 0.8 = 2.0, found 0.3 + 0.8 = 1.1 -> 0.55
    const w = r.compute({ references: [0, 0, 1, 1, 1], predictions: [0, 1, 0, 1, 1], sampleWeight: [0.9, 0.2, 0.9, 0.3, 0.8] });
    expect(w.recall).toBeCloseTo(0.55, 15);
    // multiclass: label 0 recall 2/2, labels 1, 2: 0 -> macro = micro = weighted = 1/3
    for (const average of ['macro', 'micro', 'weighted'] as const) {
      expect(r.compute({ predictions: PREDS, references: REFS, average }).recall).toBeCloseTo(1 / 3, 15);
    }
    expect(r.compute({ predictions: PREDS, references: REFS, average: null })).toEqual({ recall: [1, 0, 0] });
  });

  it('a label with no true samples: weighted average with zero support for all labels falls back to the mean', () => {
    const w = captureWarnings();
    const r = evaluate.load('recall');
    // labels [3] never occur in references: recall 0/0 -> 0 (warned); weights (supports) all 0 -> plain mean
    expect(r.compute({ predictions: [0, 1], references: [0, 1], average: 'weighted', labels: [3] })).toEqual({ recall: 0 });
    expect(w.messages()[0]).toMatch(/Recall is ill-defined and being set to 0.0 due to no true samples/);
  });
});

describe('matthews_correlation (sklearn matthews_corrcoef)', () => {
  const refs = [1, 3, 2, 0, 3, 2];
  const preds = [1, 2, 2, 0, 3, 3];

  it('evaluate docstring examples, computed by hand from the confusion matrix', () => {
    const m = evaluate.load('matthews_correlation');
    // C rows (true 0..3): [1,0,0,0] [0,1,0,0] [0,0,1,1] [0,0,1,1]; t = p = [1,1,2,2], trace 4, n 6
    // (4·6 − 10) / sqrt((36 − 10)(36 − 10)) = 14/26
    expect(m.compute({ references: refs, predictions: preds }).matthews_correlation).toBeCloseTo(14 / 26, 15);
    // weights [0.5,3,1,1,1,2]: t = p = [1,0.5,3,4]... trace 3.5, n 8.5 -> (29.75 − 25.25) / 46 = 4.5/46
    const w = m.compute({ references: refs, predictions: preds, sampleWeight: [0.5, 3, 1, 1, 1, 2] });
    expect(w.matthews_correlation).toBeCloseTo(4.5 / 46, 15);
    // weights [0.5,1,0,0,0,1]: trace 0.5, n 2.5, t = p = [0,0.5,1,1] -> (1.25 − 2.25) / 4 = −0.25
    const neg = m.compute({ references: refs, predictions: preds, sampleWeight: [0.5, 1, 0, 0, 0, 1] });
    expect(neg).toEqual({ matthews_correlation: -0.25 });
  });

  it('binary sklearn example and the degenerate case', () => {
    const m = evaluate.load('matthews_correlation');
    // sklearn docs: y_true [+1,+1,+1,-1], y_pred [+1,-1,+1,+1] -> C [[0,1],[1,2]]: (2·4 − 10)/sqrt(6·6) = −1/3
    expect(m.compute({ references: [1, 1, 1, -1], predictions: [1, -1, 1, 1] }).matthews_correlation).toBeCloseTo(-1 / 3, 15);
    // a constant prediction makes a factor under the root 0 -> 0.0
    expect(m.compute({ references: [0, 1, 2], predictions: [1, 1, 1] })).toEqual({ matthews_correlation: 0 });
    expect(m.compute({ references: [0, 1, 2, 2], predictions: [0, 1, 2, 2] })).toEqual({ matthews_correlation: 1 });
  });
});

describe('mse (sklearn mean_squared_error)', () => {
  it('evaluate docstring examples', () => {
    const m = evaluate.load('mse');
    // squared errors 0.25, 0.25, 0, 1 -> 1.5/4
    expect(m.compute({ predictions: [2.5, 0.0, 2, 8], references: [3, -0.5, 2, 7] })).toEqual({ mse: 0.375 });
    expect(m.compute({ predictions: [2.5, 0.0, 2, 8], references: [3, -0.5, 2, 7], squared: false })).toEqual({
      mse: Math.sqrt(0.375),
    });
    const multi = evaluate.load('mse', 'multilist');
    const predictions = [[0.5, 1], [-1, 1], [7, -6]];
    const references = [[0, 2], [-1, 2], [8, -5]];
    // column 0: (0.25 + 0 + 1)/3, column 1: (1 + 1 + 1)/3
    expect(multi.compute({ predictions, references })).toEqual({ mse: (1.25 / 3 + 1) / 2 });
    expect(multi.compute({ predictions, references, multioutput: 'raw_values' })).toEqual({ mse: [1.25 / 3, 1] });
    // sklearn docs: multioutput weights [0.3, 0.7] -> 0.825
    expect(multi.compute({ predictions, references, multioutput: [0.3, 0.7] }).mse).toBeCloseTo(0.825, 15);
  });

  it('rounds inputs to float32 like evaluate does (Value("float")), then computes in float64', () => {
    const m = evaluate.load('mse');
    const f = Math.fround(0.1); // 0.10000000149011612
    expect(m.compute({ predictions: [0.1], references: [0] })).toEqual({ mse: f * f });
    expect(f * f).not.toBe(0.1 * 0.1);
  });

  it('regression heads: [n, 1] predictions against [n] labels, sample weights, add()', () => {
    const m = evaluate.load('mse');
    m.addBatch({ predictions: fakeTensor([1, 2], [2, 1], 'float32'), references: fakeTensor([0, 2], [2], 'float32') });
    m.add({ prediction: 4, reference: 1 });
    // errors 1, 0, 9 with weights 1, 1, 2 -> 19/4
    expect(m.compute({ sampleWeight: [1, 1, 2] })).toEqual({ mse: 19 / 4 });
    expect(() => m.compute({ predictions: [1, 2], references: [1, 2], sampleWeight: [1] })).toThrow(
      'Found input variables with inconsistent numbers of samples: [2, 2, 1]',
    );
    expect(() => evaluate.load('mse').compute({ predictions: [[1, 2]], references: [[1, 2, 3]] })).toThrow(
      'y_true and y_pred have different number of output (3!=2)',
    );
  });
});

describe("numpy's pairwise summation (what np.average sums with)", () => {
  it('adds fewer than 8 values left to right and blocks of 8..128 with 8 interleaved accumulators', () => {
    const a = [1e16, 1, 1, 1, 1, 1, 1, 1];
    // sequential for n < 8: 1e16 + 1 is 1e16 (spacing 2 at 1e16, ties to even), so the ones vanish one by one
    expect(pairwiseSum(a.slice(0, 7))).toBe(1e16);
    // n = 16: r_j = a_j + a_{j+8}, then ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) per numpy's loops_utils pairwise_sum
    const b = [1e16, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1];
    const r = [1e16, 2, 2, 2, 2, 2, 2, 2];
    expect(pairwiseSum(b)).toBe(r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!)));
    expect(pairwiseSum(b)).toBe(1e16 + 14); // the 14 ones survive (summed in pairs first), unlike left to right
    let naive = 0;
    for (const v of b) naive += v;
    expect(naive).toBe(1e16);
    // above 128 the array is split in halves at a multiple of 8
    const big = Array.from({ length: 300 }, (_, i) => (i % 7) * 0.1);
    expect(pairwiseSum(big)).toBe(pairwiseSum(big, 0, 144) + pairwiseSum(big, 144, 156));
  });
});
