import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCacheDir } from '@huggingface/hub';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubError, hfHubDownload, listRepoFiles, resolveRepoFile } from '../lib/hub/index.js';
import { fixture } from './helpers/fixtures.js';
import { filesFromFolder, startHubServer, type HubServer } from './helpers/hub-server.js';

const TOKEN = 'hf_testtoken_0123456789abcdef';
const bigBytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251); // LFS by extension and size
const ENV_KEYS = ['HF_HUB_DOWNLOAD_TIMEOUT', 'HF_ENDPOINT', 'HF_HUB_CACHE', 'HF_HOME', 'HF_TOKEN', 'HF_HUB_OFFLINE', 'HF_TOKEN_PATH', 'HUGGINGFACE_HUB_CACHE'];

let hub: HubServer;
let cacheDir: string;
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  hub = await startHubServer({
    token: TOKEN,
    repos: [
      {
        id: 'org/tiny',
        files: {
          'config.json': { path: fixture('hf-tiny-bert', 'model', 'config.json') },
          'model.safetensors': bigBytes,
          'sub/dir/notes.txt': 'nested file\n',
        },
        revisions: { v1: { files: { 'config.json': '{"old": true}' } } },
      },
      { id: 'org/private', private: true, files: { 'config.json': '{"secret": 1}' } },
      { id: 'org/from-folder', files: filesFromFolder(fixture('hf-tiny-bert', 'model'), { exclude: /\.safetensors$/ }) },
      {
        id: 'Yelp/yelp_review_full',
        type: 'dataset',
        aliases: ['yelp_review_full'],
        files: { 'README.md': '# yelp', 'yelp_review_full/train-00000-of-00001.parquet': bigBytes },
        revisions: { 'refs/convert/parquet': { files: { 'yelp_review_full/train/0000.parquet': bigBytes } } },
      },
    ],
  });
});
afterAll(() => hub.close());

beforeEach(() => {
  for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
  for (const k of ENV_KEYS) delete process.env[k];
  cacheDir = mkdtempSync(join(tmpdir(), 'tstorch-hub-'));
  process.env.HF_ENDPOINT = hub.url;
  process.env.HF_HUB_CACHE = cacheDir;
  process.env.HF_HOME = join(cacheDir, 'home'); // no stray token file from the machine
  hub.resetLog();
  hub.setTruncateAfter(undefined);
});
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  rmSync(cacheDir, { recursive: true, force: true });
});

const sameBytes = (b: Buffer) => b.equals(Buffer.from(bigBytes));
const gitSha1 = (data: Buffer) => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

describe('hfHubDownload', () => {
  it('stores a regular file in the HF cache layout: blobs/<git sha1>, snapshots/<commit>/, refs/main', async () => {
    const path = await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json' });
    const commit = hub.commit('org/tiny');
    const repoDir = join(cacheDir, 'models--org--tiny');
    const expected = readFileSync(fixture('hf-tiny-bert', 'model', 'config.json'));
    expect(path).toBe(join(repoDir, 'snapshots', commit, 'config.json'));
    expect(readFileSync(path)).toEqual(expected);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path)).toBe(join('..', '..', 'blobs', gitSha1(expected))); // relative, like huggingface_hub
    expect(readFileSync(join(repoDir, 'refs', 'main'), 'utf8')).toBe(commit);
    expect(existsSync(join(repoDir, 'blobs', `${gitSha1(expected)}.incomplete`))).toBe(false);
  });

  it('follows the LFS redirect, names the blob by sha256 and keeps nested paths', async () => {
    const progress: number[] = [];
    const path = await hfHubDownload({
      repoId: 'org/tiny',
      filename: 'model.safetensors',
      onProgress: (p) => progress.push(p.downloaded),
    });
    expect(sameBytes(readFileSync(path))).toBe(true);
    expect(realpathSync(path)).toBe(realpathSync(join(cacheDir, 'models--org--tiny', 'blobs', hub.sha256('org/tiny', 'model.safetensors'))));
    expect(progress.at(-1)).toBe(bigBytes.length);
    expect(hub.count({ path: '/cdn/' })).toBe(1);

    const nested = await hfHubDownload({ repoId: 'org/tiny', filename: 'notes.txt', subfolder: 'sub/dir' });
    expect(nested).toBe(join(cacheDir, 'models--org--tiny', 'snapshots', hub.commit('org/tiny'), 'sub', 'dir', 'notes.txt'));
    expect(readFileSync(nested, 'utf8')).toBe('nested file\n');
  });

  it('serves a second call from the cache: one HEAD, no body; and with the hub gone, no network at all', async () => {
    const first = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' });
    hub.resetLog();
    const second = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' });
    expect(second).toBe(first);
    expect(hub.count({ method: 'HEAD' })).toBe(1);
    expect(hub.count({ method: 'GET' })).toBe(0);

    // Hub unreachable (nothing listens there): refs/main maps "main" to the cached commit.
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9';
    expect(await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' })).toBe(first);
    // A commit-hash revision that is cached makes no request.
    hub.resetLog();
    process.env.HF_ENDPOINT = hub.url;
    const byCommit = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors', revision: hub.commit('org/tiny') });
    expect(byCommit).toBe(first);
    expect(hub.requests).toHaveLength(0);
  });

  it('follows the relative redirect of a renamed repo (legacy data set id)', async () => {
    const path = await hfHubDownload({ repoId: 'yelp_review_full', repoType: 'dataset', filename: 'README.md' });
    expect(readFileSync(path, 'utf8')).toBe('# yelp');
    expect(path).toContain(join('datasets--yelp_review_full', 'snapshots', hub.commit('Yelp/yelp_review_full', 'main', 'dataset')));
    // HEAD at the old id (307), HEAD at the new one, then the GET goes straight to the final URL.
    expect(hub.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['HEAD 307', 'HEAD 200', 'GET 200']);
  });

  it('keeps revisions apart and records each ref', async () => {
    const main = await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json' });
    const v1 = await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json', revision: 'v1' });
    expect(v1).not.toBe(main);
    expect(JSON.parse(readFileSync(v1, 'utf8'))).toEqual({ old: true });
    expect(readFileSync(join(cacheDir, 'models--org--tiny', 'refs', 'v1'), 'utf8')).toBe(hub.commit('org/tiny', 'v1'));
  });

  it('HF_HUB_OFFLINE=1 serves only from the cache and says clearly what is missing', async () => {
    const path = await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json' });
    hub.resetLog();
    process.env.HF_HUB_OFFLINE = '1';
    expect(await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json' })).toBe(path);
    const err = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' }).catch((e) => e);
    expect(err).toBeInstanceOf(HubError);
    expect(err.code).toBe('OfflineNotCached');
    expect(err.message).toMatch(/model\.safetensors.*HF_HUB_OFFLINE/);
    expect(hub.requests).toHaveLength(0);
  });

  it('reports a missing file, repo and revision with repo, revision and file', async () => {
    const entry = await hfHubDownload({ repoId: 'org/tiny', filename: 'nope.json' }).catch((e) => e);
    expect(entry.code).toBe('EntryNotFound');
    expect(entry.message).toContain('not found on the hub (repo org/tiny, revision main, file nope.json)');
    const repo = await hfHubDownload({ repoId: 'org/missing', filename: 'config.json' }).catch((e) => e);
    expect(repo.code).toBe('RepoNotFound');
    expect(repo.message).toContain('org/missing');
    const rev = await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json', revision: 'v9' }).catch((e) => e);
    expect(rev.code).toBe('RevisionNotFound');
    expect(rev.message).toContain('revision v9');
  });

  it('sends the token only as a bearer header and never shows it in errors', async () => {
    const anon = await hfHubDownload({ repoId: 'org/private', filename: 'config.json' }).catch((e) => e);
    expect(anon).toBeInstanceOf(HubError);
    expect(anon.message).toContain('HF_TOKEN');

    process.env.HF_TOKEN = 'hf_wrong_token_value_42';
    const wrong = await hfHubDownload({ repoId: 'org/private', filename: 'config.json' }).catch((e) => e);
    expect(wrong.code).toBe('Unauthorized');
    expect(wrong.message).toContain('HF_TOKEN');
    expect(wrong.message).not.toContain('hf_wrong_token_value_42');
    expect(String(wrong.stack)).not.toContain('hf_wrong_token_value_42');

    process.env.HF_TOKEN = TOKEN;
    const path = await hfHubDownload({ repoId: 'org/private', filename: 'config.json' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ secret: 1 });
    expect(hub.requests.at(-1)?.authorized).toBe(true);
  });

  it('reads the token from $HF_HOME/token and prefers the option over the environment', async () => {
    mkdirSync(process.env.HF_HOME!, { recursive: true });
    writeFileSync(join(process.env.HF_HOME!, 'token'), `${TOKEN}\n`);
    expect(existsSync(await hfHubDownload({ repoId: 'org/private', filename: 'config.json' }))).toBe(true);
    process.env.HF_TOKEN = 'hf_wrong';
    const path = await hfHubDownload({ repoId: 'org/private', filename: 'config.json', token: TOKEN, forceDownload: true });
    expect(existsSync(path)).toBe(true);
  });

  it('resumes an interrupted download with a Range request and checks the sha256', async () => {
    hub.setTruncateAfter(100_000);
    const err = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' }).catch((e) => e);
    expect(err).toBeInstanceOf(HubError);
    const blob = join(cacheDir, 'models--org--tiny', 'blobs', hub.sha256('org/tiny', 'model.safetensors'));
    const partial = readFileSync(`${blob}.incomplete`).length; // what arrived before the cut (<= 100000)
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThanOrEqual(100_000);
    hub.setTruncateAfter(undefined);
    hub.resetLog();
    const path = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' });
    expect(sameBytes(readFileSync(path))).toBe(true);
    expect(hub.requests.find((r) => r.path.startsWith('/cdn/'))).toMatchObject({ range: `bytes=${partial}-`, status: 206 });
    expect(existsSync(`${blob}.incomplete`)).toBe(false);
  });

  it('gives up on a silent connection after HF_HUB_DOWNLOAD_TIMEOUT and keeps the bytes it got', async () => {
    process.env.HF_HUB_DOWNLOAD_TIMEOUT = '0.3';
    hub.setStallAfter(50_000);
    const started = Date.now();
    const err = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' }).catch((e) => e);
    hub.setStallAfter(undefined);
    expect(err).toBeInstanceOf(HubError);
    expect(err.message).toMatch(/interrupted .*HF_HUB_DOWNLOAD_TIMEOUT/);
    expect(Date.now() - started).toBeLessThan(5000);
    const blob = join(cacheDir, 'models--org--tiny', 'blobs', hub.sha256('org/tiny', 'model.safetensors'));
    expect(readFileSync(`${blob}.incomplete`).length).toBe(50_000);
    expect(sameBytes(readFileSync(await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' })))).toBe(true);
  });

  it('rejects bytes that do not match the LFS sha256 and deletes them', async () => {
    const blob = join(cacheDir, 'models--org--tiny', 'blobs', hub.sha256('org/tiny', 'model.safetensors'));
    mkdirSync(join(cacheDir, 'models--org--tiny', 'blobs'), { recursive: true });
    writeFileSync(`${blob}.incomplete`, Buffer.alloc(1000, 0xff)); // a corrupt "partial download"
    const err = await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' }).catch((e) => e);
    expect(err.code).toBe('ChecksumMismatch');
    expect(existsSync(`${blob}.incomplete`)).toBe(false);
    expect(existsSync(blob)).toBe(false);
    // The next call starts from zero and succeeds.
    expect(sameBytes(readFileSync(await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' })))).toBe(true);
  });

  it('runs one download for concurrent calls of the same file', async () => {
    const paths = await Promise.all([1, 2, 3].map(() => hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' })));
    expect(new Set(paths).size).toBe(1);
    expect(hub.count({ path: '/cdn/' })).toBe(1);
  });

  it('waits for another process holding the blob lock, and takes over a stale lock', async () => {
    const etag = hub.sha256('org/tiny', 'model.safetensors');
    const lock = join(cacheDir, '.locks', 'models--org--tiny', `${etag}.lock`);
    mkdirSync(join(lock, '..'), { recursive: true });
    writeFileSync(lock, String(process.ppid)); // a live process
    const pending = hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' });
    await new Promise((r) => setTimeout(r, 400));
    expect(hub.count({ path: '/cdn/' })).toBe(0);
    rmSync(lock);
    expect(sameBytes(readFileSync(await pending))).toBe(true);
    expect(existsSync(lock)).toBe(false);

    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // exited already
    const v1Etag = gitSha1(Buffer.from('{"old": true}'));
    const staleLock = join(cacheDir, '.locks', 'models--org--tiny', `${v1Etag}.lock`);
    writeFileSync(staleLock, String(dead));
    const v1 = await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json', revision: 'v1' });
    expect(readFileSync(v1, 'utf8')).toBe('{"old": true}');
    expect(existsSync(staleLock)).toBe(false); // taken over, then released
  });

  it('uses $HF_HOME/hub when HF_HUB_CACHE is unset, and the cacheDir option first', async () => {
    delete process.env.HF_HUB_CACHE;
    const path = await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json' });
    expect(path.startsWith(join(process.env.HF_HOME!, 'hub', 'models--org--tiny'))).toBe(true);
    const other = join(cacheDir, 'explicit');
    expect((await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json', cacheDir: other })).startsWith(other)).toBe(true);
  });

  it('writes a cache that @huggingface/hub scans as valid', async () => {
    await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json' });
    await hfHubDownload({ repoId: 'org/tiny', filename: 'model.safetensors' });
    const info = await scanCacheDir(cacheDir);
    expect(info.warnings).toEqual([]);
    const repo = info.repos.find((r) => r.id.name === 'org/tiny')!;
    expect(repo.filesCount).toBe(2);
    expect(repo.revisions[0]).toMatchObject({ commitOid: hub.commit('org/tiny'), refs: ['main'] });
  });
});

describe('resolveRepoFile', () => {
  it('returns files of a local folder, or null when absent', async () => {
    const dir = fixture('hf-tiny-bert', 'model');
    expect(await resolveRepoFile(dir, 'config.json')).toBe(join(dir, 'config.json'));
    expect(await resolveRepoFile(dir, 'pytorch_model.bin')).toBeNull();
    expect(hub.requests).toHaveLength(0);
  });

  it('downloads from the hub; an optional missing file is null, also later offline', async () => {
    const path = await resolveRepoFile('org/tiny', 'config.json');
    expect(path && existsSync(path)).toBe(true);
    expect(await resolveRepoFile('org/tiny', 'tokenizer.json', { optional: true })).toBeNull();
    await expect(resolveRepoFile('org/tiny', 'tokenizer.json')).rejects.toThrow(/not found on the hub/);
    // The 404 was remembered in .no_exist/, so offline the optional file is known to be absent.
    process.env.HF_HUB_OFFLINE = '1';
    hub.resetLog();
    expect(await resolveRepoFile('org/tiny', 'tokenizer.json', { optional: true })).toBeNull();
    expect(hub.requests).toHaveLength(0);
  });

  it('serves a fixture folder as a hub repo (filesFromFolder)', async () => {
    const listing = await listRepoFiles('org/from-folder');
    expect(listing.files).toEqual(['config.json', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
    const vocab = await resolveRepoFile('org/from-folder', 'vocab.txt');
    expect(readFileSync(vocab!, 'utf8')).toBe(readFileSync(fixture('hf-tiny-bert', 'model', 'vocab.txt'), 'utf8'));
  });

  it('rejects what is neither a folder nor a repo id', async () => {
    await expect(resolveRepoFile('./no/such/folder', 'config.json')).rejects.toThrow(/not a valid Hugging Face repo id/);
  });
});

describe('listRepoFiles', () => {
  it('lists files and the commit of a model revision', async () => {
    const listing = await listRepoFiles('org/tiny');
    expect(listing).toEqual({
      repoId: 'org/tiny',
      sha: hub.commit('org/tiny'),
      files: ['config.json', 'model.safetensors', 'sub/dir/notes.txt'],
      fromCache: false,
    });
  });

  it('resolves a legacy data set id and a refs/convert/parquet revision', async () => {
    const main = await listRepoFiles('yelp_review_full', { repoType: 'dataset' });
    expect(main.repoId).toBe('Yelp/yelp_review_full');
    expect(main.files).toContain('yelp_review_full/train-00000-of-00001.parquet');
    const parquet = await listRepoFiles('Yelp/yelp_review_full', { repoType: 'dataset', revision: 'refs/convert/parquet' });
    expect(parquet.files).toEqual(['yelp_review_full/train/0000.parquet']);
    expect(hub.count({ path: '/api/datasets/Yelp/yelp_review_full/revision/refs/convert/parquet' })).toBe(1);
  });

  it('falls back to the cached snapshot offline', async () => {
    const online = await listRepoFiles('org/tiny');
    await hfHubDownload({ repoId: 'org/tiny', filename: 'config.json', revision: online.sha });
    process.env.HF_HUB_OFFLINE = '1';
    const offline = await listRepoFiles('org/tiny');
    expect(offline).toEqual({ repoId: 'org/tiny', sha: online.sha, files: ['config.json'], fromCache: true });
    await expect(listRepoFiles('org/other')).rejects.toThrow(/nothing cached/);
  });
});
