// hfHubDownload: one file of a hub repo into the shared HF cache, as huggingface_hub.hf_hub_download does.
import { existsSync } from 'node:fs';
import { RepoCache } from './cache.js';
import { downloadBlob, type DownloadProgress } from './download.js';
import { hubCacheDir, hubEndpoint, hubOffline, hubToken } from './env.js';
import { HubError, where, type RequestContext } from './errors.js';
import { fetchFileMetadata } from './http.js';
import { withFileLock } from './lock.js';
import { assertRepoId, isCommitHash, resolveUrl, type RepoType } from './repo.js';

export interface HubOptions {
  repoType?: RepoType;
  /** Branch, tag or commit hash; default "main". */
  revision?: string;
  /** Cache root; default `$HF_HUB_CACHE`, `$HF_HOME/hub`, `~/.cache/huggingface/hub`. */
  cacheDir?: string;
  /** Access token; default `$HF_TOKEN`, then the `$HF_HOME/token` file. `false` sends none. */
  token?: string | false;
  /** Hub URL; default `$HF_ENDPOINT`, then https://huggingface.co. */
  endpoint?: string;
  /** Only look in the cache (also when `$HF_HUB_OFFLINE=1`). */
  localFilesOnly?: boolean;
}

export interface HfHubDownloadOptions extends HubOptions {
  repoId: string;
  /** Path of the file inside the repo, '/'-separated. */
  filename: string;
  /** Folder inside the repo, prepended to `filename`. */
  subfolder?: string;
  /** Download again even when cached. */
  forceDownload?: boolean;
  onProgress?: (p: DownloadProgress) => void;
}

// One download per blob at a time in this process; concurrent callers share it.
const inFlight = new Map<string, Promise<void>>();

/** Absolute path of the file in the cache's snapshots/<commit>/ folder (a link to blobs/<etag>). */
export async function hfHubDownload(opts: HfHubDownloadOptions): Promise<string> {
  const repoType = opts.repoType ?? 'model';
  const revision = opts.revision ?? 'main';
  assertRepoId(opts.repoId);
  const filename = opts.subfolder ? `${opts.subfolder.replace(/\/+$/, '')}/${opts.filename}` : opts.filename;
  if (!filename || filename.split('/').some((p) => p === '..' || p === '')) {
    throw new TypeError(`filename ${JSON.stringify(filename)} must be a relative path inside the repo`);
  }
  const ctx: RequestContext = { repoId: opts.repoId, repoType, revision, filename };
  const cache = new RepoCache(hubCacheDir(opts.cacheDir), opts.repoId, repoType);

  // A commit hash never moves: a cached copy is final, no request needed.
  if (isCommitHash(revision) && !opts.forceDownload) {
    const hit = cache.cachedFile(revision, filename);
    if (hit) return hit;
  }
  if (opts.localFilesOnly || hubOffline()) return fromCacheOnly(cache, ctx, 'offline mode (HF_HUB_OFFLINE or localFilesOnly)');

  const token = hubToken(opts.token);
  const url = resolveUrl(opts.endpoint ?? hubEndpoint(), opts.repoId, repoType, revision, filename);
  let meta;
  try {
    meta = await fetchFileMetadata(url, token, ctx);
  } catch (err) {
    if (!(err instanceof HubError)) throw err;
    if (err.code === 'EntryNotFound') {
      await rememberMissing(cache, ctx, err);
      throw err;
    }
    if (err.code === 'RepoNotFound' || err.code === 'RevisionNotFound') throw err;
    // Hub unreachable, down, or refusing the token: use the cache when it has the file (huggingface_hub does too).
    const hit = cache.cachedFile(revision, filename);
    if (hit) return hit;
    throw err;
  }

  await cache.writeRef(revision, meta.commit);
  const blob = cache.blobPath(meta.etag);
  const pointer = cache.snapshotPath(meta.commit, filename);
  if (!opts.forceDownload && existsSync(pointer)) return pointer;
  if (opts.forceDownload || !existsSync(blob)) {
    let job = inFlight.get(blob);
    if (!job) {
      const force = opts.forceDownload;
      job = withFileLock(cache.lockPath(meta.etag), async () => {
        // Another process may have finished the blob while we waited for the lock.
        if (!force && existsSync(blob)) return;
        await downloadBlob({ url: meta.location, hubUrl: url, blob, etag: meta.etag, size: meta.size, token, ctx, onProgress: opts.onProgress });
      });
      inFlight.set(blob, job);
      job.finally(() => inFlight.delete(blob)).catch(() => {});
    }
    await job;
  }
  return cache.linkSnapshot(meta.commit, filename, blob);
}

function fromCacheOnly(cache: RepoCache, ctx: RequestContext, why: string): string {
  const hit = cache.cachedFile(ctx.revision, ctx.filename!);
  if (hit) return hit;
  if (cache.knownMissing(ctx.revision, ctx.filename!)) {
    throw new HubError(`File ${ctx.filename} not found on the hub ${where(ctx)} (known from the cache)`, 'EntryNotFound', 404);
  }
  throw new HubError(
    `Cannot find ${ctx.filename} in the local cache ${cache.root} ${where(ctx)} and ${why} forbids downloading it. ` +
      `Run once online (or unset HF_HUB_OFFLINE) to fill the cache.`,
    'OfflineNotCached',
  );
}

async function rememberMissing(cache: RepoCache, ctx: RequestContext, err: HubError): Promise<void> {
  const commit = err.commit;
  if (commit) {
    await cache.writeRef(ctx.revision, commit);
    await cache.markMissing(commit, ctx.filename!);
  }
}
