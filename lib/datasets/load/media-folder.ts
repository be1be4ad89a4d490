// loadDataset('imagefolder' | 'audiofolder', { dataDir }): files found under dataDir, one row per file, the
// label taken from the parent folder's name as Python's folder-based builders do (sorted class names as a
// ClassLabel, only when there are at least two classes and every file sits at the same depth). Top-level
// folders named like splits (train, test, validation and their aliases) become splits; otherwise all is "train".
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { Column } from '../columns.js';
import type { Feature } from '../features.js';
import { Audio, Image, type MediaCell } from '../media-features.js';
import { Table } from '../table.js';

export type MediaBuilder = 'imagefolder' | 'audiofolder';

const EXTENSIONS: Record<MediaBuilder, string[]> = {
  imagefolder: ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp', '.avif'],
  audiofolder: ['.wav', '.flac'],
};
const SPLIT_ALIASES: Record<string, string> = {
  train: 'train', training: 'train',
  test: 'test', testing: 'test', eval: 'test', evaluation: 'test',
  validation: 'validation', valid: 'validation', dev: 'validation', val: 'validation',
};

export function readMediaFolder(builder: MediaBuilder, dataDir: string | undefined): Map<string, Table> {
  if (!dataDir) throw new TypeError(`loadDataset('${builder}') needs the dataDir option: a folder with one sub-folder per class`);
  const root = resolve(dataDir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new Error(`loadDataset('${builder}'): dataDir ${root} is not a folder`);
  const extensions = EXTENSIONS[builder];
  const splitDirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && SPLIT_ALIASES[d.name.toLowerCase()]);
  const splits = new Map<string, string[]>();
  if (splitDirs.length) {
    for (const d of splitDirs) {
      const name = SPLIT_ALIASES[d.name.toLowerCase()]!;
      splits.set(name, [...(splits.get(name) ?? []), ...walk(join(root, d.name), extensions)]);
    }
  } else {
    splits.set('train', walk(root, extensions));
  }
  const all = [...splits.values()].flat();
  if (all.length === 0) throw new Error(`loadDataset('${builder}'): no ${extensions.join('/')} files under ${root}`);
  const labels = classNames(all, root, splitDirs.length > 0);
  const column = builder === 'imagefolder' ? 'image' : 'audio';
  const feature: Feature = builder === 'imagefolder' ? new Image() : new Audio();
  const tables = new Map<string, Table>();
  for (const [split, files] of splits) {
    files.sort();
    const cells: MediaCell[] = files.map((f) => ({ bytes: null, path: f }));
    const entries: [string, Column][] = [[column, new Column(feature, [{ kind: 'object', feature, data: cells }])]];
    if (labels) {
      const ids = Int32Array.from(files, (f) => labels.indexOf(basename(dirname(f))));
      const labelFeature = { dtype: 'int64' as const, names: labels };
      entries.push(['label', new Column(labelFeature, [{ kind: 'numeric', feature: labelFeature, data: ids }])]);
    }
    tables.set(split, new Table(entries, files.length));
  }
  return tables;
}

function walk(dir: string, extensions: string[]): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...walk(p, extensions));
    else if (extensions.includes(extname(d.name).toLowerCase())) out.push(p);
  }
  return out;
}

/** Sorted parent-folder names when they label the files; undefined when they do not. */
function classNames(files: string[], root: string, underSplits: boolean): string[] | undefined {
  const depth = (f: string) => relative(root, f).split(sep).length - (underSplits ? 1 : 0);
  const depths = new Set(files.map(depth));
  const names = [...new Set(files.map((f) => basename(dirname(f))))].sort();
  return names.length > 1 && depths.size === 1 && !depths.has(1) ? names : undefined;
}
