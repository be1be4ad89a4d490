// Repo ids, cache folder names and hub URLs.
import { getRepoFolderName } from '@huggingface/hub';

export type RepoType = 'model' | 'dataset';

// huggingface_hub's validate_repo_id: optional namespace, letters/digits/-_. only, no "--" or "..", <= 96 chars.
const REPO_ID = /^(?:[\w\-.]+\/)?[\w\-.]+$/;

export function isValidRepoId(id: string): boolean {
  return id.length <= 96 && REPO_ID.test(id) && !id.includes('--') && !id.includes('..') &&
    !/^[-.]|[-.]$/.test(id.split('/').pop()!);
}

export function assertRepoId(id: string, what = 'repoId'): void {
  if (!isValidRepoId(id)) {
    throw new TypeError(
      `${what} ${JSON.stringify(id)} is not a valid Hugging Face repo id (expected "name" or "org/name" made of ` +
        `letters, digits, "-", "_" and ".", at most 96 characters) and is not an existing local folder`,
    );
  }
}

/** `models--org--name` / `datasets--org--name`, the folder name every HF library uses in the cache. */
export function repoFolderName(repoId: string, repoType: RepoType): string {
  return getRepoFolderName({ name: repoId, type: repoType });
}

const prefix = (repoType: RepoType) => (repoType === 'dataset' ? 'datasets/' : '');

/** `{endpoint}/{repoId}/resolve/{revision}/{filename}`; datasets under `/datasets/`. */
export function resolveUrl(endpoint: string, repoId: string, repoType: RepoType, revision: string, filename: string): string {
  const path = filename.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${prefix(repoType)}${repoId}/resolve/${encodeURIComponent(revision)}/${path}`;
}

/** `{endpoint}/api/{models|datasets}/{repoId}/revision/{revision}` (JSON with `sha` and `siblings`). */
export function apiInfoUrl(endpoint: string, repoId: string, repoType: RepoType, revision: string): string {
  return `${endpoint}/api/${repoType}s/${repoId}/revision/${encodeURIComponent(revision)}`;
}

/** A 40-hex git commit id: such revisions never move, so a cached file needs no network. */
export function isCommitHash(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}
