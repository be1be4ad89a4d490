// The Hugging Face hub cache layout, shared with Python's huggingface_hub:
//   <cache>/<models|datasets>--org--name/blobs/<etag>            file contents, named by etag
//   <cache>/<...>/snapshots/<commit>/<filename>                   relative symlink (or copy) to the blob
//   <cache>/<...>/refs/<revision>                                 the commit a branch/tag pointed to when last seen
//   <cache>/<...>/.no_exist/<commit>/<filename>                   empty marker: the hub said the file does not exist
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { isCommitHash, repoFolderName, type RepoType } from './repo.js';

export class RepoCache {
  readonly root: string;
  constructor(cacheDir: string, repoId: string, repoType: RepoType) {
    this.root = join(cacheDir, repoFolderName(repoId, repoType));
  }

  blobPath(etag: string): string {
    return join(this.root, 'blobs', etag);
  }
  /** `<cache>/.locks/<repo folder>/<etag>.lock`, where huggingface_hub keeps its download locks. */
  lockPath(etag: string): string {
    return join(dirname(this.root), '.locks', basename(this.root), `${etag}.lock`);
  }
  snapshotDir(commit: string): string {
    return join(this.root, 'snapshots', commit);
  }
  snapshotPath(commit: string, filename: string): string {
    return join(this.snapshotDir(commit), ...filename.split('/'));
  }
  private refPath(revision: string): string {
    return join(this.root, 'refs', ...revision.split('/'));
  }
  private noExistPath(commit: string, filename: string): string {
    return join(this.root, '.no_exist', commit, ...filename.split('/'));
  }

  /** The commit a revision maps to in the cache: itself for a commit hash, else refs/<revision>. */
  commitFor(revision: string): string | undefined {
    if (isCommitHash(revision)) return revision;
    try {
      const commit = readFileSync(this.refPath(revision), 'utf8').trim();
      return commit || undefined;
    } catch {
      return undefined;
    }
  }

  async writeRef(revision: string, commit: string): Promise<void> {
    if (revision === commit || this.commitFor(revision) === commit) return;
    const path = this.refPath(revision);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, commit);
  }

  /** Cached path of `filename` at `revision`, if present (following refs for branch names). */
  cachedFile(revision: string, filename: string): string | undefined {
    const commit = this.commitFor(revision);
    if (!commit) return undefined;
    const path = this.snapshotPath(commit, filename);
    return existsSync(path) ? path : undefined;
  }

  /** True when the hub told us earlier that `filename` does not exist at this revision. */
  knownMissing(revision: string, filename: string): boolean {
    const commit = this.commitFor(revision);
    return commit !== undefined && existsSync(this.noExistPath(commit, filename));
  }

  async markMissing(commit: string, filename: string): Promise<void> {
    const path = this.noExistPath(commit, filename);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '');
  }

  /** Points snapshots/<commit>/<filename> at the blob: relative symlink, or a copy where links are refused. */
  async linkSnapshot(commit: string, filename: string, blob: string): Promise<string> {
    const pointer = this.snapshotPath(commit, filename);
    await mkdir(dirname(pointer), { recursive: true });
    await rm(pointer, { force: true });
    try {
      await symlink(relative(dirname(pointer), blob), pointer);
    } catch {
      await copyFile(blob, pointer);
    }
    return pointer;
  }

  /** Files (repo-relative, '/'-separated) of the cached snapshot of a revision, or undefined if none. */
  snapshotFiles(revision: string): { commit: string; files: string[] } | undefined {
    const commit = this.commitFor(revision);
    if (!commit) return undefined;
    const dir = this.snapshotDir(commit);
    if (!existsSync(dir)) return undefined;
    const files: string[] = [];
    const walk = (sub: string) => {
      for (const name of readdirSync(join(dir, sub))) {
        const rel = sub ? `${sub}/${name}` : name;
        const st = statSync(join(dir, rel), { throwIfNoEntry: false });
        if (st?.isDirectory()) walk(rel);
        else if (st) files.push(rel); // a link whose blob was deleted is not a cached file
      }
    };
    walk('');
    return { commit, files: files.sort() };
  }
}
