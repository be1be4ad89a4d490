// loadDataset: `datasets.load_dataset` for local CSV/TSV, JSON/JSON Lines, Parquet and text files, local
// folders, and data sets on the Hugging Face hub (their Parquet/CSV/JSON files, via the shared hub cache).
import { existsSync, statSync } from 'node:fs';
import { Dataset } from './dataset.js';
import { DatasetDict } from './dataset-dict.js';
import { checkOptions } from '../options.js';
import { concatTables, Table } from './table.js';
import { concatenateDatasets } from './concat.js';
import { parseSplit, range } from './split-spec.js';
import { readCsv, type CsvOptions } from './load/csv.js';
import { builderFor, folderDataFiles, normaliseDataFiles, type Builder, type DataFiles } from './load/data-files.js';
import { hubDataFiles } from './load/hub.js';
import { readJson, type JsonOptions } from './load/json.js';
import { readParquet } from './load/parquet.js';
import { readText, type TextOptions } from './load/text.js';
import { readMediaFolder } from './load/media-folder.js';
import { isValidRepoId } from '../hub/index.js';

export interface LoadDatasetOptions extends CsvOptions, JsonOptions, TextOptions {
  /** Files per split: a path, a list of paths (split "train"), or `{ train: ..., test: ... }`. Globs allowed. */
  dataFiles?: DataFiles;
  /** Folder that relative `dataFiles` are resolved against; default the working directory. */
  dataDir?: string;
  /**
   * Return only this split as a Dataset: "train", "train+test", "train[:1000]", "test[10%:20%]".
   * Without it, a DatasetDict of every split.
   */
  split?: string;
  /** Config (subset) of a hub data set, e.g. loadDataset('nyu-mll/glue', { name: 'sst2' }). */
  name?: string;
  /** Hub branch, tag or commit; default "main". */
  revision?: string;
  /** Hub cache folder for downloaded files (default: the shared HF hub cache). */
  cacheDir?: string;
  /** Hub token; default HF_TOKEN. */
  token?: string | false;
}

const OPTIONS = [
  'dataFiles', 'dataDir', 'split', 'name', 'revision', 'cacheDir', 'token',
  'delimiter', 'columnNames', 'header', 'quoteChar', 'field', 'sampleBy', 'keepLinebreaks',
];
const BUILDERS: Builder[] = ['csv', 'json', 'parquet', 'text'];

export function loadDataset(path: string, options: LoadDatasetOptions & { split: string }): Promise<Dataset>;
export function loadDataset(path: string, options?: LoadDatasetOptions & { split?: undefined }): Promise<DatasetDict>;
export function loadDataset(path: string, name: string, options: LoadDatasetOptions & { split: string }): Promise<Dataset>;
export function loadDataset(path: string, name: string, options?: LoadDatasetOptions & { split?: undefined }): Promise<DatasetDict>;
export async function loadDataset(
  path: string,
  nameOrOptions?: string | LoadDatasetOptions,
  maybeOptions?: LoadDatasetOptions,
): Promise<Dataset | DatasetDict> {
  const options: LoadDatasetOptions =
    typeof nameOrOptions === 'string' ? { ...maybeOptions, name: nameOrOptions } : { ...nameOrOptions };
  if (typeof path !== 'string' || !path) throw new TypeError('loadDataset: path must be a builder name, a folder, a file or a hub data set id');
  checkOptions('loadDataset', options, OPTIONS);
  if (path === 'imagefolder' || path === 'audiofolder') {
    if (options.dataFiles !== undefined) throw new TypeError(`loadDataset('${path}'): give the folder as dataDir; dataFiles is not supported here`);
    return assemble(path, readMediaFolder(path, options.dataDir), options.split);
  }
  const { builder, files } = await locate(path, options);
  const wanted = options.split === undefined ? undefined : parseSplit(options.split);
  const splits = wanted ? [...new Set(wanted.map((w) => w.name))] : Object.keys(files);
  for (const s of splits) {
    if (!files[s]) throw new Error(`split "${s}" not found in ${path}; splits: ${Object.keys(files).map((k) => `"${k}"`).join(', ')}`);
  }
  const tables = new Map<string, Table>();
  for (const s of splits) tables.set(s, concatTables(await Promise.all(files[s]!.map((f) => read(builder, f, options)))));
  return assemble(path, tables, options.split);
}

/** The splits asked for (all when `split` is undefined) as a DatasetDict, or the one Dataset `split` names. */
function assemble(path: string, tables: Map<string, Table>, split: string | undefined): Dataset | DatasetDict {
  const wanted = split === undefined ? undefined : parseSplit(split);
  const splits = wanted ? [...new Set(wanted.map((w) => w.name))] : [...tables.keys()];
  for (const s of splits) {
    if (!tables.has(s)) throw new Error(`split "${s}" not found in ${path}; splits: ${[...tables.keys()].map((k) => `"${k}"`).join(', ')}`);
  }
  if (!wanted) return new DatasetDict(splits.map((s) => [s, new Dataset(tables.get(s)!, null, undefined, s)] as [string, Dataset]));
  const parts = wanted.map((w) => {
    const table = tables.get(w.name)!;
    const [start, end] = w.range(table.numRows);
    return new Dataset(table, null, undefined, w.name).select(range(start, end));
  });
  return parts.length === 1 ? parts[0]! : concatenateDatasets(parts, split);
}

async function locate(path: string, options: LoadDatasetOptions): Promise<{ builder: Builder; files: Record<string, string[]> }> {
  if ((BUILDERS as string[]).includes(path)) {
    if (options.dataFiles === undefined) throw new TypeError(`loadDataset('${path}') needs the dataFiles option (a path, a list, or { split: paths })`);
    return { builder: path as Builder, files: normaliseDataFiles(options.dataFiles, options.dataDir) };
  }
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) {
      if (options.dataFiles !== undefined) {
        const files = normaliseDataFiles(options.dataFiles, path);
        return { builder: builderOf(files), files };
      }
      return folderDataFiles(path);
    }
    const builder = builderFor(path);
    if (!builder) throw new Error(`loadDataset: cannot tell the format of ${path}; use loadDataset('csv' | 'json' | 'parquet' | 'text', { dataFiles })`);
    return { builder, files: { train: [path] } };
  }
  if (!isValidRepoId(path)) {
    throw new Error(
      `loadDataset: ${JSON.stringify(path)} is neither a builder (csv, json, parquet, text), an existing file or folder, nor a hub data set id`,
    );
  }
  if (options.dataFiles !== undefined) throw new TypeError('loadDataset: dataFiles with a hub data set id is not supported; download the files or omit dataFiles');
  const wanted = options.split === undefined ? undefined : parseSplit(options.split).map((w) => w.name);
  return hubDataFiles(path, { name: options.name, revision: options.revision, cacheDir: options.cacheDir, token: options.token, splits: wanted });
}

function builderOf(files: Record<string, string[]>): Builder {
  const all = Object.values(files).flat();
  const builder = builderFor(all[0]!);
  if (!builder) throw new Error(`cannot tell the format of ${all[0]}; use loadDataset('csv' | 'json' | 'parquet' | 'text', { dataFiles })`);
  return builder;
}

function read(builder: Builder, file: string, options: LoadDatasetOptions): Promise<Table> {
  switch (builder) {
    case 'csv':
      return readCsv(file, options);
    case 'json':
      return readJson(file, options);
    case 'parquet':
      return readParquet(file);
    case 'text':
      return readText(file, options);
  }
}

