// concatenateDatasets: `datasets.concatenate_datasets` along rows.
import { Dataset } from './dataset.js';
import { concatTables } from './table.js';

/** Rows of each data set in turn; all need the same column names (types are promoted where they differ). */
export function concatenateDatasets(datasets: Dataset[], split: string | null = null): Dataset {
  if (!datasets.length) throw new RangeError('concatenateDatasets needs at least one data set');
  return new Dataset(concatTables(datasets.map((d) => Dataset.tableOf(d))), null, undefined, split ?? datasets[0]!.split);
}
