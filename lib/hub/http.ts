// HTTP calls to the hub: auth headers, the metadata HEAD request, and the mapping of failures to HubError.
import { HubError, httpError, type RequestContext } from './errors.js';

/** Seconds to wait for the metadata request, like `HF_HUB_ETAG_TIMEOUT` in huggingface_hub. */
function etagTimeoutMs(): number {
  const s = Number(process.env.HF_HUB_ETAG_TIMEOUT ?? 10);
  return (Number.isFinite(s) && s > 0 ? s : 10) * 1000;
}

export function hubHeaders(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return { 'user-agent': 'tstorch-hub/0.1', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

/** fetch that reports transport failures (refused, DNS, timeout) as HubError 'NetworkError'. */
export async function hubFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new HubError(`Could not reach the hub at ${new URL(url).origin} (${reason})`, 'NetworkError', undefined, {
      cause: err,
    });
  }
}

export interface FileMetadata {
  commit: string;
  /** Normalised etag: the LFS sha256 (64 hex) for LFS files, the git blob sha1 otherwise. */
  etag: string;
  size: number | undefined;
  /** Where to GET the bytes: the resolve URL, or the CDN location the hub redirected to. */
  location: string;
}

const normaliseEtag = (etag: string) => etag.replace(/^W\//, '').replace(/^"|"$/g, '');

/**
 * HEAD on the resolve URL, following only same-host (relative) redirects such as renamed repos. A redirect to
 * another place (LFS/Xet CDN) is not followed: the hub puts X-Repo-Commit / X-Linked-Etag on that redirect.
 */
export async function fetchFileMetadata(url: string, token: string | undefined, ctx: RequestContext): Promise<FileMetadata> {
  let current = url;
  for (let hop = 0; hop < 10; hop++) {
    const res = await hubFetch(
      current,
      {
        method: 'HEAD',
        redirect: 'manual',
        headers: hubHeaders(token, { 'accept-encoding': 'identity' }),
        signal: AbortSignal.timeout(etagTimeoutMs()),
      },
    );
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, current);
      const sameHost = next.host === new URL(current).host;
      const commitKnown = res.headers.get('x-repo-commit') && (res.headers.get('x-linked-etag') || res.headers.get('etag'));
      if (sameHost && !commitKnown) {
        current = next.href;
        continue;
      }
      return metadataFrom(res, next.href, ctx);
    }
    if (!res.ok) throw httpError(res, ctx, token !== undefined);
    return metadataFrom(res, current, ctx);
  }
  throw new HubError(`Too many redirects for ${url}`, 'HttpError');
}

function metadataFrom(res: Response, location: string, ctx: RequestContext): FileMetadata {
  const commit = res.headers.get('x-repo-commit');
  const etag = res.headers.get('x-linked-etag') ?? res.headers.get('etag');
  if (!commit || !etag) {
    throw new HubError(
      `The hub's answer for ${ctx.filename} lacks the X-Repo-Commit or ETag header; is HF_ENDPOINT a Hugging Face hub?`,
      'HttpError',
      res.status,
    );
  }
  const sizeHeader = res.headers.get('x-linked-size') ?? res.headers.get('content-length');
  const size = sizeHeader === null ? undefined : Number(sizeHeader);
  return { commit, etag: normaliseEtag(etag), size: Number.isFinite(size) ? size : undefined, location };
}
