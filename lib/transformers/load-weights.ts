// Puts a checkpoint into a freshly built model as transformers 4.31's `_load_pretrained_model` does, for every
// family: key mapping (base-model prefix, gamma/beta, ignored buffers and keys), fast init of the modules the
// checkpoint does not cover, then the copy, and the same messages about missing, unexpected and mismatched weights.
import { noGrad } from '../autograd.js';
import type { RawTensor } from '../serialization/raw-tensor.js';
import { formatLoadWarnings, mapCheckpointKeys, sizeMismatchError, type KeyMappingOptions, type LoadReport } from '../serialization/checkpoint-keys.js';
import { fromRawTensor } from '../serialization/tensor-records.js';
import type { Tensor } from '../tensor.js';
import { logger } from './logging.js';

export interface LoadWeightsOptions {
  /** The class name in messages (`BertForSequenceClassification`). */
  className: string;
  /** What the user passed to fromPretrained, named in the messages as transformers names it. */
  checkpointName: string;
  /** The checkpoint config's `architectures` (decides whether unexpected keys are a warning). */
  architectures: readonly string[] | null;
  /** The class's prefix, non-persistent buffers and ignored keys. */
  keys: KeyMappingOptions;
  ignoreMismatchedSizes: boolean;
}

/** What loading needs of a model (PreTrainedModel has it). */
export interface LoadableModel {
  stateDict(): Record<string, Tensor>;
  tiedParameters(): Array<[string, string]>;
  _initWeights(loaded: readonly string[] | null): void;
}

export function loadWeights(model: LoadableModel, checkpoint: ReadonlyMap<string, RawTensor>, options: LoadWeightsOptions): LoadReport {
  const tied = model.tiedParameters();
  const targets = model.stateDict(); // tied aliases included; the tensors share the parameters' storage
  const shapes = new Map(Object.entries(targets).map(([name, t]) => [name, t.shape]));
  const report = mapCheckpointKeys(checkpoint, shapes, { ...options.keys, tiedKeys: tied });
  if (!options.ignoreMismatchedSizes) {
    const error = sizeMismatchError(options.className, report);
    if (error) throw error;
  }

  // transformers counts every checkpoint key as loaded for the fast init, mismatched ones included (4.31): such
  // modules keep their constructor's default init.
  model._initWeights([...report.mapping.keys(), ...report.mismatchedKeys.map((m) => m.modelKey)]);

  const aliasTarget = new Map(tied);
  for (const [modelKey, checkpointKey] of report.mapping) {
    const target = aliasTarget.get(modelKey);
    if (target !== undefined && report.mapping.has(target)) continue; // the parameter is loaded under its own name
    const t = fromRawTensor(checkpoint.get(checkpointKey)!);
    try {
      noGrad(() => targets[modelKey]!.copy_(t));
    } finally {
      t.dispose();
    }
  }
  for (const t of Object.values(targets)) t.dispose();

  for (const m of formatLoadWarnings(options.className, options.checkpointName, report, options.architectures)) {
    if (m.level === 'warning') logger.warning(m.message);
    else logger.info(m.message);
  }
  return report;
}
