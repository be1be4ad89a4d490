// Special tokens (pad, cls, sep, ...) from special_tokens_map.json, tokenizer_config.json and class defaults.

export const SPECIAL_TOKEN_NAMES = [
  'bos_token',
  'eos_token',
  'unk_token',
  'sep_token',
  'pad_token',
  'cls_token',
  'mask_token',
] as const;

export type SpecialTokenName = (typeof SPECIAL_TOKEN_NAMES)[number];

/** Present keys only; `additional_special_tokens` may be empty. */
export type SpecialTokens = { [K in SpecialTokenName]?: string } & { additional_special_tokens: string[] };

/** A special token as the files store it: a string, or an AddedToken object `{ content, ... }`. */
export function tokenContent(value: unknown, where: string): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  throw new TypeError(`${where}: expected a token string or an object with a "content" string, got ${JSON.stringify(value)}`);
}

type JsonObject = Record<string, unknown>;

/** `undefined` when the file does not name the token; `null` when it explicitly sets it to null (no such token). */
function pick(source: JsonObject | null, key: string, where: string): string | null | undefined {
  if (source === null || !(key in source)) return undefined;
  return tokenContent(source[key], `${where} ${key}`);
}

/**
 * As transformers' from_pretrained: special_tokens_map.json wins over tokenizer_config.json, which wins over the
 * tokenizer class's defaults. An explicit null removes a default.
 */
export function resolveSpecialTokens(
  config: JsonObject,
  map: JsonObject | null,
  defaults: Partial<Record<SpecialTokenName, string>>,
): SpecialTokens {
  const out: SpecialTokens = { additional_special_tokens: [] };
  for (const name of SPECIAL_TOKEN_NAMES) {
    const fromMap = pick(map, name, 'special_tokens_map.json');
    const fromConfig = pick(config, name, 'tokenizer_config.json');
    const value = fromMap !== undefined ? fromMap : fromConfig !== undefined ? fromConfig : defaults[name];
    if (typeof value === 'string') out[name] = value;
  }
  const extra = map?.additional_special_tokens ?? config.additional_special_tokens;
  if (Array.isArray(extra)) {
    out.additional_special_tokens = extra
      .map((v, i) => tokenContent(v, `additional_special_tokens[${i}]`))
      .filter((v): v is string => v !== null);
  }
  return out;
}
