// Options of the call (padding, truncation, returned keys, tensors), pad(), decode, special tokens, errors.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Tensor } from '../lib/index.js';
import { AutoTokenizer, PreTrainedTokenizerFast } from '../lib/transformers/tokenizer/index.js';
import { fixture } from './helpers/fixtures.js';

let tk: PreTrainedTokenizerFast; // bert-base-cased, model_max_length 512
let noLimit: PreTrainedTokenizerFast; // bert-base-uncased: no tokenizer_config.json, so no maximum length
const tmpDirs: string[] = [];

beforeAll(async () => {
  tk = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'));
  noLimit = await AutoTokenizer.fromPretrained(fixture('bert-base-uncased'));
});
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

/** Ids of the words of `text` without special tokens. */
const words = (text: string) => tk.encode(text, { addSpecialTokens: false });
const CLS = 101;
const SEP = 102;

describe('the instance is callable', () => {
  it('is a function and a PreTrainedTokenizerFast', () => {
    expect(typeof tk).toBe('function');
    expect(tk).toBeInstanceOf(PreTrainedTokenizerFast);
    expect(tk('a')).toEqual(tk.call(undefined, 'a'));
  });
});

describe('padding', () => {
  const texts = ['Hello world', 'A much longer sentence than the first one'];

  it('true and longest pad to the longest row; false leaves rows ragged', () => {
    const ragged = tk(texts);
    const n = ragged.input_ids.map((r) => r.length);
    expect(n[0]).toBeLessThan(n[1]!);
    for (const padding of [true, 'longest'] as const) {
      const enc = tk(texts, { padding });
      expect(enc.input_ids[0]).toEqual([...ragged.input_ids[0]!, ...Array(n[1]! - n[0]!).fill(0)]);
      expect(enc.attention_mask![0]).toEqual([...Array(n[0]).fill(1), ...Array(n[1]! - n[0]!).fill(0)]);
      expect(enc.input_ids[1]).toEqual(ragged.input_ids[1]);
    }
  });

  it('max_length pads to maxLength; padToMultipleOf rounds up', () => {
    expect(tk(texts, { padding: 'max_length', maxLength: 20 }).input_ids.map((r) => r.length)).toEqual([20, 20]);
    const m = tk(texts, { padding: true, padToMultipleOf: 8 }).input_ids;
    expect(m[0]!.length % 8).toBe(0);
    expect(m[0]!.length).toBeGreaterThanOrEqual(tk(texts[1]!).input_ids.length);
  });

  it('paddingSide left puts the pads first', async () => {
    const left = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'), { paddingSide: 'left' });
    const enc = left(['a', 'a b c'], { padding: true });
    expect(enc.input_ids[0]).toEqual([0, 0, CLS, ...words('a'), SEP]);
    expect(enc.attention_mask![0]).toEqual([0, 0, 1, 1, 1]);
  });

  it('a sequence longer than max_length is not cut by padding alone', () => {
    const enc = tk(['one two three four five'], { padding: 'max_length', maxLength: 4, truncation: false });
    expect(enc.input_ids[0]).toHaveLength(7);
  });
});

describe('truncation', () => {
  const a = 'one two three four five six seven eight nine ten'; // 10 word ids
  const b = 'alpha beta gamma delta'; // ids from words()

  it('single text: keeps maxLength - 2 word ids between [CLS] and [SEP]', () => {
    expect(tk(a, { truncation: true, maxLength: 6 }).input_ids).toEqual([CLS, ...words(a).slice(0, 4), SEP]);
    expect(tk(a, { truncation: 'only_first', maxLength: 6 }).input_ids).toEqual([CLS, ...words(a).slice(0, 4), SEP]);
  });

  it('pairs, longest_first with the Rust rule: the shorter keeps its length if it fits in half', () => {
    const wa = words(a);
    const wb = words(b);
    expect(wa).toHaveLength(10);
    // budget 15 - 3 = 12: shorter (b) keeps min(len, ...): 12 - len(b) for a
    const enc = tk(a, { textPair: b, truncation: true, maxLength: 15 });
    expect(enc.input_ids).toEqual([CLS, ...wa.slice(0, 12 - wb.length), SEP, ...wb, SEP]);
    // budget 7: both over half → a gets floor(7/2) = 3 and b 4 (the odd one goes to the second, as in Rust)
    const tight = tk(a, { textPair: a, truncation: 'longest_first', maxLength: 10 });
    expect(tight.input_ids).toEqual([CLS, ...wa.slice(0, 3), SEP, ...wa.slice(0, 4), SEP]);
    expect(tight.token_type_ids).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('only_first / only_second cut just that sequence, and refuse when it is too short', () => {
    const wa = words(a);
    const wb = words(b);
    expect(tk(a, { textPair: b, truncation: 'only_first', maxLength: 10 }).input_ids).toEqual([CLS, ...wa.slice(0, 7 - wb.length), SEP, ...wb, SEP]);
    expect(tk(b, { textPair: a, truncation: 'only_second', maxLength: 10 }).input_ids).toEqual([CLS, ...wb, SEP, ...wa.slice(0, 7 - wb.length), SEP]);
    expect(() => tk(b, { textPair: a, truncation: 'only_first', maxLength: 6 })).toThrow(/only_first.*first sequence has \d+ tokens/);
    expect(() => tk(a, { truncation: 'only_second', maxLength: 6 })).toThrow(/needs a second sequence/);
  });

  it('truncationSide left keeps the end', async () => {
    const left = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'), { truncationSide: 'left' });
    expect(left(a, { truncation: true, maxLength: 5 }).input_ids).toEqual([CLS, ...words(a).slice(-3), SEP]);
  });

  it('maxLength alone turns truncation on, with transformers\' warning once per tokenizer', async () => {
    const fresh = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(fresh(a, { maxLength: 5 }).input_ids).toEqual([CLS, ...words(a).slice(0, 3), SEP]);
    fresh(a, { maxLength: 5 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^Truncation was not explicitly activated but `max_length` is provided/);
  });

  it('maxLength smaller than the special tokens is an error', () => {
    expect(() => tk(a, { truncation: true, maxLength: 1 })).toThrow(/maxLength \(1\) is smaller than the 2 special tokens/);
  });
});

describe('model_max_length', () => {
  const long = Array(600).fill('word').join(' ');

  it('512 from tokenizer_config.json is the default max length for truncation and max_length padding', () => {
    expect(tk.modelMaxLength).toBe(512);
    expect(tk(long, { truncation: true }).input_ids).toHaveLength(512);
    expect(tk('short', { padding: 'max_length' }).input_ids).toHaveLength(512);
  });

  it('without one (int(1e30) sentinel): truncation and max_length padding are off, each with one warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(noLimit.modelMaxLength).toBe(1e30);
    expect(noLimit(long, { truncation: true }).input_ids).toHaveLength(602);
    noLimit(long, { truncation: true });
    expect(noLimit('short', { padding: 'max_length' }).input_ids).toHaveLength(3);
    noLimit('short', { padding: 'max_length' });
    expect(warn.mock.calls.map(([m]) => m)).toEqual([
      'Asking to truncate to max_length but no maximum length is provided and the model has no predefined maximum length. Default to no truncation.',
      'Asking to pad to max_length but no maximum length is provided and the model has no predefined maximum length. Default to no padding.',
    ]);
  });

  it('a loaded tokenizer can be given another limit', async () => {
    const short = await AutoTokenizer.fromPretrained(fixture('bert-base-uncased'), { modelMaxLength: 16 });
    expect(short(long, { truncation: true }).input_ids).toHaveLength(16);
  });
});

describe('returned keys and special tokens', () => {
  it('returnAttentionMask / returnTokenTypeIds false drop those keys; addSpecialTokens false drops [CLS]/[SEP]', () => {
    expect(Object.keys(tk('hi', { returnAttentionMask: false, returnTokenTypeIds: false }))).toEqual(['input_ids']);
    expect(tk('hi there', { addSpecialTokens: false }).input_ids).toEqual(words('hi there'));
    expect(tk('hi', { textPair: 'you', addSpecialTokens: false }).token_type_ids).toEqual([0, 1]);
  });

  it('special tokens, their ids and the vocabulary', () => {
    expect([tk.padToken, tk.unkToken, tk.clsToken, tk.sepToken, tk.maskToken]).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect([tk.padTokenId, tk.unkTokenId, tk.clsTokenId, tk.sepTokenId, tk.maskTokenId]).toEqual([0, 100, 101, 102, 103]);
    expect(tk.bosToken).toBeNull();
    expect(tk.allSpecialIds.sort((x, y) => x - y)).toEqual([0, 100, 101, 102, 103]);
    expect(tk.vocabSize).toBe(28996);
    expect(tk.getVocab()['!']).toBe(106);
    expect(tk.modelInputNames).toEqual(['input_ids', 'token_type_ids', 'attention_mask']);
    expect(tk.convertTokensToIds(['[CLS]', 'not-a-token-at-all'])).toEqual([101, 100]);
    expect(tk.convertIdsToTokens([101, 106, 102], { skipSpecialTokens: true })).toEqual(['!']);
    expect(tk.convertIdsToTokens(10 ** 7)).toBeNull();
  });

  it('special tokens written in the text are matched as tokens', () => {
    expect(tk('[CLS] x [MASK]').input_ids).toEqual([CLS, CLS, ...words('x'), 103, SEP]);
  });
});

describe('decode', () => {
  it('round-trips text and skips special tokens on request', () => {
    const ids = tk.encode('Hello, world! Tokenizers are fun.');
    expect(tk.decode(ids)).toBe('[CLS] Hello, world! Tokenizers are fun. [SEP]');
    expect(tk.decode(ids, { skipSpecialTokens: true })).toBe('Hello, world! Tokenizers are fun.');
    expect(tk.batchDecode([ids, tk.encode('bye')], { skipSpecialTokens: true })).toEqual(['Hello, world! Tokenizers are fun.', 'bye']);
    expect(tk.decode([])).toBe('');
    expect(tk.decode(BigInt64Array.from([101n, 106n, 102n]))).toBe('[CLS]! [SEP]');
  });

  it('accepts tensors', () => {
    const enc = tk(['Hi there'], { returnTensors: 'pt' });
    expect(tk.batchDecode(enc.input_ids, { skipSpecialTokens: true })).toEqual(['Hi there']);
  });

  it('rejects what is not a list of ids', () => {
    expect(() => tk.decode('101' as never)).toThrow(/decode: ids must be a list of token ids, got string/);
    expect(() => tk.decode([101, -1])).toThrow(/decode: ids\[1\] must be a non-negative integer/);
  });
});

describe('input errors', () => {
  it('non-string texts: TypeError naming the index and the type found', () => {
    expect(() => tk(['fine', 42] as never)).toThrow(new TypeError('text[1] must be a string, got number (42)'));
    expect(() => tk(['fine', 'ok', null] as never)).toThrow(/text\[2\] must be a string, got null/);
    expect(() => tk([['pre', 'tokenized']] as never)).toThrow(/text\[0\] must be a string, got array \(pre-tokenized/);
    expect(() => tk(undefined as never)).toThrow(/text must be a string or an array of strings, got undefined/);
    expect(() => tk({ text: 'x' } as never)).toThrow(TypeError);
    expect(() => tk(['a', 'b'], { textPair: ['x', 7] as never })).toThrow(/textPair\[1\] must be a string, got number \(7\)/);
    expect(() => tk(['a', 'b'], { textPair: ['x'] })).toThrow(/batch length of text \(2\) does not match batch length of textPair \(1\)/);
    expect(() => tk('a', { textPair: ['x'] as never })).toThrow(/textPair must be a string when text is a string/);
  });

  it('bad option values', () => {
    expect(() => tk('a', { padding: 'longer' as never })).toThrow(/padding: "longer" is not valid/);
    expect(() => tk('a', { truncation: 'only_third' as never })).toThrow(/truncation: "only_third" is not valid/);
    expect(() => tk('a', { maxLength: -1, truncation: true })).toThrow(/maxLength must be an integer >= 0/);
    expect(() => tk('a', { padding: true, padToMultipleOf: 0 })).toThrow(/padToMultipleOf must be an integer >= 1/);
    expect(() => tk('a', { returnTensors: 'np' as never })).toThrow(/returnTensors: "np" is not supported/);
    expect(() => tk(['a'], { padding: 'max_length', truncation: true, maxLength: 10, padToMultipleOf: 8 })).toThrow(
      /truncation length \(10\) is not a multiple of padToMultipleOf \(8\)/,
    );
  });

  it('padding without a pad token', async () => {
    const t = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'));
    t.padToken = null;
    expect(t.padTokenId).toBeNull();
    expect(() => t(['a', 'b c'], { padding: true })).toThrow(/Asking to pad but the tokenizer does not have a padding token/);
    t.padToken = '[MASK]';
    expect(t(['a', 'b c'], { padding: true }).input_ids[0]).toEqual([CLS, ...words('a'), SEP, 103]);
  });
});

describe("returnTensors: 'pt'", () => {
  it('gives int64 [batch, length] tensors equal to the lists', () => {
    const texts = ['Hello world', 'A much longer sentence than the first one'];
    const lists = tk(texts, { padding: true });
    const enc = tk(texts, { padding: true, returnTensors: 'pt' });
    for (const key of ['input_ids', 'token_type_ids', 'attention_mask']) {
      const t = enc[key]!;
      expect(t).toBeInstanceOf(Tensor);
      expect(t.dtype).toBe('int64');
      expect(t.shape).toEqual([2, lists.input_ids[1]!.length]);
      expect(t.tolist()).toEqual(lists[key]);
    }
  });

  it('equals the lists for pairs, max_length, left padding, a non-zero pad id and no special tokens', async () => {
    const left = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'), { paddingSide: 'left' });
    left.padToken = '[MASK]';
    const texts = ['Hello world', 'A much longer sentence than the first one', ''];
    const pairs = ['and a pair', 'b', 'only the pair'];
    const cases = [
      { padding: 'max_length', maxLength: 12, truncation: true, textPair: pairs },
      { padding: true, addSpecialTokens: false },
      { padding: true, padToMultipleOf: 8, returnTokenTypeIds: false },
    ] as const;
    for (const t of [tk, left]) {
      for (const options of cases) {
        const lists = t(texts, options);
        const tensors = t(texts, { ...options, returnTensors: 'pt' });
        expect(Object.keys(tensors)).toEqual(Object.keys(lists));
        for (const key of Object.keys(lists)) expect(tensors[key]!.tolist(), `${key} ${JSON.stringify(options)}`).toEqual(lists[key]);
      }
    }
    expect(left(['a', 'a b'], { padding: true }).input_ids[0]![0]).toBe(103);
  });

  it('a single text gets a batch axis of 1; ragged rows are an error', () => {
    expect(tk('Hello', { returnTensors: 'pt' }).input_ids.shape).toEqual([1, 3]);
    expect(() => tk(['a', 'b c d'], { returnTensors: 'pt' })).toThrow(/Unable to create tensor: row 1 has 5 tokens but row 0 has 3/);
  });
});

describe('pad()', () => {
  const features = [
    { input_ids: [101, 7, 102], token_type_ids: [0, 0, 0], label: 1 },
    { input_ids: [101, 7, 8, 9, 10, 102], token_type_ids: [0, 0, 0, 1, 1, 1], label: 3 },
  ];

  it('pads examples to the longest, adds the attention mask and keeps other keys', () => {
    const out = tk.pad(features);
    expect(out).toEqual({
      input_ids: [[101, 7, 102, 0, 0, 0], [101, 7, 8, 9, 10, 102]],
      token_type_ids: [[0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 1, 1]],
      label: [1, 3],
      attention_mask: [[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]],
    });
    expect(features[0]!.input_ids).toEqual([101, 7, 102]); // inputs are not modified
  });

  it('maxLength / padToMultipleOf, columns input, tensors (labels too)', () => {
    expect(tk.pad(features, { padding: 'max_length', maxLength: 8 }).input_ids[0]).toHaveLength(8);
    expect(tk.pad(features, { padToMultipleOf: 4 }).attention_mask![1]).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
    const columns = tk.pad({ input_ids: [[1, 2], [3]], attention_mask: [[1, 1], [1]] });
    expect(columns).toEqual({ input_ids: [[1, 2], [3, 0]], attention_mask: [[1, 1], [1, 0]] });
    const t = tk.pad(features, { returnTensors: 'pt' });
    expect(t.input_ids.shape).toEqual([2, 6]);
    expect(t.label!.dtype).toBe('int64');
    expect(t.label!.tolist()).toEqual([1, 3]);
    const asTensors = tk.pad([{ input_ids: tk('a b', { returnTensors: 'pt' }).input_ids.reshape([-1]) }, { input_ids: [101, 102] }]);
    expect(asTensors.input_ids).toEqual([tk.encode('a b'), [101, 102, 0, 0]]);
  });

  it('errors name the example and the key', () => {
    expect(() => tk.pad([{ label: 1 }])).toThrow(/must include "input_ids", but they have \["label"\]/);
    expect(() => tk.pad([{ input_ids: [1] }, { input_ids: [1, 'x'] }])).toThrow(/features\[1\]\.input_ids\[1\] must be a non-negative integer/);
    expect(() => tk.pad([{ input_ids: [1], label: 0 }, { input_ids: [2] }])).toThrow(/features\[1\] has no "label"/);
    expect(() => tk.pad(['x'] as never)).toThrow(/features\[0\] must be an object/);
  });
});

describe('savePretrained', () => {
  const out = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tstorch-tok-save-'));
    tmpDirs.push(dir);
    return join(dir, 'nested', 'tok');
  };
  const sample = ['Hello, world!', 'Ünïcödé café — 東京', 'a [MASK] b'];

  it('writes the four files (vocab.txt byte for byte) and reloads to the same tokenizer', async () => {
    const dir = out();
    const written = await tk.savePretrained(dir);
    expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
    expect(readdirSync(dir).sort()).toEqual(['special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']); // no temp files left
    expect(readFileSync(join(dir, 'vocab.txt'))).toEqual(readFileSync(fixture('bert-base-cased', 'vocab.txt')));
    expect(JSON.parse(readFileSync(join(dir, 'special_tokens_map.json'), 'utf8'))).toEqual({
      unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]',
    });
    expect(JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'))).toMatchObject({
      do_lower_case: false, model_max_length: 512, tokenizer_class: 'BertTokenizer', pad_token: '[PAD]',
    });
    const saved = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8'));
    expect(saved).toEqual(JSON.parse(readFileSync(fixture('bert-base-cased', 'tokenizer.json'), 'utf8')));
    const back = await AutoTokenizer.fromPretrained(dir);
    expect(back(sample, { padding: true })).toEqual(tk(sample, { padding: true }));
    expect(back.modelMaxLength).toBe(512);
  });

  it('keeps "no maximum length" as int(1e30), digit for digit, and a changed pad token', async () => {
    const camphr = await AutoTokenizer.fromPretrained(fixture('tiny-bert-camphr-ner'));
    camphr.padToken = '[MASK]';
    const dir = out();
    await camphr.savePretrained(dir);
    const text = readFileSync(join(dir, 'tokenizer_config.json'), 'utf8');
    expect(text).toContain('"model_max_length": 1000000000000000019884624838656');
    const back = await AutoTokenizer.fromPretrained(dir);
    expect(back.modelMaxLength).toBe(1e30);
    expect(back.padTokenId).toBe(103);
    expect(back.vocabSize).toBe(405);
    expect(back(sample)).toEqual(camphr(sample));
    expect(existsSync(join(dir, 'vocab.txt'))).toBe(true);
  });
});
