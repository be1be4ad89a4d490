// resolveRepoFile: what models and tokenizers call to find one of their files, locally or on the hub.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HubError } from './errors.js';
import { hfHubDownload, type HfHubDownloadOptions } from './hf-hub-download.js';
import { assertRepoId } from './repo.js';

export interface ResolveOptions extends Omit<HfHubDownloadOptions, 'repoId' | 'filename'> {
  /** Return null instead of throwing when the hub says the file does not exist (404 EntryNotFound). */
  optional?: boolean;
}

/** True when `idOrPath` names an existing local folder (such folders win over hub ids, as in transformers). */
export function isLocalFolder(idOrPath: string): boolean {
  return existsSync(idOrPath) && statSync(idOrPath).isDirectory();
}

/**
 * Local folder: `<folder>/<subfolder>/<filename>` if it exists, else null.
 * Hub repo id: the cached/downloaded path; null when the file does not exist on the hub and `optional` is set.
 */
export async function resolveRepoFile(idOrPath: string, filename: string, opts: ResolveOptions = {}): Promise<string | null> {
  if (isLocalFolder(idOrPath)) {
    const path = resolve(join(idOrPath, opts.subfolder ?? '', filename));
    return existsSync(path) ? path : null;
  }
  assertRepoId(idOrPath, 'model id or path');
  const { optional, ...rest } = opts;
  try {
    return await hfHubDownload({ ...rest, repoId: idOrPath, filename });
  } catch (err) {
    if (optional && err instanceof HubError && err.code === 'EntryNotFound') return null;
    throw err;
  }
}
