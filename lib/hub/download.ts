// Streams a file into `<blob>.incomplete`, resuming with a Range request when a partial file is there,
// checks the sha256 when the etag is one (LFS files), then renames it to the blob path in one step.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
  url: string;
  blob: string;
  etag: string;
  size: number | undefined;
  token: string | undefined;
  ctx: RequestContext;
  onProgress?: (p: DownloadProgress) => void;
}

const SHA256 = /^[0-9a-f]{64}$/;

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

/** Hash of what an earlier, interrupted download left, so the check covers the whole file. */
async function hashExisting(path: string): Promise<ReturnType<typeof createHash>> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), new Writable({ write: (c, _e, cb) => (hash.update(c), cb()) }));
  return hash;
}

export async function downloadBlob(job: BlobDownload): Promise<void> {
  const { url, blob, etag, token, ctx } = job;
  const incomplete = `${blob}.incomplete`;
  await mkdir(dirname(blob), { recursive: true });
  let have = await sizeOf(incomplete);
  if (job.size !== undefined && have > job.size) {
    await rm(incomplete, { force: true });
    have = 0;
  }
  // The token goes only to the hub itself, never to a CDN it redirected us to (presigned URLs).
  const sameOrigin = (u: string) => {
    try {
      return new URL(u).origin === new URL(url).origin;
    } catch {
      return false;
    }
  };
  const headers = hubHeaders(sameOrigin(url) ? token : undefined, have > 0 ? { range: `bytes=${have}-` } : {});
  const res = await hubFetch(url, { headers, redirect: 'follow' }, ctx);
  if (res.status === 416 && have > 0) {
    // The partial file is not a prefix the server recognises: start again from zero.
    await rm(incomplete, { force: true });
    return downloadBlob(job);
  }
  if (!res.ok || !res.body) throw httpError(res, ctx, headers.authorization !== undefined);
  const resumed = res.status === 206 && have > 0 && (res.headers.get('content-range') ?? '').startsWith(`bytes ${have}-`);
  if (!resumed) have = 0;
  const verify = SHA256.test(etag);
  const hash = verify ? (resumed ? await hashExisting(incomplete) : createHash('sha256')) : undefined;
  let downloaded = have;
  const total = job.size;
  job.onProgress?.({ filename: ctx.filename ?? '', downloaded, total });
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash?.update(chunk);
      downloaded += chunk.length;
      job.onProgress?.({ filename: ctx.filename ?? '', downloaded, total });
      cb(null, chunk);
    },
  });
  const out = createWriteStream(incomplete, { flags: resumed ? 'a' : 'w' });
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  try {
    await pipeline(body, tap, out);
  } catch (err) {
    // Keep the partial file: the next call resumes from it.
    throw new HubError(`Download of ${ctx.filename} was interrupted (${(err as Error).message})`, 'NetworkError', undefined, {
      cause: err,
    });
  }
  if (total !== undefined && downloaded !== total) {
    throw new HubError(
      `Download of ${ctx.filename} ended after ${downloaded} of ${total} bytes; call again to resume`,
      'NetworkError',
    );
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
  await rename(incomplete, blob);
}
