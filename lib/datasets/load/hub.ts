// Data sets on the Hugging Face hub: find the data files as `datasets` does — the repo's own data files
// (Parquet first), else the Parquet export on the `refs/convert/parquet` branch ({config}/{split}/NNNN.parquet) —
// and download them into the shared hub cache through lib/hub (pinned to the listed commit).
import { hfHubDownload, listRepoFiles, type HubOptions, type RepoListing } from '../../hub/index.js';
import { dataFileCandidates, dominantBuilder, inferSplits, isSplitKeyword, type Builder } from './data-files.js';

export interface HubDataFiles {
  repoId: string;
  builder: Builder;
  files: Record<string, string[]>;
}

export interface HubDatasetOptions extends Pick<HubOptions, 'cacheDir' | 'token' | 'revision'> {
  /** Config (subset) name, e.g. "sst2" of "glue". */
  name?: string;
  /** Only these splits are downloaded, when known. */
  splits?: string[];
}

const PARQUET_REVISION = 'refs/convert/parquet';

export async function hubDataFiles(repoId: string, opts: HubDatasetOptions): Promise<HubDataFiles> {
  const base = { repoType: 'dataset' as const, cacheDir: opts.cacheDir, token: opts.token };
  const main = await listRepoFiles(repoId, { ...base, revision: opts.revision ?? 'main' });
  let chosen = pick(main, opts.name, false);
  let listing = main;
  if (!chosen) {
    // Script-based or unusual repos: the hub's automatic Parquet conversion.
    const converted = await listRepoFiles(main.repoId, { ...base, revision: PARQUET_REVISION }).catch((err: Error) => {
      throw new Error(
        `data set ${repoId} has no data files (.parquet .csv .json .jsonl .txt) on revision ${opts.revision ?? 'main'} ` +
          `and no Parquet export (${PARQUET_REVISION}): ${err.message}`,
        { cause: err },
      );
    });
    chosen = pick(converted, opts.name, true);
    listing = converted;
    if (!chosen) throw new Error(`data set ${repoId}: no Parquet files in its ${PARQUET_REVISION} export`);
  }
  const wanted = opts.splits?.filter((s) => chosen!.files[s]);
  const files: Record<string, string[]> = {};
  for (const [split, paths] of Object.entries(chosen.files)) {
    if (wanted?.length && !wanted.includes(split)) continue;
    files[split] = [];
    for (const filename of paths) {
      files[split].push(await hfHubDownload({ ...base, repoId: listing.repoId, filename, revision: listing.sha }));
    }
  }
  return { repoId: listing.repoId, builder: chosen.builder, files };
}

/** Data files of one config in a listing, split by name; undefined when the listing has none. */
function pick(listing: RepoListing, name: string | undefined, exported: boolean): { builder: Builder; files: Record<string, string[]> } | undefined {
  const found = dominantBuilder(dataFileCandidates(listing.files));
  if (!found) return undefined;
  const [builder, paths] = found;
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const top = p.includes('/') ? p.slice(0, p.indexOf('/')) : '';
    groups.set(top, [...(groups.get(top) ?? []), p]);
  }
  // In the Parquet export the first folder is always the config; in a repo, a folder named like a split is not one.
  const configs = [...groups.keys()].filter((g) => exported || (g !== '' && g !== 'data' && !isSplitKeyword(g)));
  let selected = paths;
  if (name !== undefined) {
    if (!groups.has(name)) {
      throw new Error(`config "${name}" not found in data set ${listing.repoId}; configs: ${configs.join(', ') || '(only the default)'}`);
    }
    selected = groups.get(name)!;
  } else if (configs.length > 1) {
    const fallback = groups.get('default');
    if (!fallback) {
      throw new Error(`data set ${listing.repoId} has several configs: ${configs.join(', ')}; pass one as loadDataset(path, name)`);
    }
    selected = fallback;
  } else if (exported && configs.length === 1) {
    selected = groups.get(configs[0]!)!;
  }
  const relative = exported || name !== undefined ? selected.map((p) => p.slice(p.indexOf('/') + 1)) : selected;
  const splits = inferSplits(relative);
  const back = new Map(relative.map((r, i) => [r, selected[i]!]));
  return { builder, files: Object.fromEntries(Object.entries(splits).map(([s, rs]) => [s, rs.map((r) => back.get(r)!)])) };
}
