// tstorch/datasets: Hugging Face `datasets` for TypeScript — loadDataset, Dataset, DatasetDict.
export { loadDataset, type LoadDatasetOptions } from './load-dataset.js';
export {
  Dataset,
  type Batch,
  type ColumnData,
  type FilterOptions,
  type MapOptions,
  type Row,
  type ShuffleOptions,
  type TrainTestSplitOptions,
} from './dataset.js';
export { DatasetDict } from './dataset-dict.js';
export { concatenateDatasets } from './concat.js';
export type { DataFiles } from './load/data-files.js';
export type { PackedColumn } from './batch-columns.js';
export type { DatasetFormat, FormatOptions, FormatType } from './format.js';
export type {
  AudioFeature, ClassLabelFeature, Feature, Features, ImageFeature, ListFeature, ObjectFeature, ValueDtype, ValueFeature,
} from './features.js';
export { Audio, Image, type MediaCell } from './media-features.js';
export type { BatchTransform } from './transform.js';
export { disableProgressBars, enableProgressBars, areProgressBarsDisabled } from './progress.js';
export { permutation as numpyPermutation } from './numpy-random.js';
