// savePretrained: the files transformers' fast tokenizers write, each replaced atomically (temp file + rename).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../serialization/atomic-write.js';
import { SPECIAL_TOKEN_NAMES, type SpecialTokens } from './special-tokens.js';
import { LARGE_INTEGER } from './strategy.js';
import { modelVocab, type TokenizerJson } from './tokenizer-json.js';
import { serializeVocabTxt } from './vocab-txt.js';

/** transformers' VERY_LARGE_INTEGER = int(1e30), written for "no maximum length", digit for digit. */
const VERY_LARGE_INTEGER = '1000000000000000019884624838656';

export interface SaveInput {
  json: TokenizerJson;
  config: Record<string, unknown>;
  specialTokens: SpecialTokens;
  modelMaxLength: number;
}

/** JSON text with `value` spliced in raw where `placeholder` (a string value) stands. */
function splice(text: string, placeholder: string, value: string): string {
  return text.replace(JSON.stringify(placeholder), () => value);
}

/** tokenizer.json, 2-space indented like `tokenizers` writes it, with an object vocab ordered by id. */
export function tokenizerJsonText(json: TokenizerJson): string {
  const vocab = json.model.vocab;
  if (Array.isArray(vocab) || vocab === undefined) return JSON.stringify(json, null, 2);
  const placeholder = '\u0000vocab\u0000';
  const text = JSON.stringify({ ...json, model: { ...json.model, vocab: placeholder } }, null, 2);
  const entries = [...modelVocab(json.model)].sort((a, b) => a[1] - b[1]);
  const body = entries.map(([token, id]) => `      ${JSON.stringify(token)}: ${id}`).join(',\n');
  return splice(text, placeholder, entries.length === 0 ? '{}' : `{\n${body}\n    }`);
}

function specialTokensMap(specials: SpecialTokens): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const name of SPECIAL_TOKEN_NAMES) if (specials[name] !== undefined) map[name] = specials[name];
  if (specials.additional_special_tokens.length > 0) map.additional_special_tokens = specials.additional_special_tokens;
  return map;
}

/** tokenizer_config.json: the loaded config with the current special tokens and model_max_length. */
export function tokenizerConfigText(input: SaveInput): string {
  const config: Record<string, unknown> = { ...input.config, ...specialTokensMap(input.specialTokens) };
  if (input.json.normalizer?.type === 'BertNormalizer' && config.do_lower_case === undefined) {
    config.do_lower_case = input.json.normalizer.lowercase === true;
  }
  const placeholder = '\u0000max\u0000';
  const noLimit = input.modelMaxLength > LARGE_INTEGER;
  config.model_max_length = noLimit ? placeholder : input.modelMaxLength;
  const text = JSON.stringify(config, null, 2);
  return noLimit ? splice(text, placeholder, VERY_LARGE_INTEGER) : text;
}

/** Writes the files into `dir` (created if needed) and returns their paths. */
export function saveTokenizer(dir: string, input: SaveInput): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['tokenizer_config.json', `${tokenizerConfigText(input)}\n`],
    ['special_tokens_map.json', `${JSON.stringify(specialTokensMap(input.specialTokens), null, 2)}\n`],
    ['tokenizer.json', tokenizerJsonText(input.json)],
  ];
  if (input.json.model.type === 'WordPiece') {
    files.push(['vocab.txt', serializeVocabTxt(modelVocab(input.json.model), join(dir, 'vocab.txt'))]);
  }
  const encoder = new TextEncoder();
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileAtomic(path, [encoder.encode(text)]);
    return path;
  });
}
