// tokenizer.json as the Rust `tokenizers` library writes it, plus the fix-ups older files need.
import { validateTokenizerJson } from './tokenizer-json-schema.js';

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

export interface ModelJson {
  type?: string;
  vocab?: Record<string, number> | [string, number][];
  unk_token?: string | null;
  continuing_subword_prefix?: string | null;
  max_input_chars_per_word?: number;
  merges?: unknown[];
  [key: string]: unknown;
}

export interface ComponentJson {
  type: string;
  [key: string]: unknown;
}

export interface TokenizerJson {
  version?: string;
  truncation: unknown;
  padding: unknown;
  added_tokens: AddedTokenJson[];
  normalizer: ComponentJson | null;
  pre_tokenizer: ComponentJson | null;
  model: ModelJson;
  post_processor: ComponentJson | null;
  decoder: ComponentJson | null;
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The model type of a tokenizer.json `model`. Files written by tokenizers < 0.9 have no `"type"` there
 * (bert-base-uncased on the hub still has one): it is inferred from the fields as the Rust deserializer does,
 * `merges` → BPE, a vocab list of [piece, score] → Unigram, `max_input_chars_per_word` → WordPiece.
 */
export function inferModelType(model: ModelJson, where: string): string {
  if (typeof model.type === 'string') return model.type;
  if (Array.isArray(model.vocab)) return 'Unigram';
  if ('merges' in model) return 'BPE';
  if ('max_input_chars_per_word' in model || 'continuing_subword_prefix' in model) return 'WordPiece';
  if (isObject(model.vocab)) return 'WordLevel';
  throw new Error(
    `${where}: "model" has no "type" and its fields match no known model ` +
      `(expected "merges" for BPE, a [piece, score] vocab list for Unigram, ` +
      `"max_input_chars_per_word" for WordPiece, or a vocab object for WordLevel)`,
  );
}

/** Parses tokenizer.json text and returns it with `model.type` set and every top-level component key present. */
export function parseTokenizerJson(text: string, where: string): TokenizerJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(raw)) throw new Error(`${where}: expected a JSON object at the top level`);
  if (!isObject(raw.model)) throw new Error(`${where}: missing the "model" object`);
  const model = raw.model as ModelJson;
  if (model.vocab === undefined) throw new Error(`${where}: "model" has no "vocab"`);
  const type = inferModelType(model, where);
  validateTokenizerJson(raw, type, where);
  const addedTokens = raw.added_tokens ?? [];
  return {
    ...raw,
    truncation: raw.truncation ?? null,
    padding: raw.padding ?? null,
    added_tokens: addedTokens as AddedTokenJson[],
    normalizer: (raw.normalizer ?? null) as ComponentJson | null,
    pre_tokenizer: (raw.pre_tokenizer ?? null) as ComponentJson | null,
    model: { type, ...model },
    post_processor: (raw.post_processor ?? null) as ComponentJson | null,
    decoder: (raw.decoder ?? null) as ComponentJson | null,
  };
}

/** token → id of the model's own vocabulary (added tokens not included), as the Rust model holds it. */
export function modelVocab(model: ModelJson): Map<string, number> {
  const vocab = new Map<string, number>();
  if (Array.isArray(model.vocab)) {
    model.vocab.forEach(([piece], id) => vocab.set(piece, id));
  } else if (model.vocab) {
    for (const [token, id] of Object.entries(model.vocab)) vocab.set(token, id);
  }
  return vocab;
}

export interface JsonDefaults {
  padToken?: string;
  padTypeId?: number;
  paddingSide?: 'right' | 'left';
  truncationSide?: 'right' | 'left';
}

/**
 * Defaults a tokenizer.json saved with padding/truncation enabled carries ("direction": "Left", "pad_token", ...);
 * transformers uses them where tokenizer_config.json says nothing.
 */
export function jsonDefaults(json: TokenizerJson): JsonDefaults {
  const out: JsonDefaults = {};
  const side = (d: unknown) => (d === 'Left' ? 'left' : d === 'Right' ? 'right' : undefined);
  const padding = isObject(json.padding) ? json.padding : null;
  const truncation = isObject(json.truncation) ? json.truncation : null;
  if (typeof padding?.pad_token === 'string') out.padToken = padding.pad_token;
  if (typeof padding?.pad_type_id === 'number') out.padTypeId = padding.pad_type_id;
  const paddingSide = side(padding?.direction);
  if (paddingSide) out.paddingSide = paddingSide;
  const truncationSide = side(truncation?.direction);
  if (truncationSide) out.truncationSide = truncationSide;
  return out;
}
