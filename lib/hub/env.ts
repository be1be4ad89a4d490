// Hub settings read from the environment at call time (tests and users may change them between calls),
// with the same names and precedence as Python's huggingface_hub.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getHFHubCachePath } from '@huggingface/hub';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** `$HF_ENDPOINT`, else https://huggingface.co, without a trailing slash. */
export function hubEndpoint(): string {
  return (process.env.HF_ENDPOINT || DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

/** `cacheDir` option, else `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`. */
export function hubCacheDir(cacheDir?: string): string {
  return cacheDir ?? getHFHubCachePath();
}

function hfHome(): string {
  return process.env.HF_HOME ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface');
}

/** Token to send: the option (false = send none), else `$HF_TOKEN`, else the `$HF_HOME/token` file. */
export function hubToken(token?: string | false): string | undefined {
  if (token === false) return undefined;
  if (token) return token;
  const fromEnv = process.env.HF_TOKEN ?? process.env.HUGGING_FACE_HUB_TOKEN;
  if (fromEnv?.trim()) return fromEnv.trim();
  try {
    const saved = readFileSync(process.env.HF_TOKEN_PATH ?? join(hfHome(), 'token'), 'utf8').trim();
    return saved || undefined;
  } catch {
    return undefined;
  }
}

/** `$HF_HUB_OFFLINE` set to 1/true/yes/on, as huggingface_hub reads it. */
export function hubOffline(): boolean {
  return ['1', 'true', 'yes', 'on'].includes((process.env.HF_HUB_OFFLINE ?? '').trim().toLowerCase());
}
