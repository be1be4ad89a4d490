// A loopback stand-in for the Hugging Face hub, for tests of everything that downloads (models, tokenizers,
// data sets). It serves repos from memory or from fixture files with the hub's URL layout and headers:
//   GET|HEAD /{id}/resolve/{rev}/{path}            (datasets: /datasets/{id}/resolve/...)
//   GET      /api/{models|datasets}/{id}[/revision/{rev}]   -> { id, sha, siblings: [{ rfilename }] }
//   GET      /api/{models|datasets}/{id}/tree/{rev}[/{path}]?recursive=true  (what @huggingface/hub listFiles reads)
// LFS files (big, or by extension) answer 302 to /cdn/<sha256> with X-Linked-Etag / X-Linked-Size, like the hub;
// other files answer 200 with ETag = git blob sha1. X-Repo-Commit is on every answer about a revision.
// Range requests, an optional bearer token, legacy-id redirects and a log of requests are supported.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** File content: text, bytes, or `{ path }` of a local file read at start. */
export type HubFileSource = string | Uint8Array | { path: string };

export interface HubRepo {
  /** "org/name" or "name". */
  id: string;
  type?: 'model' | 'dataset';
  /** Files of "main". Shorthand for `revisions: { main: { files } }`. */
  files?: Record<string, HubFileSource>;
  /** Branches/tags (e.g. "refs/convert/parquet"), each with its files and optionally a fixed commit id. */
  revisions?: Record<string, { files: Record<string, HubFileSource>; commit?: string }>;
  /** Other ids that redirect here (a renamed repo, or a legacy id such as "yelp_review_full"). */
  aliases?: string[];
  /** Requires the server's token (401 without it, 403 with a wrong one). */
  private?: boolean;
}

/** Every file under a local folder (e.g. a fixture model) as repo files, '/'-separated paths -> `{ path }`. */
export function filesFromFolder(dir: string, opts: { exclude?: RegExp } = {}): Record<string, HubFileSource> {
  const out: Record<string, HubFileSource> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, r)).isDirectory()) walk(r);
      else if (!opts.exclude?.test(r)) out[r] = { path: join(dir, r) };
    }
  };
  walk('');
  return out;
}

export interface HubServerOptions {
  repos: HubRepo[];
  /** The valid token. With it set, private repos need `Authorization: Bearer <token>`. */
  token?: string;
  /** Files at least this big (or .parquet/.safetensors/.bin/.h5/.onnx) are LFS: served via a 302 to /cdn/. Default 1 MiB. */
  lfsThreshold?: number;
  /** Serve at most this many bytes of a body then cut the connection (to test resumed downloads). */
  truncateAfter?: number;
}

export interface LoggedRequest {
  method: string;
  /** Decoded path, no query. */
  path: string;
  status: number;
  range?: string;
  /** The Authorization header was present (its value is never logged). */
  authorized: boolean;
}

export interface HubServer {
  /** Base URL, e.g. http://127.0.0.1:34567 — use as HF_ENDPOINT / `endpoint`. */
  url: string;
  requests: LoggedRequest[];
  /** Number of logged requests matching a filter (method and/or a substring or regexp of the path). */
  count(filter?: { method?: string; path?: string | RegExp; status?: number }): number;
  /** Commit id of a repo revision. */
  commit(repoId: string, revision?: string, type?: 'model' | 'dataset'): string;
  /** sha256 of a file (the LFS etag). */
  sha256(repoId: string, filename: string, revision?: string, type?: 'model' | 'dataset'): string;
  /** Changes the byte cut-off for later requests (undefined: serve whole bodies). */
  setTruncateAfter(bytes: number | undefined): void;
  /** Later bodies stop after this many bytes and the connection stays open, silent (undefined: off). */
  setStallAfter(bytes: number | undefined): void;
  resetLog(): void;
  close(): Promise<void>;
}

interface ServedFile {
  data: Buffer;
  sha256: string;
  gitSha1: string;
  lfs: boolean;
}
interface ServedRevision {
  commit: string;
  files: Map<string, ServedFile>;
}
interface ServedRepo {
  repo: HubRepo;
  type: 'model' | 'dataset';
  revisions: Map<string, ServedRevision>;
}

const LFS_EXT = /\.(parquet|safetensors|bin|h5|onnx|msgpack|arrow|pt|pth|ckpt|gguf)$/;

function toBuffer(src: HubFileSource): Buffer {
  if (typeof src === 'string') return Buffer.from(src, 'utf8');
  if (src instanceof Uint8Array) return Buffer.from(src);
  return readFileSync(src.path);
}

function prepare(repo: HubRepo, lfsThreshold: number): ServedRepo {
  const type = repo.type ?? 'model';
  const revisions = new Map<string, ServedRevision>();
  const revs = { ...(repo.files ? { main: { files: repo.files } } : {}), ...repo.revisions };
  for (const [name, rev] of Object.entries(revs)) {
    const files = new Map<string, ServedFile>();
    const commitHash = createHash('sha1').update(`${type}:${repo.id}:${name}`);
    for (const [path, src] of Object.entries(rev.files)) {
      const data = toBuffer(src);
      const sha256 = createHash('sha256').update(data).digest('hex');
      const gitSha1 = createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
      files.set(path, { data, sha256, gitSha1, lfs: data.length >= lfsThreshold || LFS_EXT.test(path) });
      commitHash.update(`${path}:${sha256}`);
    }
    // Deterministic, content-dependent commit ids unless the test fixes one.
    revisions.set(name, { commit: (rev as { commit?: string }).commit ?? commitHash.digest('hex'), files });
  }
  return { repo, type, revisions };
}

export async function startHubServer(opts: HubServerOptions): Promise<HubServer> {
  const lfsThreshold = opts.lfsThreshold ?? 1 << 20;
  let truncateAfter = opts.truncateAfter;
  let stallAfter: number | undefined;
  const repos = opts.repos.map((r) => prepare(r, lfsThreshold));
  const blobs = new Map<string, Buffer>();
  for (const r of repos) for (const rev of r.revisions.values()) for (const f of rev.files.values()) blobs.set(f.sha256, f.data);
  const requests: LoggedRequest[] = [];

  const findRepo = (type: 'model' | 'dataset', id: string) =>
    repos.find((r) => r.type === type && r.repo.id === id) ??
    repos.find((r) => r.type === type && r.repo.aliases?.includes(id));
  const findRevision = (r: ServedRepo, rev: string) =>
    r.revisions.get(rev) ?? [...r.revisions.values()].find((x) => x.commit === rev);

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const segments = url.pathname.split('/').slice(1);
    const method = req.method ?? 'GET';
    const log: LoggedRequest = {
      method,
      path: decodeURIComponent(url.pathname),
      status: 0,
      range: req.headers.range,
      authorized: req.headers.authorization !== undefined,
    };
    requests.push(log);
    const send = (status: number, headers: Record<string, string>, body?: Buffer | string) => {
      log.status = status;
      res.writeHead(status, headers);
      if (method === 'HEAD' || body === undefined) return void res.end();
      const buf = typeof body === 'string' ? Buffer.from(body) : body;
      if (stallAfter !== undefined && buf.length > stallAfter) {
        res.write(buf.subarray(0, stallAfter)); // and never end
        return;
      }
      if (truncateAfter !== undefined && buf.length > truncateAfter) {
        res.write(buf.subarray(0, truncateAfter), () => res.destroy());
        return;
      }
      res.end(buf);
    };
    const error = (status: number, code: string, message: string, extra: Record<string, string> = {}) =>
      send(status, { 'content-type': 'application/json', 'x-error-code': code, 'x-error-message': message, ...extra },
        JSON.stringify({ error: message }));

    // Access check for a repo: private repos need the token.
    const denied = (r: ServedRepo): boolean => {
      if (!r.repo.private) return false;
      const auth = req.headers.authorization;
      if (auth === `Bearer ${opts.token}`) return false;
      if (auth) error(403, 'GatedRepo', 'Access to this repo is restricted');
      else error(401, 'RepoNotFound', 'Repository not found'); // what the hub answers anonymous callers
      return true;
    };

    // CDN: /cdn/<sha256>, no auth, Range support.
    if (segments[0] === 'cdn') {
      const data = blobs.get(segments[1] ?? '');
      if (!data) return error(404, 'NotFound', 'no such blob');
      return sendBytes(data, {});
    }

    // API: /api/{models|datasets}/{id...}[/revision/{rev} | /tree/{rev}/{path}]
    if (segments[0] === 'api' && (segments[1] === 'models' || segments[1] === 'datasets')) {
      const type = segments[1] === 'models' ? 'model' : 'dataset';
      const rest = segments.slice(2);
      const verbAt = rest.findIndex((s) => s === 'revision' || s === 'tree');
      const id = (verbAt < 0 ? rest : rest.slice(0, verbAt)).join('/');
      const verb = verbAt < 0 ? 'revision' : rest[verbAt];
      const rev = verbAt < 0 ? 'main' : decodeURIComponent(rest[verbAt + 1] ?? 'main');
      const r = findRepo(type, id);
      if (!r) return error(404, 'RepoNotFound', `Repository ${id} not found`);
      if (r.repo.id !== id) {
        return send(307, { location: url.pathname.replace(`/${id}`, `/${r.repo.id}`) + url.search });
      }
      if (denied(r)) return;
      const revision = findRevision(r, rev);
      if (!revision) return error(404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
      if (verb === 'tree') {
        const under = rest.slice(verbAt + 2).map(decodeURIComponent).join('/');
        const recursive = url.searchParams.get('recursive') === 'true';
        const entries = [...revision.files.entries()]
          .filter(([p]) => !under || p.startsWith(`${under}/`))
          .filter(([p]) => recursive || !p.slice(under ? under.length + 1 : 0).includes('/'))
          .map(([p, f]) => ({
            type: 'file',
            path: p,
            size: f.data.length,
            oid: f.gitSha1,
            ...(f.lfs ? { lfs: { oid: f.sha256, size: f.data.length, pointerSize: 134 } } : {}),
          }));
        return send(200, { 'content-type': 'application/json' }, JSON.stringify(entries));
      }
      const body = {
        _id: createHash('sha1').update(r.repo.id).digest('hex').slice(0, 24),
        id: r.repo.id,
        private: !!r.repo.private,
        sha: revision.commit,
        lastModified: '2024-01-01T00:00:00.000Z',
        siblings: [...revision.files.keys()].sort().map((rfilename) => ({ rfilename })),
      };
      return send(200, { 'content-type': 'application/json' }, JSON.stringify(body));
    }

    // resolve: [/datasets]/{id...}/resolve/{rev}/{path...}
    const type = segments[0] === 'datasets' ? 'dataset' : 'model';
    const parts = type === 'dataset' ? segments.slice(1) : segments;
    const at = parts.indexOf('resolve');
    if (at < 1) return error(404, 'NotFound', 'unknown route');
    const id = parts.slice(0, at).join('/');
    const rev = decodeURIComponent(parts[at + 1] ?? '');
    const path = parts.slice(at + 2).map(decodeURIComponent).join('/');
    const r = findRepo(type, id);
    if (!r) return error(404, 'RepoNotFound', `Repository ${id} not found`);
    if (r.repo.id !== id) {
      // Renamed repo: relative redirect, no metadata headers (clients follow it).
      return send(307, { location: url.pathname.replace(`/${id}/`, `/${r.repo.id}/`) });
    }
    if (denied(r)) return;
    const revision = findRevision(r, rev);
    if (!revision) return error(404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
    const file = revision.files.get(path);
    if (!file) return error(404, 'EntryNotFound', `Entry not found`, { 'x-repo-commit': revision.commit });
    const meta = { 'x-repo-commit': revision.commit };
    if (file.lfs) {
      return send(302, {
        ...meta,
        location: `/cdn/${file.sha256}`,
        'x-linked-etag': `"${file.sha256}"`,
        'x-linked-size': String(file.data.length),
        etag: `"${file.gitSha1}"`,
      });
    }
    return sendBytes(file.data, { ...meta, etag: `"${file.gitSha1}"` });

    function sendBytes(data: Buffer, headers: Record<string, string>): void {
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      const base = { ...headers, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
      if (!range) return send(200, { ...base, 'content-length': String(data.length) }, data);
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
      if (start >= data.length) return send(416, { ...base, 'content-range': `bytes */${data.length}` }, '');
      const part = data.subarray(start, end + 1);
      send(206, { ...base, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${data.length}` }, part);
    }
  }

  const server = createServer(handle);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;

  const served = (repoId: string, revision: string, type: 'model' | 'dataset') => {
    const r = findRepo(type, repoId);
    const rev = r && findRevision(r, revision);
    if (!rev) throw new Error(`hub-server: no ${type} repo ${repoId} at ${revision}`);
    return rev;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count(filter = {}) {
      return requests.filter(
        (q) =>
          (!filter.method || q.method === filter.method) &&
          (filter.status === undefined || q.status === filter.status) &&
          (!filter.path || (typeof filter.path === 'string' ? q.path.includes(filter.path) : filter.path.test(q.path))),
      ).length;
    },
    commit: (repoId, revision = 'main', type = 'model') => served(repoId, revision, type).commit,
    sha256(repoId, filename, revision = 'main', type = 'model') {
      const f = served(repoId, revision, type).files.get(filename);
      if (!f) throw new Error(`hub-server: no file ${filename} in ${repoId}`);
      return f.sha256;
    },
    setTruncateAfter(bytes) {
      truncateAfter = bytes;
    },
    setStallAfter(bytes) {
      stallAfter = bytes;
    },
    resetLog() {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((ok, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : ok()));
      }),
  };
}

/**
 * Points the hub client at `url` with `cacheDir` as the HF cache (and HF_HOME under it: no stray token file), no
 * token and not offline; returns what puts the environment back.
 */
export function pointHubEnvAt(url: string, cacheDir: string): () => void {
  const keys = ['HF_ENDPOINT', 'HF_HUB_CACHE', 'HF_HOME', 'HF_TOKEN', 'HF_HUB_OFFLINE'];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  process.env.HF_ENDPOINT = url;
  process.env.HF_HUB_CACHE = cacheDir;
  process.env.HF_HOME = join(cacheDir, 'home');
  delete process.env.HF_TOKEN;
  delete process.env.HF_HUB_OFFLINE;
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
