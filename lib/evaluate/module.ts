// The `evaluate.EvaluationModule` workflow: accumulate batches with add/addBatch, then compute() over
// everything added so far (plus what compute() is given), which also clears the accumulated data.
import { exampleToColumn, toColumn, type Column, type ExampleInput, type FeatureType, type MetricInput } from './inputs.js';

export interface Batch {
  predictions: MetricInput;
  references: MetricInput;
}
export interface Example {
  prediction: ExampleInput;
  reference: ExampleInput;
}
export interface ComputeInputs {
  predictions?: MetricInput;
  references?: MetricInput;
}

/** The data a metric computes on: flat columns with `rows` examples each. */
export interface Gathered {
  predictions: Column;
  references: Column;
}

export abstract class EvaluationModule<Options extends object, Result> {
  abstract readonly name: string;
  readonly configName: string;
  protected abstract readonly feature: FeatureType;
  /** Whether an example may be a row of numbers (mse 'multilist'); classification takes one id per example. */
  protected readonly allowRows: boolean = false;
  /** Option names compute() accepts besides predictions/references. */
  protected abstract readonly optionNames: readonly string[];
  private batches: Gathered[] = [];

  constructor(configName = 'default') {
    this.configName = configName;
  }

  addBatch(batch: Batch): void {
    if (batch === null || typeof batch !== 'object') throw new TypeError(`${this.name}.addBatch expects { predictions, references }`);
    const unknown = Object.keys(batch).filter((k) => k !== 'predictions' && k !== 'references');
    if (unknown.length) throw new TypeError(`${this.name}.addBatch: unexpected ${unknown.join(', ')}; expected { predictions, references }`);
    const predictions = toColumn(batch.predictions, 'predictions', this.feature, this.allowRows);
    const references = toColumn(batch.references, 'references', this.feature, this.allowRows);
    this.push({ predictions, references });
  }

  add(example: Example): void {
    if (example === null || typeof example !== 'object') throw new TypeError(`${this.name}.add expects { prediction, reference }`);
    const predictions = exampleToColumn(example.prediction, 'prediction', this.feature, this.allowRows);
    const references = exampleToColumn(example.reference, 'reference', this.feature, this.allowRows);
    this.push({ predictions, references });
  }

  /**
   * Computes the metric over every example added since the last compute() and `predictions`/`references`
   * if given, then clears the accumulated examples (also when the computation throws), as evaluate does.
   */
  compute(options?: ComputeInputs & Options): Result {
    const { predictions, references, ...rest } = (options ?? {}) as ComputeInputs & Record<string, unknown>;
    const unknown = Object.keys(rest).filter((k) => !this.optionNames.includes(k));
    if (unknown.length) {
      throw new TypeError(
        `${this.name}.compute: unexpected option ${unknown.map((k) => `'${k}'`).join(', ')}; ` +
          `it accepts predictions, references${this.optionNames.map((k) => `, ${k}`).join('')}`,
      );
    }
    if (predictions !== undefined || references !== undefined) {
      if (predictions === undefined || references === undefined) {
        this.batches = [];
        throw new TypeError(`${this.name}.compute: inputs are missing: give both predictions and references`);
      }
      this.addBatch({ predictions, references });
    }
    const batches = this.batches;
    this.batches = [];
    if (batches.length === 0) {
      throw new Error(`${this.name}.compute: nothing to compute; call add() or addBatch() first, or pass predictions and references`);
    }
    return this.computeOn(concat(batches), rest as Options);
  }

  protected abstract computeOn(data: Gathered, options: Options): Result;

  private push(b: Gathered): void {
    if (b.predictions.rows !== b.references.rows) {
      throw new RangeError(`Mismatch in the number of predictions (${b.predictions.rows}) and references (${b.references.rows})`);
    }
    const first = this.batches[0];
    if (first && (first.predictions.width !== b.predictions.width || first.references.width !== b.references.width)) {
      throw new TypeError(
        `${this.name}: this batch has rows of ${b.predictions.width ?? 1} value(s) but earlier batches had ${first.predictions.width ?? 1}`,
      );
    }
    this.batches.push(b);
  }
}

function concat(batches: Gathered[]): Gathered {
  const join = (cols: Column[]): Column => ({
    values: cols.flatMap((c) => c.values),
    rows: cols.reduce((n, c) => n + c.rows, 0),
    width: cols[0]!.width,
  });
  return { predictions: join(batches.map((b) => b.predictions)), references: join(batches.map((b) => b.references)) };
}
