// Errors with a machine-readable `code`, so callers (optional files, cache fallback) can branch on them.
export type HubErrorCode =
  | 'EntryNotFound'
  | 'RepoNotFound'
  | 'RevisionNotFound'
  | 'Unauthorized'
  | 'OfflineNotCached'
  | 'ChecksumMismatch'
  | 'HttpError'
  | 'NetworkError';

export class HubError extends Error {
  override name = 'HubError';
  /** The repo commit the hub reported with the error (X-Repo-Commit), e.g. for a missing file. */
  commit?: string;
  constructor(
    message: string,
    readonly code: HubErrorCode,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RequestContext {
  repoId: string;
  repoType: string;
  revision: string;
  filename?: string;
}

export function where(ctx: RequestContext): string {
  const file = ctx.filename === undefined ? '' : `, file ${ctx.filename}`;
  return `(${ctx.repoType === 'dataset' ? 'dataset ' : ''}repo ${ctx.repoId}, revision ${ctx.revision}${file})`;
}

const TOKEN_HINT =
  'If the repo is private or gated, set HF_TOKEN (or pass the `token` option) to a token with read access to it.';

/** Maps an error response of the hub to a HubError; never includes the token. */
export function httpError(res: { status: number; headers: Headers }, ctx: RequestContext, authed: boolean): HubError {
  const err = describe(res, ctx, authed);
  err.commit = res.headers.get('x-repo-commit') ?? undefined;
  return err;
}

function describe(res: { status: number; headers: Headers }, ctx: RequestContext, authed: boolean): HubError {
  const code = res.headers.get('x-error-code');
  const loc = where(ctx);
  if (code === 'EntryNotFound') {
    return new HubError(`File ${ctx.filename ?? ''} not found on the hub ${loc}`, 'EntryNotFound', res.status);
  }
  if (code === 'RevisionNotFound') {
    return new HubError(`Revision ${ctx.revision} not found on the hub ${loc}`, 'RevisionNotFound', res.status);
  }
  if (code === 'RepoNotFound' || (res.status === 404 && !code)) {
    const hint = authed ? '' : ` ${TOKEN_HINT}`;
    return new HubError(`Repository ${ctx.repoId} not found on the hub ${loc}.${hint}`, 'RepoNotFound', res.status);
  }
  if (res.status === 401 || res.status === 403) {
    const tokenState = authed ? 'the token that was sent (HF_TOKEN) was refused' : 'no token was sent';
    return new HubError(
      `Access denied by the hub (HTTP ${res.status}) ${loc}: ${tokenState}. ${TOKEN_HINT}`,
      'Unauthorized',
      res.status,
    );
  }
  return new HubError(`The hub answered HTTP ${res.status} ${loc}`, 'HttpError', res.status);
}
