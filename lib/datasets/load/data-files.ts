// Which files make up which split: explicit `dataFiles` (paths, globs, per-split records) or, for a folder or
// a hub repo, the split names `datasets` infers from file and folder names (train/validation/test keywords).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';

export type Builder = 'csv' | 'json' | 'parquet' | 'text';
export type DataFiles = string | string[] | Record<string, string | string[]>;

const EXT_BUILDER: Record<string, Builder> = {
  '.parquet': 'parquet',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.json': 'json',
  '.jsonl': 'json',
  '.ndjson': 'json',
  '.txt': 'text',
};
const PRIORITY: Builder[] = ['parquet', 'csv', 'json', 'text'];

/** Builder for a file name by extension (a trailing .gz is looked through), or undefined. */
export function builderFor(path: string): Builder | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  return EXT_BUILDER[extname(name)];
}

const SPLIT_KEYWORDS: [string, string[]][] = [
  ['train', ['train', 'training']],
  ['validation', ['validation', 'valid', 'dev', 'val']],
  ['test', ['test', 'testing', 'eval', 'evaluation']],
];
const DELIM = '[-._ 0-9]';
const inName = (k: string) => new RegExp(`(^|${DELIM})${k}(${DELIM}|$)`);

/**
 * Splits from '/'-separated paths, as `datasets` does: split keywords in file names first (train.csv,
 * data/test-00000-of-00001.parquet); if no file name has one, in folder names (train/0000.parquet,
 * partial-train/); if neither, every file is "train".
 */
export function inferSplits(paths: string[]): Record<string, string[]> {
  const byName = (segment: (p: string) => string[]) => {
    const out: Record<string, string[]> = {};
    for (const [split, words] of SPLIT_KEYWORDS) {
      const hits = paths.filter((p) => segment(p).some((s) => words.some((w) => inName(w).test(s.toLowerCase()))));
      if (hits.length) out[split] = hits;
    }
    return out;
  };
  const stem = (p: string) => [basename(p).replace(/\.[^.]+(\.gz)?$/, '')];
  const dirs = (p: string) => p.split('/').slice(0, -1);
  const fromNames = byName(stem);
  if (Object.keys(fromNames).length) return fromNames;
  const fromDirs = byName(dirs);
  if (Object.keys(fromDirs).length) return fromDirs;
  return paths.length ? { train: paths } : {};
}

export function isSplitKeyword(s: string): boolean {
  return SPLIT_KEYWORDS.some(([, words]) => words.some((w) => inName(w).test(s.toLowerCase())));
}

/** The builder most data files share (ties: parquet > csv > json > text), and those files. */
export function dominantBuilder(paths: string[]): [Builder, string[]] | undefined {
  const counts = new Map<Builder, string[]>();
  for (const p of paths) {
    const b = builderFor(p);
    if (b) counts.set(b, [...(counts.get(b) ?? []), p]);
  }
  let best: Builder | undefined;
  for (const b of PRIORITY) if (counts.has(b) && (!best || counts.get(b)!.length > counts.get(best)!.length)) best = b;
  return best && [best, counts.get(best)!];
}

/** Data files of a repo or folder listing: hidden/underscore files and non-data files left out. */
export function dataFileCandidates(paths: string[]): string[] {
  return paths.filter((p) => !p.split('/').some((s) => s.startsWith('.') || s.startsWith('__')) && builderFor(p) !== undefined);
}

/** `dataFiles` as { split: absolute paths }, globs expanded; every path must exist. */
export function normaliseDataFiles(dataFiles: DataFiles, baseDir = process.cwd()): Record<string, string[]> {
  const record: Record<string, string | string[]> =
    typeof dataFiles === 'string' || Array.isArray(dataFiles) ? { train: dataFiles } : dataFiles;
  if (typeof record !== 'object' || record === null) throw new TypeError('dataFiles must be a path, a list of paths, or { split: paths }');
  const out: Record<string, string[]> = {};
  for (const [split, files] of Object.entries(record)) {
    const list = typeof files === 'string' ? [files] : files;
    if (!Array.isArray(list) || list.some((f) => typeof f !== 'string')) {
      throw new TypeError(`dataFiles.${split} must be a path or a list of paths`);
    }
    out[split] = list.flatMap((f) => expand(resolve(baseDir, f)));
    if (!out[split].length) throw new Error(`dataFiles.${split} is empty`);
  }
  return out;
}

function expand(path: string): string[] {
  if (!/[*?[]/.test(path)) {
    if (!existsSync(path)) throw new Error(`data file not found: ${path}`);
    if (statSync(path).isDirectory()) {
      const files = listFiles(path).filter((f) => builderFor(f));
      if (!files.length) throw new Error(`no data files (.csv .tsv .json .jsonl .parquet .txt) in folder ${path}`);
      return files.map((f) => join(path, f));
    }
    return [path];
  }
  // Glob: walk from the deepest folder without wildcards.
  const parts = path.split(sep);
  const fixed = parts.findIndex((p) => /[*?[]/.test(p));
  const root = parts.slice(0, fixed).join(sep) || sep;
  const re = globToRegExp(parts.slice(fixed).join('/'));
  const hits = existsSync(root) ? listFiles(root).filter((f) => re.test(f)).map((f) => join(root, f)) : [];
  if (!hits.length) throw new Error(`no file matches the data file pattern ${path}`);
  return hits;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      re += end > i ? glob.slice(i, end + 1) : '\\[';
      if (end > i) i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Files under a folder, '/'-separated and sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(root, r)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Splits of a local folder given as `loadDataset(folder)`. */
export function folderDataFiles(dir: string): { builder: Builder; files: Record<string, string[]> } {
  const found = dominantBuilder(dataFileCandidates(listFiles(dir)));
  if (!found) throw new Error(`no data files (.csv .tsv .json .jsonl .parquet .txt) in folder ${dir}`);
  const splits = inferSplits(found[1]);
  return { builder: found[0], files: Object.fromEntries(Object.entries(splits).map(([s, fs]) => [s, fs.map((f) => join(dir, f))])) };
}

