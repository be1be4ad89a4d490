// WordPiece (greedy longest-match-first), the Rust `tokenizers` algorithm, producing ids directly and caching
// the pieces of each word: natural text repeats its words, so most words are looked up once.
import type { ModelJson } from './tokenizer-json.js';
import { modelVocab } from './tokenizer-json.js';

const CACHE_LIMIT = 100_000;

export class WordPieceModel {
  private readonly vocab: Map<string, number>;
  /** Continuation pieces keyed without their prefix, so lookups need no string concatenation. */
  private readonly continuations = new Map<string, number>();
  /** Longest token in UTF-16 units: no match can be longer, so the search starts there. */
  private readonly maxTokenLength: number;
  private readonly maxInputChars: number;
  private readonly unkId: number;
  private readonly cache = new Map<string, readonly number[]>();

  constructor(model: ModelJson, where: string) {
    this.vocab = modelVocab(model);
    const prefix = model.continuing_subword_prefix ?? '##';
    const unk = model.unk_token ?? '[UNK]';
    const unkId = this.vocab.get(unk);
    if (unkId === undefined) throw new Error(`${where}: the WordPiece unk_token ${JSON.stringify(unk)} is not in the vocab`);
    this.unkId = unkId;
    this.maxInputChars = model.max_input_chars_per_word ?? 100;
    let longest = 0;
    for (const [token, id] of this.vocab) {
      longest = Math.max(longest, token.length);
      if (prefix !== '' && token.startsWith(prefix) && token.length > prefix.length) {
        this.continuations.set(token.slice(prefix.length), id);
      }
    }
    if (prefix === '') for (const [token, id] of this.vocab) this.continuations.set(token, id);
    this.maxTokenLength = longest;
  }

  /** Appends the ids of one pre-tokenized word (no whitespace inside) to `out`. */
  encodeWord(word: string, out: number[]): void {
    let ids = this.cache.get(word);
    if (ids === undefined) {
      ids = this.split(word);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(word, ids);
    }
    for (let i = 0; i < ids.length; i++) out.push(ids[i]!);
  }

  private split(word: string): number[] {
    if (word.length > this.maxInputChars && codePointCount(word) > this.maxInputChars) return [this.unkId];
    const ids: number[] = [];
    let start = 0;
    while (start < word.length) {
      const table = start === 0 ? this.vocab : this.continuations;
      let end = Math.min(word.length, start + this.maxTokenLength);
      let id: number | undefined;
      while (end > start) {
        // never cut a surrogate pair: Rust and Python split words into whole characters
        if (end < word.length && isHighSurrogate(word.charCodeAt(end - 1)) && isLowSurrogate(word.charCodeAt(end))) {
          end--;
          continue;
        }
        id = table.get(word.slice(start, end));
        if (id !== undefined) break;
        end--;
      }
      if (id === undefined) return [this.unkId];
      ids.push(id);
      start = end;
    }
    return ids;
  }
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

function codePointCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
