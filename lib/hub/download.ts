// Streams a file into `<blob>.incomplete`, resuming with a Range request when a partial file is there,
// checks the sha256 when the etag is one (LFS files), then renames it to the blob path in one step.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { HubError, httpError, type RequestContext } from './errors.js';
import { hubFetch, hubHeaders } from './http.js';

export interface DownloadProgress {
  filename: string;
  /** Bytes on disk so far, resumed bytes included. */
  downloaded: number;
  /** Total size when the hub told it. */
  total: number | undefined;
}

export interface BlobDownload {
  /** Where to GET the bytes (the hub, or the CDN it redirected to). */
  url: string;
  /** The hub's resolve URL: the token is sent only to its origin. */
  hubUrl: string;
  blob: string;
  etag: string;
  size: number | undefined;
  token: string | undefined;
  ctx: RequestContext;
  onProgress?: (p: DownloadProgress) => void;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Seconds without data before a download is abandoned, like `HF_HUB_DOWNLOAD_TIMEOUT` (default 10). */
function idleTimeoutMs(): number {
  const s = Number(process.env.HF_HUB_DOWNLOAD_TIMEOUT ?? 10);
  return (Number.isFinite(s) && s > 0 ? s : 10) * 1000;
}

/** An AbortSignal that fires when `poke()` has not been called for `ms`. */
function idleAbort(ms: number): { signal: AbortSignal; poke(): void; stop(): void } {
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctl.abort(new Error(`no data for ${ms / 1000} s (HF_HUB_DOWNLOAD_TIMEOUT)`)), ms);
  };
  poke();
  return { signal: ctl.signal, poke, stop: () => clearTimeout(timer) };
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

/** Hash of what an earlier, interrupted download left, so the check covers the whole file. */
async function hashExisting(path: string): Promise<Hash> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), new Writable({ write: (c, _e, cb) => (hash.update(c), cb()) }));
  return hash;
}

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

export async function downloadBlob(job: BlobDownload): Promise<void> {
  const { blob } = job;
  const incomplete = `${blob}.incomplete`;
  await mkdir(dirname(blob), { recursive: true });
  let have = await sizeOf(incomplete);
  if (job.size !== undefined && have > job.size) {
    await rm(incomplete, { force: true });
    have = 0;
  }
  const idle = idleAbort(idleTimeoutMs());
  try {
    const res = await request(job, have, idle.signal);
    if (res === 'restart') {
      // The partial file is not a prefix the server recognises: start again from zero.
      await rm(incomplete, { force: true });
      return await downloadBlob(job);
    }
    const resumed = res.status === 206 && have > 0 && (res.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`);
    await receive(job, res, resumed ? have : 0, idle.poke);
  } finally {
    idle.stop();
  }
  await rename(incomplete, blob);
}

async function request(job: BlobDownload, have: number, signal: AbortSignal): Promise<Response | 'restart'> {
  // The token goes only to the hub itself, never to a CDN it redirected us to (presigned URLs).
  const token = sameOrigin(job.url, job.hubUrl) ? job.token : undefined;
  const headers = hubHeaders(token, have > 0 ? { range: `bytes=${have}-` } : {});
  const res = await hubFetch(job.url, { headers, redirect: 'follow', signal });
  if (res.status === 416 && have > 0) return 'restart';
  if (!res.ok || !res.body) throw httpError(res, job.ctx, token !== undefined);
  return res;
}

/** Writes the body after `have` existing bytes, hashing and reporting progress; verifies size and sha256. */
async function receive(job: BlobDownload, res: Response, have: number, poke: () => void): Promise<void> {
  const { ctx, etag } = job;
  const incomplete = `${job.blob}.incomplete`;
  const hash = SHA256.test(etag) ? (have > 0 ? await hashExisting(incomplete) : createHash('sha256')) : undefined;
  let downloaded = have;
  const report = () => job.onProgress?.({ filename: ctx.filename ?? '', downloaded, total: job.size });
  report();
  // Each chunk is written before the next is read, so an interrupted download leaves every byte it got on disk.
  const file = await open(incomplete, have > 0 ? 'a' : 'w');
  try {
    for await (const chunk of Readable.fromWeb(res.body as ReadableStream<Uint8Array>) as AsyncIterable<Buffer>) {
      poke();
      await file.write(chunk);
      hash?.update(chunk);
      downloaded += chunk.length;
      report();
    }
  } catch (err) {
    // Keep the partial file: the next call resumes from it.
    const why = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new HubError(`Download of ${ctx.filename} was interrupted (${why}); call again to resume`, 'NetworkError', undefined, {
      cause: err,
    });
  } finally {
    await file.close();
  }
  if (job.size !== undefined && downloaded !== job.size) {
    throw new HubError(`Download of ${ctx.filename} ended after ${downloaded} of ${job.size} bytes; call again to resume`, 'NetworkError');
  }
  if (hash) {
    const digest = hash.digest('hex');
    if (digest !== etag) {
      await rm(incomplete, { force: true });
      throw new HubError(
        `Checksum mismatch for ${ctx.filename}: expected sha256 ${etag}, got ${digest}; the partial download was deleted`,
        'ChecksumMismatch',
      );
    }
  }
}
