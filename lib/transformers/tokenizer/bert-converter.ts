// Builds the fast BERT tokenizer.json from vocab.txt + tokenizer_config.json, as transformers' BertConverter does
// (convert_slow_tokenizer.py) for checkpoints saved before tokenizer.json existed.
import type { AddedTokenJson, TokenizerJson } from './tokenizer-json.js';
import type { SpecialTokens } from './special-tokens.js';
import { SPECIAL_TOKEN_NAMES } from './special-tokens.js';
import { specialAddedToken, templateProcessing } from './template-json.js';

const optionalBoolean = (config: Record<string, unknown>, key: string, fallback: boolean | null): boolean | null => {
  const value = config[key];
  if (value === undefined) return fallback;
  if (value === null || typeof value === 'boolean') return value;
  throw new TypeError(`tokenizer_config.json: "${key}" must be true, false or null, got ${JSON.stringify(value)}`);
};

/**
 * BertTokenizer's defaults apply to keys the config lacks: do_lower_case true, tokenize_chinese_chars true,
 * strip_accents null (= strip when lowercasing). The special tokens must be resolved already.
 */
export function bertTokenizerJson(
  vocab: Map<string, number>,
  config: Record<string, unknown>,
  specials: SpecialTokens,
): TokenizerJson {
  const where = 'vocab.txt';
  const lowercase = optionalBoolean(config, 'do_lower_case', true);
  const chinese = optionalBoolean(config, 'tokenize_chinese_chars', true);
  const stripAccents = optionalBoolean(config, 'strip_accents', null);
  const { unk_token: unk, cls_token: cls, sep_token: sep } = specials;
  if (unk === undefined || cls === undefined || sep === undefined) {
    throw new Error(`${where}: a BERT tokenizer needs unk, cls and sep tokens; the config removes one of them`);
  }

  // Special tokens become added tokens; one missing from vocab.txt gets the next free id, as transformers does.
  let nextId = 0;
  for (const id of vocab.values()) nextId = Math.max(nextId, id + 1);
  const addedTokens: AddedTokenJson[] = [];
  const seen = new Set<string>();
  const specialList = [...SPECIAL_TOKEN_NAMES.map((n) => specials[n]), ...specials.additional_special_tokens];
  for (const content of specialList) {
    if (content === undefined || seen.has(content)) continue;
    seen.add(content);
    const id = vocab.get(content) ?? nextId++;
    addedTokens.push(specialAddedToken(id, content));
  }
  addedTokens.sort((a, b) => a.id - b.id);
  const idOf = (token: string) => addedTokens.find((t) => t.content === token)!.id;

  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: chinese ?? true,
      strip_accents: stripAccents,
      lowercase: lowercase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    model: {
      type: 'WordPiece',
      unk_token: unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
    post_processor: templateProcessing(`${cls}:0 $A:0 ${sep}:0`, `${cls}:0 $A:0 ${sep}:0 $B:1 ${sep}:1`, [
      [cls, idOf(cls)],
      [sep, idOf(sep)],
    ]),
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  };
}
