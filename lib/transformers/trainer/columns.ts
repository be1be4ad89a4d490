// removeUnusedColumns: a data set keeps only the columns the model's forward takes (plus the label columns),
// as transformers' `_remove_unused_columns`; `label` / `label_ids` become `labels` in each batch, as its
// default data collator does.
import type { MapDataset } from '../../utils/data/dataloader.js';

/** The column API of tstorch/datasets' Dataset. */
interface ColumnarDataset extends MapDataset {
  readonly columnNames: string[];
  removeColumns(names: string[]): ColumnarDataset;
}

function isColumnar(ds: MapDataset): ds is ColumnarDataset {
  const c = ds as Partial<ColumnarDataset>;
  return Array.isArray(c.columnNames) && typeof c.removeColumns === 'function';
}

/** Columns to keep: the forward's inputs, the label names and transformers' `label` / `label_ids`. */
export function signatureColumns(forwardArgs: readonly string[], labelNames: readonly string[]): string[] {
  return [...new Set([...forwardArgs, 'label', 'label_ids', ...labelNames])];
}

/**
 * The data set without the columns the model does not take. tstorch Datasets drop them (no copy); other
 * data sets are wrapped so each row keeps only the accepted keys.
 */
export function removeUnusedColumns<D extends MapDataset>(dataset: D, keep: readonly string[], description: string, modelName: string): D | MapDataset {
  if (isColumnar(dataset)) {
    const ignored = dataset.columnNames.filter((c) => !keep.includes(c));
    if (ignored.length === 0) return dataset;
    if (ignored.length === dataset.columnNames.length) throw noMatchError(ignored, description, modelName);
    return dataset.removeColumns(ignored);
  }
  if (dataset.length === 0) return dataset;
  const first = dataset.at(0) as Record<string, unknown>;
  const kept = Object.keys(first).filter((c) => keep.includes(c));
  if (kept.length === 0) throw noMatchError(Object.keys(first), description, modelName);
  return {
    get length() {
      return dataset.length;
    },
    at(i: number) {
      const row = dataset.at(i) as Record<string, unknown>;
      return Object.fromEntries(kept.map((k) => [k, row[k]]));
    },
  };
}

function noMatchError(ignored: string[], description: string, modelName: string): Error {
  return new Error(
    `No columns in the ${description} match ${modelName}.forward's inputs. The following columns have been ignored: [${ignored.join(', ')}]. ` +
      'Please check the dataset and model. You may need to set removeUnusedColumns: false in TrainingArguments.',
  );
}

/** `label` / `label_ids` → `labels`, as transformers' default_data_collator; the same object when neither is there. */
export function renameLabelColumns<B extends Record<string, unknown>>(batch: B): B {
  if (!('label' in batch) && !('label_ids' in batch)) return batch;
  const labels = batch.label ?? batch.label_ids;
  const out = Object.create(Object.getPrototypeOf(batch) as object) as Record<string, unknown>;
  for (const [k, v] of Object.entries(batch)) if (k !== 'label' && k !== 'label_ids') out[k] = v;
  out.labels = labels;
  return out as B;
}
