// Finds and reads a tokenizer's files in a local folder or a hub repo.
import { readFile } from 'node:fs/promises';
import { resolveRepoFile, type ResolveOptions } from '../../hub/index.js';
import { knownFamilyKey } from './families.js';
import { readSlowVocab, type SlowVocab } from './slow-files.js';
import { parseTokenizerJson, type TokenizerJson } from './tokenizer-json.js';

export type LoadOptions = Omit<ResolveOptions, 'optional' | 'repoType'>;

export interface TokenizerFiles {
  /** tokenizer.json with `model.type` filled in, or null when the folder only has a slow tokenizer's files. */
  tokenizerJson: TokenizerJson | null;
  /** Where tokenizer.json was read from (for error messages), or null. */
  jsonPath: string | null;
  /** The slow tokenizer's vocabulary, read only when there is no tokenizer.json. */
  slow: SlowVocab | null;
  config: Record<string, unknown>;
  specialTokensMap: Record<string, unknown> | null;
  /** `model_type` of config.json, read only when tokenizer_config.json names no `tokenizer_class`. */
  modelType: string | undefined;
}

async function readJsonObject(path: string | null): Promise<Record<string, unknown> | null> {
  if (path === null) return null;
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path}: expected a JSON object at the top level`);
  }
  return value as Record<string, unknown>;
}

export async function readTokenizerFiles(idOrPath: string, opts: LoadOptions): Promise<TokenizerFiles> {
  const find = (filename: string) => resolveRepoFile(idOrPath, filename, { ...opts, optional: true });
  const [jsonPath, configPath, mapPath] = await Promise.all([
    find('tokenizer.json'),
    find('tokenizer_config.json'),
    find('special_tokens_map.json'),
  ]);
  const config = (await readJsonObject(configPath)) ?? {};
  const specialTokensMap = await readJsonObject(mapPath);
  let modelType: string | undefined;
  if (typeof config.tokenizer_class !== 'string') {
    const modelConfig = await readJsonObject(await find('config.json'));
    if (typeof modelConfig?.model_type === 'string') modelType = modelConfig.model_type;
  }
  if (jsonPath !== null) {
    const tokenizerJson = parseTokenizerJson(await readFile(jsonPath, 'utf8'), jsonPath);
    return { tokenizerJson, jsonPath, slow: null, config, specialTokensMap, modelType };
  }
  const tokenizerClass = typeof config.tokenizer_class === 'string' ? config.tokenizer_class : undefined;
  const slow = await readSlowVocab(find, knownFamilyKey(tokenizerClass, modelType), idOrPath);
  return { tokenizerJson: null, jsonPath: null, slow, config, specialTokensMap, modelType };
}
