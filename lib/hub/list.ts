// listRepoFiles: the file list and commit of a repo revision, from the hub API or, offline, from the cache.
import { existsSync, readdirSync } from 'node:fs';
import { RepoCache } from './cache.js';
import { hubCacheDir, hubEndpoint, hubOffline, hubToken } from './env.js';
import { HubError, httpError, where, type RequestContext } from './errors.js';
import type { HubOptions } from './hf-hub-download.js';
import { hubFetch, hubHeaders } from './http.js';
import { apiInfoUrl, assertRepoId, isValidRepoId, repoFolderName, type RepoType } from './repo.js';

export interface RepoListing {
  /** Canonical repo id as the hub names it (a legacy id such as "yelp_review_full" resolves to "Yelp/yelp_review_full"). */
  repoId: string;
  /** Commit the revision points to. */
  sha: string;
  /** Repo-relative file paths, '/'-separated. */
  files: string[];
  /** True when the hub was not asked (offline) or not reachable: `files` are those cached for this revision. */
  fromCache: boolean;
}

/** GET `/api/{models|datasets}/{id}/revision/{rev}` (`sha`, `siblings[].rfilename`); records refs/<rev> in the cache. */
export async function listRepoFiles(repoId: string, opts: HubOptions = {}): Promise<RepoListing> {
  assertRepoId(repoId);
  const repoType: RepoType = opts.repoType ?? 'model';
  const revision = opts.revision ?? 'main';
  const ctx: RequestContext = { repoId, repoType, revision };
  const cacheDir = hubCacheDir(opts.cacheDir);
  if (opts.localFilesOnly || hubOffline()) return fromCache(cacheDir, ctx, 'offline mode (HF_HUB_OFFLINE or localFilesOnly)');

  const token = hubToken(opts.token);
  const url = apiInfoUrl(opts.endpoint ?? hubEndpoint(), repoId, repoType, revision);
  let res: Response;
  try {
    res = await hubFetch(url, { headers: hubHeaders(token, { accept: 'application/json' }) });
  } catch (err) {
    if (err instanceof HubError) return fromCache(cacheDir, ctx, err.message, err);
    throw err;
  }
  if (!res.ok) {
    const err = httpError(res, ctx, token !== undefined);
    if (err.code === 'RepoNotFound' || err.code === 'RevisionNotFound') throw err;
    return fromCache(cacheDir, ctx, err.message, err);
  }
  const info = (await res.json()) as { id?: string; sha?: string; siblings?: { rfilename: string }[] };
  if (typeof info.sha !== 'string' || !Array.isArray(info.siblings)) {
    throw new HubError(`The hub's repo info ${where(ctx)} has no "sha" or "siblings"`, 'HttpError', res.status);
  }
  const canonical = typeof info.id === 'string' && isValidRepoId(info.id) ? info.id : repoId;
  await new RepoCache(cacheDir, canonical, repoType).writeRef(revision, info.sha);
  return { repoId: canonical, sha: info.sha, files: info.siblings.map((s) => s.rfilename).sort(), fromCache: false };
}

function fromCache(cacheDir: string, ctx: RequestContext, why: string, cause?: HubError): RepoListing {
  for (const id of candidates(cacheDir, ctx.repoId, ctx.repoType as RepoType)) {
    const snap = new RepoCache(cacheDir, id, ctx.repoType as RepoType).snapshotFiles(ctx.revision);
    if (snap) return { repoId: id, sha: snap.commit, files: snap.files, fromCache: true };
  }
  throw new HubError(
    `Cannot list ${where(ctx)}: nothing cached for this revision in ${cacheDir}, and ${why}`,
    cause?.code === 'Unauthorized' ? 'Unauthorized' : 'OfflineNotCached',
    cause?.status,
    { cause },
  );
}

/** The id itself, then — for a legacy id without namespace — cached repos named `*--<id>` (renamed repos). */
function candidates(cacheDir: string, repoId: string, repoType: RepoType): string[] {
  const out = [repoId];
  if (repoId.includes('/') || !existsSync(cacheDir)) return out;
  const suffix = `--${repoId}`;
  const prefix = repoFolderName('x', repoType).slice(0, -1); // "models--" / "datasets--"
  for (const name of readdirSync(cacheDir)) {
    if (name.startsWith(prefix) && name.endsWith(suffix) && name !== `${prefix}${repoId}`) {
      out.push(name.slice(prefix.length).replace('--', '/'));
    }
  }
  return out;
}
