// Text → model ids (no special tokens). BERT-shaped tokenizers get a fast path: ASCII text is normalized and
// split in one pass; other text goes through a regex BertNormalizer and the library's BertPreTokenizer; words
// go through the cached WordPiece. Text containing an added token ([CLS], ...) and every other tokenizer use
// the library as it is. test/tokenizer-fastpath.test.ts checks that both give the same ids.
import type { Tokenizer } from '@huggingface/tokenizers';
import type { TokenizerJson } from './tokenizer-json.js';
import { bertNormalizer } from './bert-normalizer.js';
import { WordPieceModel } from './wordpiece.js';

export type EncodeText = (text: string) => number[];

/** True when the fast path gives exactly what the library's BertNormalizer → BertPreTokenizer → WordPiece gives. */
export function isBertShaped(json: TokenizerJson): boolean {
  return (
    json.normalizer?.type === 'BertNormalizer' &&
    json.pre_tokenizer?.type === 'BertPreTokenizer' &&
    json.model.type === 'WordPiece'
  );
}

export function createTextEncoder(lib: Tokenizer, json: TokenizerJson, config: Record<string, unknown>, where: string): EncodeText {
  const viaLibrary: EncodeText = (text) => lib.encode(text, { add_special_tokens: false }).ids;
  const addedNormalized = json.added_tokens.some((t) => t.normalized ?? !t.special);
  if (!isBertShaped(json) || addedNormalized || config.remove_space === true || config.do_lowercase_and_remove_accent) {
    return viaLibrary;
  }
  const wordPiece = new WordPieceModel(json.model, where);
  const normalize = bertNormalizer(json.normalizer!);
  const preTokenizer = lib.pre_tokenizer!;
  const lowercase = json.normalizer!.lowercase === true;
  const cleanText = json.normalizer!.clean_text !== false;
  const addedTokens = addedTokenPattern(json.added_tokens.map((t) => t.content));

  return (text) => {
    if (addedTokens !== null && addedTokens.test(text)) return viaLibrary(text);
    const ids: number[] = [];
    if (cleanText && ASCII.test(text)) {
      encodeAscii(lowercase ? text.toLowerCase() : text, wordPiece, ids);
    } else {
      for (const word of preTokenizer.pre_tokenize(normalize(text))) wordPiece.encodeWord(word, ids);
    }
    return ids;
  };
}

const ASCII = /^[\x00-\x7f]*$/;

function addedTokenPattern(contents: string[]): RegExp | null {
  const nonEmpty = contents.filter((c) => c.length > 0);
  if (nonEmpty.length === 0) return null;
  return new RegExp(nonEmpty.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

/**
 * BertNormalizer (clean_text) + BertPreTokenizer for ASCII text: control characters are dropped (joining their
 * neighbours), \t \n \r and space separate words, and each ASCII punctuation character is a word of its own.
 */
function encodeAscii(text: string, wordPiece: WordPieceModel, out: number[]): void {
  let pending = ''; // part of the current word before a dropped control character
  let start = -1; // start of the current run of word characters
  const flush = (end: number) => {
    const word = start >= 0 ? pending + text.slice(start, end) : pending;
    if (word.length > 0) wordPiece.encodeWord(word, out);
    pending = '';
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      flush(i);
    } else if (c < 32 || c === 127) {
      if (start >= 0) pending += text.slice(start, i);
      start = -1;
    } else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
      flush(i);
      wordPiece.encodeWord(text[i]!, out);
    } else if (start < 0) {
      start = i;
    }
  }
  flush(text.length);
}
