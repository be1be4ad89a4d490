// The BERT fast path (one-pass ASCII normalizer/pre-tokenizer + cached WordPiece) must give exactly the ids of the
// plain @huggingface/tokenizers pipeline, on every fixture text and on generated edge-case strings.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AutoTokenizer, type PreTrainedTokenizerFast } from '../lib/transformers/tokenizer/index.js';
import { fixture } from './helpers/fixtures.js';

const read = (...parts: string[]) => readFileSync(fixture(...parts), 'utf8');
const jsonlTexts = (...parts: string[]) => read(...parts).trim().split('\n').map((l) => JSON.parse(l).text as string);

function fixtureTexts(): string[] {
  const rtenText = [read('tokenizer-reference', 'rten', 'Rust_(programming_language).txt'), read('tokenizer-reference', 'rten', 'Metal_umlaut.txt')];
  return [
    ...jsonlTexts('ag-news-tutorial', 'train.jsonl'),
    ...jsonlTexts('ag-news-tutorial', 'test.jsonl'),
    ...read('sst2', 'test.tsv').split('\n').slice(1),
    ...read('sst2', 'dev.tsv').split('\n').slice(1),
    ...read('yelp-review-full-sample', 'train.csv').split('\n'),
    ...read('yelp-review-full-sample', 'test.csv').split('\n'),
    ...read('hf-tiny-bert', 'data', 'corpus.txt').split('\n'),
    ...read('tokenizer-reference', 'scala-transformers', 'words.txt').split('\n'),
    ...rtenText,
    ...rtenText.flatMap((t) => t.split('\n')),
  ];
}

/** Deterministic strings mixing ASCII, controls, Unicode spaces/punctuation, accents, CJK, emoji, added tokens. */
function generatedTexts(count: number): string[] {
  const pieces = [
    'the', 'The', 'UNAFFABLE', 'running', 'xkcd', "don't", 'e-mail', '3.14', '1999', '##ing', '[CLS]', '[MASK]', '[UNK]',
    '[SEP', 'CLS]', '<s>', ' ', '  ', '\t', '\n', '\r\n', '\x00', '\x01', '\x0b', '\x0c', '\x1f', '\x7f', '\u00a0', '\u2003',
    '\u3000', '\u200b', '\ufeff', '\ufffd', '\u0085', 'café', 'cafe\u0301', 'Öl', 'straße', 'İstanbul', 'ﬁne', 'naïve',
    'Ελληνικά', 'Μ', 'русский', '東京', '你好世界', '한국어', 'ภาษาไทย', 'العربية', '😀', '👍🏽', '𠀀', '“quoted”', '—', '…',
    '¿', '¡', '«', '»', '€5', '$', '∑', '©', '™', '\\', '#36;', '&amp;', 'a'.repeat(101), 'abc'.repeat(40), '.', ',', '!',
  ];
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(next() * 12);
    let s = '';
    for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * pieces.length)]! + (next() < 0.5 ? ' ' : '');
    return s;
  });
}

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** vocab.txt of `name` with a tokenizer_config.json of our choice (other normalizer flags than the fixtures'). */
async function fromVocab(name: string, config: object): Promise<PreTrainedTokenizerFast> {
  const dir = mkdtempSync(join(tmpdir(), 'tstorch-fast-'));
  tmpDirs.push(dir);
  copyFileSync(fixture(name, 'vocab.txt'), join(dir, 'vocab.txt'));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  return AutoTokenizer.fromPretrained(dir);
}

const tokenizers: Record<string, PreTrainedTokenizerFast> = {};
beforeAll(async () => {
  tokenizers['bert-base-cased'] = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'));
  tokenizers['bert-base-uncased'] = await AutoTokenizer.fromPretrained(fixture('bert-base-uncased'));
  tokenizers['hf-tiny-bert'] = await AutoTokenizer.fromPretrained(fixture('hf-tiny-bert', 'model'));
  tokenizers['tiny-bert-camphr-ner'] = await AutoTokenizer.fromPretrained(fixture('tiny-bert-camphr-ner'));
  tokenizers['cased, strip_accents, no chinese chars'] = await fromVocab('bert-base-cased', {
    do_lower_case: false,
    strip_accents: true,
    tokenize_chinese_chars: false,
  });
});

/** Every BMP code point (lone surrogates included) and a sample of astral ones, 48 per string between letters. */
function allCodePoints(): string[] {
  const out: string[] = [];
  for (let start = 0; start < 0x10000; start += 48) {
    let s = '';
    for (let cp = start; cp < Math.min(start + 48, 0x10000); cp++) s += `x${String.fromCharCode(cp)}${cp % 3 === 0 ? ' ' : ''}`;
    out.push(s);
  }
  for (let cp = 0x10000; cp < 0x110000; cp += 97) out.push(`a${String.fromCodePoint(cp)}b ${String.fromCodePoint(cp)}`);
  return out;
}

const texts = [...fixtureTexts(), ...generatedTexts(3000), ...allCodePoints()];

describe('fast path equals the library pipeline', () => {
  it('covers ASCII and non-ASCII texts', () => {
    const ascii = texts.filter((t) => /^[\x00-\x7f]*$/.test(t)).length;
    expect(ascii).toBeGreaterThan(8000);
    expect(texts.length - ascii).toBeGreaterThan(12000);
  });

  it.each([
    'bert-base-cased',
    'bert-base-uncased',
    'hf-tiny-bert',
    'tiny-bert-camphr-ner',
    'cased, strip_accents, no chinese chars',
  ])('%s: identical ids on every text', (name) => {
    const tk = tokenizers[name]!;
    let mismatches = 0;
    for (const text of texts) {
      const fast = tk.encodeText(text);
      const slow = tk.backendTokenizer.encode(text, { add_special_tokens: false }).ids;
      if (fast.join() !== slow.join()) {
        mismatches++;
        expect(fast, JSON.stringify(text)).toEqual(slow);
      }
    }
    expect(mismatches).toBe(0);
  });

  it('really takes the fast path for plain text, and the library for text with an added token', () => {
    const tk = tokenizers['bert-base-cased']!;
    const spy = vi.spyOn(tk.backendTokenizer, 'encode');
    tk.encodeText('plain ASCII text, nothing special');
    tk.encodeText('ünïcödé text');
    expect(spy).not.toHaveBeenCalled();
    tk.encodeText('with [MASK] inside');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
