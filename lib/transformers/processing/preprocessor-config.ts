// preprocessor_config.json: the file image processors and feature extractors are saved to, found as config.json
// is (a local folder or a hub repo id).
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../serialization/atomic-write.js';
import { dumpsPythonJson, type JsonPointer } from '../../serialization/python-json.js';
import { resolveRepoFile, type ResolveOptions } from '../../hub/index.js';

export const PREPROCESSOR_CONFIG_NAME = 'preprocessor_config.json';

export type PreprocessorDict = Record<string, unknown>;

export async function loadPreprocessorConfig(fn: string, idOrPath: string, hub: ResolveOptions = {}): Promise<{ path: string; dict: PreprocessorDict }> {
  const path = idOrPath.endsWith('.json') ? idOrPath : await resolveRepoFile(idOrPath, PREPROCESSOR_CONFIG_NAME, hub);
  if (path === null) throw new Error(`${fn}: ${idOrPath} does not appear to have a file named ${PREPROCESSOR_CONFIG_NAME}`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${fn}: no ${PREPROCESSOR_CONFIG_NAME} at ${path}` : `${fn}: cannot read ${path}: ${(e as Error).message}`);
  }
  let dict: unknown;
  try {
    dict = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fn}: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) throw new TypeError(`${fn}: ${path} must hold a JSON object`);
  return { path, dict: dict as PreprocessorDict };
}

/** Throws on keys not in `known`, naming the closest known key. */
export function checkKeys(fn: string, given: object, known: readonly string[]): void {
  for (const k of Object.keys(given)) {
    if (known.includes(k)) continue;
    const hint = known.find((n) => n.toLowerCase() === k.toLowerCase().replace(/_/g, '')) ?? known.find((n) => n.toLowerCase().startsWith(k.slice(0, 4).toLowerCase()));
    throw new TypeError(`${fn}: unknown option "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${known.join(', ')}`);
  }
}

/**
 * Writes preprocessor_config.json as `save_pretrained` does (sorted keys, indent 2, a newline); `floatKeys` are
 * written as Python floats (0.0, not 0), including inside lists.
 */
export function savePreprocessorConfig(dir: string, dict: PreprocessorDict, floatKeys: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const isFloat = (path: JsonPointer) => floatKeys.some((k) => path === `/${k}` || path.startsWith(`/${k}/`));
  const path = join(dir, PREPROCESSOR_CONFIG_NAME);
  writeFileAtomic(path, [new TextEncoder().encode(`${dumpsPythonJson(dict, { isFloat })}\n`)]);
  return path;
}
