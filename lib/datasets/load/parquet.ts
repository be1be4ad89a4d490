// Parquet via hyparquet, read column chunk by column chunk. The `huggingface` key of the file metadata
// (written by `datasets`) restores features such as ClassLabel names.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { existsSync } from 'node:fs';
import { Column } from '../columns.js';
import type { Feature, ValueDtype } from '../features.js';
import { columnFromValues, concatColumns } from '../infer.js';
import { Table } from '../table.js';
import { fileError } from './open.js';

export async function readParquet(path: string): Promise<Table> {
  if (!existsSync(path)) throw new Error(`data file not found: ${path}`);
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw fileError(path, undefined, `not a readable Parquet file: ${(err as Error).message}`, err);
  }
  const names = metadata.schema[0]?.num_children ? topLevelNames(metadata.schema) : [];
  const chunks = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>(names.map((n) => [n, []]));
  try {
    await parquetRead({
      file,
      metadata,
      onChunk: (c) => chunks.get(c.columnName)?.push({ rowStart: c.rowStart, data: c.columnData as ArrayLike<unknown> }),
    });
  } catch (err) {
    throw fileError(path, undefined, `cannot decode Parquet data: ${(err as Error).message}`, err);
  }
  const hf = hfFeatures(metadata.key_value_metadata);
  const columns = names.map((name): [string, Column] => {
    const parts = chunks.get(name)!.sort((a, b) => a.rowStart - b.rowStart);
    const col = parts.length ? concatColumns(name, parts.map((p) => columnFromValues(name, p.data))) : columnFromValues(name, []);
    return [name, withFeature(col, hf[name])];
  });
  return new Table(columns, Number(metadata.num_rows));
}

function topLevelNames(schema: { name: string; num_children?: number }[]): string[] {
  // schema is a flattened tree: root, then each top-level field followed by its descendants.
  const names: string[] = [];
  let i = 1;
  const skip = (): void => {
    const node = schema[i++]!;
    for (let k = 0; k < (node.num_children ?? 0); k++) skip();
  };
  while (i < schema.length) {
    names.push(schema[i]!.name);
    skip();
  }
  return names;
}

type HfFeature = { _type?: string; dtype?: string; names?: string[]; feature?: HfFeature };

function hfFeatures(kv: { key: string; value?: string }[] | undefined): Record<string, HfFeature> {
  const raw = kv?.find((e) => e.key === 'huggingface')?.value;
  if (!raw) return {};
  try {
    return (JSON.parse(raw) as { info?: { features?: Record<string, HfFeature> } }).info?.features ?? {};
  } catch {
    return {}; // metadata is a hint only
  }
}

const NUMERIC = new Set(['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64']);

/** Applies what `datasets` recorded: ClassLabel names, and the declared numeric width where values agree. */
function withFeature(col: Column, hf: HfFeature | undefined): Column {
  if (!hf) return col;
  const numeric = col.chunks.every((c) => c.kind === 'numeric');
  let feature: Feature | undefined;
  if (hf._type === 'ClassLabel' && numeric) feature = { dtype: 'int64', names: hf.names ?? [] };
  else if (hf._type === 'Value' && numeric && hf.dtype && NUMERIC.has(hf.dtype) && col.feature.dtype !== 'bool' && hf.dtype !== 'bool') {
    feature = { dtype: hf.dtype as ValueDtype };
  }
  if (!feature) return col;
  return new Column(feature, col.chunks.map((c) => ({ ...c, feature }) as typeof c));
}
