// Builds the byte-level BPE tokenizer.json from vocab.json + merges.txt, as transformers 4.31's RobertaConverter
// does (convert_slow_tokenizer.py) for RoBERTa repos saved without tokenizer.json.
import type { SpecialTokens } from './special-tokens.js';
import type { AddedTokenJson, TokenizerJson } from './tokenizer-json.js';

/** vocab.json: token → id. */
export function parseVocabJson(text: string, where: string): Map<string, number> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected an object {token: id}`);
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(value)) {
    if (!Number.isSafeInteger(id) || (id as number) < 0) throw new Error(`${where}: the id of ${JSON.stringify(token)} must be a non-negative integer, got ${JSON.stringify(id)}`);
    vocab.set(token, id as number);
  }
  return vocab;
}

/** merges.txt: one `left right` pair a line after the `#version` header, as the slow tokenizer reads it. */
export function parseMergesTxt(text: string, where: string): string[] {
  const lines = text.split('\n');
  const body = lines[0]?.startsWith('#version') ? lines.slice(1) : lines;
  const merges: string[] = [];
  body.forEach((line, i) => {
    if (line === '') return;
    if (line.split(' ').length !== 2) throw new Error(`${where}:${i + 2}: expected "left right", got ${JSON.stringify(line)}`);
    merges.push(line);
  });
  return merges;
}

/** RobertaTokenizer's `add_prefix_space` (tokenizer_config.json, default false). */
function addPrefixSpace(config: Record<string, unknown>): boolean {
  const v = config.add_prefix_space ?? false;
  if (typeof v !== 'boolean') throw new TypeError(`tokenizer_config.json: "add_prefix_space" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

export function byteLevelBpeTokenizerJson(
  vocab: Map<string, number>,
  merges: string[],
  config: Record<string, unknown>,
  specials: SpecialTokens,
): TokenizerJson {
  const { cls_token: cls, sep_token: sep } = specials;
  if (cls === undefined || sep === undefined) throw new Error('vocab.json: a RoBERTa tokenizer needs cls and sep tokens; the config removes one of them');
  const prefix = addPrefixSpace(config);
  let nextId = Math.max(-1, ...vocab.values()) + 1;
  const added: AddedTokenJson[] = [];
  for (const name of ['bos_token', 'pad_token', 'eos_token', 'unk_token', 'cls_token', 'sep_token', 'mask_token'] as const) {
    const content = specials[name];
    if (content === undefined || added.some((t) => t.content === content)) continue;
    // as the slow class declares them: every special normalized, only <mask> eats the space on its left
    const id = vocab.get(content) ?? nextId++;
    added.push({ id, content, single_word: false, lstrip: name === 'mask_token', rstrip: false, normalized: true, special: true });
  }
  const idOf = (t: string) => added.find((a) => a.content === t)!.id;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.sort((a, b) => a.id - b.id),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: prefix, trim_offsets: true, use_regex: true },
    post_processor: { type: 'RobertaProcessing', sep: [sep, idOf(sep)], cls: [cls, idOf(cls)], trim_offsets: true, add_prefix_space: prefix },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      vocab: Object.fromEntries(vocab),
      merges,
    },
  };
}
