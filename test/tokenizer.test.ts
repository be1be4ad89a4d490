// Parity: ids, token types and attention masks equal what Python (tokenizers / transformers) produced.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, type PreTrainedTokenizerFast } from '../lib/transformers/tokenizer/index.js';
import { fixture } from './helpers/fixtures.js';

const readJson = (...parts: string[]): any => JSON.parse(readFileSync(fixture(...parts), 'utf8'));
const readJsonl = (...parts: string[]): any[] =>
  readFileSync(fixture(...parts), 'utf8').trim().split('\n').map((line) => JSON.parse(line));

let cased: PreTrainedTokenizerFast;
let uncased: PreTrainedTokenizerFast;
let tinyCased: PreTrainedTokenizerFast;
let hfTiny: PreTrainedTokenizerFast;

beforeAll(async () => {
  [cased, uncased, tinyCased, hfTiny] = await Promise.all([
    AutoTokenizer.fromPretrained(fixture('bert-base-cased')),
    AutoTokenizer.fromPretrained(fixture('bert-base-uncased')),
    AutoTokenizer.fromPretrained(fixture('tiny-random-bert-cased')),
    AutoTokenizer.fromPretrained(fixture('hf-tiny-bert', 'model')),
  ]);
});

describe('tokenizer-reference (Rust tokenizers on real bert-base checkpoints)', () => {
  it.each([
    ['Rust_(programming_language)-bert-base-cased.json', 'cased'],
    ['Rust_(programming_language)-bert-base-uncased.json', 'uncased'],
    ['Metal_umlaut-bert-base-uncased.json', 'uncased'],
  ])('%s: every id and token of the whole article', (file, which) => {
    const ref = readJson('tokenizer-reference', 'rten', file);
    const text = readFileSync(fixture('tokenizer-reference', 'rten', ref.input_file.split('/').pop()), 'utf8');
    const tk = which === 'cased' ? cased : uncased;
    const enc = tk(text);
    expect(enc.input_ids).toEqual(ref.token_ids);
    expect(tk.convertIdsToTokens(enc.input_ids)).toEqual(ref.tokens);
    expect(enc.attention_mask).toEqual(ref.token_ids.map(() => 1));
    expect(enc.token_type_ids).toEqual(ref.token_ids.map(() => 0));
  });

  it('the long article is truncated to 512 with [SEP] kept last', () => {
    const ref = readJson('tokenizer-reference', 'rten', 'Rust_(programming_language)-bert-base-cased.json');
    const text = readFileSync(fixture('tokenizer-reference', 'rten', 'Rust_(programming_language).txt'), 'utf8');
    const ids = cased(text, { truncation: true }).input_ids;
    expect(ids).toEqual([...ref.token_ids.slice(0, 511), 102]);
  });

  it.each([
    ['bert-base-cased-mtl.txt', 'cased'],
    ['google-bert_uncased_L-4_H-512_A-8-mtl.txt', 'uncased'],
  ])('%s: the 20 edge-case words (special tokens in text, NBSP, CJK, ideographic space)', (file, which) => {
    const lines = readFileSync(fixture('tokenizer-reference', 'scala-transformers', file), 'utf8').split('\n');
    const tk = which === 'cased' ? cased : uncased;
    let cases = 0;
    for (let i = 0; i + 2 < lines.length; i += 3) {
      expect(tk.encode(lines[i]!), JSON.stringify(lines[i])).toEqual(JSON.parse(lines[i + 2]!));
      cases++;
    }
    expect(cases).toBe(20);
  });
});

describe('hf-tiny-bert references/tokenization.json (slow BertTokenizer, transformers 4.31)', () => {
  const ref = readJson('hf-tiny-bert', 'references', 'tokenization.json');

  it('reads the special ids from the vocab', () => {
    const ids = ref.special_ids;
    expect([hfTiny.padTokenId, hfTiny.unkTokenId, hfTiny.clsTokenId, hfTiny.sepTokenId, hfTiny.maskTokenId]).toEqual([
      ids['[PAD]'], ids['[UNK]'], ids['[CLS]'], ids['[SEP]'], ids['[MASK]'],
    ]);
    expect(hfTiny.vocabSize).toBe(ref.vocab_size);
    expect(hfTiny.modelMaxLength).toBe(128);
  });

  it(`all ${ref.single.length} single texts: tokens, input_ids, token_type_ids, attention_mask`, () => {
    expect(ref.single.length).toBeGreaterThan(60);
    for (const c of ref.single) {
      const enc = hfTiny(c.text);
      expect(hfTiny.tokenize(c.text), JSON.stringify(c.text)).toEqual(c.tokens);
      expect({ ...enc }, JSON.stringify(c.text)).toEqual({
        input_ids: c.input_ids,
        token_type_ids: c.token_type_ids,
        attention_mask: c.attention_mask,
      });
    }
  });

  it('the same texts as one batch give the same rows', () => {
    const enc = hfTiny(ref.single.map((c: any) => c.text));
    expect(enc.input_ids).toEqual(ref.single.map((c: any) => c.input_ids));
  });

  it('sentence pairs get token_type_ids 1 on the second segment', () => {
    for (const c of ref.pairs) {
      expect({ ...hfTiny(c.text, { textPair: c.text_pair }) }).toEqual({
        input_ids: c.input_ids,
        token_type_ids: c.token_type_ids,
        attention_mask: c.attention_mask,
      });
    }
    const batch = hfTiny(ref.pairs.map((c: any) => c.text), { textPair: ref.pairs.map((c: any) => c.text_pair) });
    expect(batch.token_type_ids).toEqual(ref.pairs.map((c: any) => c.token_type_ids));
  });

  it('truncation to max_length 16 keeps [CLS] ... [SEP]', () => {
    const t = ref.truncation;
    expect(hfTiny(t.text, { maxLength: t.max_length, truncation: true }).input_ids).toEqual(t.input_ids);
  });

  it('data/*.jsonl input_ids, and the training layout: right-padded to 32 with mask 1 on real tokens', () => {
    const rows = [...readJsonl('hf-tiny-bert', 'data', 'train.jsonl'), ...readJsonl('hf-tiny-bert', 'data', 'eval.jsonl')];
    expect(rows).toHaveLength(55);
    const enc = hfTiny(rows.map((r) => r.text), { padding: 'max_length', maxLength: 32, truncation: true });
    rows.forEach((r, i) => {
      const n = r.input_ids.length;
      expect(enc.input_ids[i]).toEqual([...r.input_ids, ...Array(32 - n).fill(0)]);
      expect(enc.attention_mask![i]).toEqual([...Array(n).fill(1), ...Array(32 - n).fill(0)]);
      expect(enc.token_type_ids![i]).toEqual(Array(32).fill(0));
    });
  });
});

describe('hf-tiny-bert references/forward.json batches (padding: longest)', () => {
  const { batches } = readJson('hf-tiny-bert', 'references', 'forward.json');
  it.each(['a_single_nopad', 'b_single_padded'])('%s', (name) => {
    const b = batches[name];
    const enc = hfTiny(b.texts, { padding: true });
    expect({ ...enc }).toEqual({ input_ids: b.input_ids, token_type_ids: b.token_type_ids, attention_mask: b.attention_mask });
  });

  it('c_pairs', () => {
    const b = batches.c_pairs;
    const enc = hfTiny(
      b.texts.map((p: string[]) => p[0]),
      { textPair: b.texts.map((p: string[]) => p[1]), padding: 'longest' },
    );
    expect({ ...enc }).toEqual({ input_ids: b.input_ids, token_type_ids: b.token_type_ids, attention_mask: b.attention_mask });
  });
});

describe('tiny-random-bert-cased references.json (the tutorial call, real bert-base-cased tokenizer)', () => {
  const ref = readJson('tiny-random-bert-cased', 'references.json');
  const texts: string[] = ref.texts.text;

  it('unpadded tokens and ids of the 4 reference texts', () => {
    expect(tinyCased(texts).input_ids).toEqual(ref.texts.input_ids_unpadded);
    expect(texts.map((t) => tinyCased.tokenize(t, { addSpecialTokens: true }))).toEqual(ref.texts.tokens_unpadded);
  });

  it("the tutorial's call without maxLength pads to model_max_length 512", () => {
    const want = ref.eval.encodings.max_length_512;
    const enc = tinyCased(texts, { padding: 'max_length', truncation: true });
    expect({ ...enc }).toEqual({
      input_ids: want.input_ids,
      token_type_ids: want.token_type_ids,
      attention_mask: want.attention_mask,
    });
    expect(enc.input_ids.every((row) => row.length === 512)).toBe(true);
  });

  it("padding 'longest' gives [4, 57]", () => {
    const want = ref.eval.encodings.longest;
    const enc = tinyCased(texts, { padding: 'longest', truncation: true, maxLength: 512 });
    expect({ ...enc }).toEqual({
      input_ids: want.input_ids,
      token_type_ids: want.token_type_ids,
      attention_mask: want.attention_mask,
    });
    expect(enc.input_ids[0]).toHaveLength(57);
  });

  it('the 64 training rows of ag-news-tutorial at max_length 128', () => {
    const rows = readJsonl('ag-news-tutorial', 'train.jsonl').slice(0, 64);
    const enc = tinyCased(rows.map((r) => r.text), { padding: 'max_length', truncation: true, maxLength: 128 });
    expect(enc.input_ids).toEqual(ref.train.data.input_ids);
    expect(enc.attention_mask).toEqual(ref.train.data.attention_mask);
    expect(enc.token_type_ids).toEqual(ref.train.data.input_ids.map((r: number[]) => r.map(() => 0)));
    expect(rows.map((r) => r.label)).toEqual(ref.train.data.labels);
  });
});
