// Loading: vocab.txt-only folders, old tokenizer.json without model type, the hub, and load errors.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../lib/hub/index.js';
import { AutoTokenizer } from '../lib/transformers/tokenizer/index.js';
import { inferModelType, parseTokenizerJson } from '../lib/transformers/tokenizer/tokenizer-json.js';
import { fixture } from './helpers/fixtures.js';
import { startHubServer, type HubServer } from './helpers/hub-server.js';

const tmpDirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tstorch-tok-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const rten = (name: string) => readFileSync(fixture('tokenizer-reference', 'rten', name), 'utf8');
const rtenIds = (name: string): number[] => JSON.parse(rten(name)).token_ids;

/** A folder with only vocab.txt (+ the given tokenizer_config.json), like checkpoints saved before tokenizer.json. */
function vocabOnlyFolder(from: string, config: object | null): string {
  const dir = tmp();
  copyFileSync(join(from, 'vocab.txt'), join(dir, 'vocab.txt'));
  if (config) writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
  return dir;
}

describe('vocab.txt only: the fast BERT tokenizer is built as transformers converts it', () => {
  it('tiny-bert-camphr-ner: lower-cases, strips accents, reads the special ids from the vocab', async () => {
    const tk = await AutoTokenizer.fromPretrained(fixture('tiny-bert-camphr-ner'));
    expect([tk.padTokenId, tk.unkTokenId, tk.clsTokenId, tk.sepTokenId, tk.maskTokenId]).toEqual([0, 100, 101, 102, 103]);
    const id = (t: string) => tk.convertTokensToIds(t)!;
    // the vocab has single characters only and no ## pieces: a longer word is [UNK]
    expect(tk.encode('A, b! É')).toEqual([101, id('a'), id(','), id('b'), id('!'), id('e'), 102]);
    expect(tk.tokenize('Hello')).toEqual(['[UNK]']);
    expect(tk.modelMaxLength).toBe(1e30); // no model_max_length in its tokenizer_config.json
  });

  it('tiny-bert-camphr-ner: vocabSize is the 405 lines of vocab.txt, not config.json vocab_size 402', async () => {
    const tk = await AutoTokenizer.fromPretrained(fixture('tiny-bert-camphr-ner'));
    const lines = readFileSync(fixture('tiny-bert-camphr-ner', 'vocab.txt'), 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(405);
    expect(tk.vocabSize).toBe(405);
    // The last three tokens (Greek capitals) have ids a 402-row embedding cannot hold; the tokenizer still knows them,
    // and lower-casing sends capitals to small letters that are not in this vocab.
    expect(tk.convertTokensToIds(lines.slice(402))).toEqual([402, 403, 404]);
    expect(tk.convertIdsToTokens([402, 403, 404])).toEqual(lines.slice(402));
    expect(tk.encode(lines[404]!)).toEqual([101, 100, 102]);
  });

  it('its tokenizer.json equals the hand-written BertConverter output of hf-tiny-bert', async () => {
    const model = fixture('hf-tiny-bert', 'model');
    const dir = vocabOnlyFolder(model, JSON.parse(readFileSync(join(model, 'tokenizer_config.json'), 'utf8')));
    copyFileSync(join(model, 'special_tokens_map.json'), join(dir, 'special_tokens_map.json'));
    const tk = await AutoTokenizer.fromPretrained(dir);
    const out = tmp();
    await tk.savePretrained(out);
    const written = JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    const expected = JSON.parse(readFileSync(join(model, 'tokenizer.json'), 'utf8'));
    expect(written).toEqual(expected);
  });

  it.each([
    ['bert-base-uncased', { do_lower_case: true }, 'Metal_umlaut-bert-base-uncased.json'],
    ['bert-base-uncased', null, 'Rust_(programming_language)-bert-base-uncased.json'], // BertTokenizer default: lower case
    ['bert-base-cased', { do_lower_case: false }, 'Rust_(programming_language)-bert-base-cased.json'],
  ])('%s vocab.txt with config %j reproduces %s', async (name, config, ref) => {
    const tk = await AutoTokenizer.fromPretrained(vocabOnlyFolder(fixture(name), config));
    const text = rten(ref.startsWith('Metal') ? 'Metal_umlaut.txt' : 'Rust_(programming_language).txt');
    expect(tk.encode(text)).toEqual(rtenIds(ref));
  });
});

describe('old tokenizer.json without "type" in model', () => {
  it('bert-base-uncased loads as WordPiece and reproduces the reference ids', async () => {
    const raw = JSON.parse(readFileSync(fixture('bert-base-uncased', 'tokenizer.json'), 'utf8'));
    expect(raw.model.type).toBeUndefined(); // the fixture really is the old format
    const tk = await AutoTokenizer.fromPretrained(fixture('bert-base-uncased'));
    expect(tk.encode(rten('Metal_umlaut.txt'))).toEqual(rtenIds('Metal_umlaut-bert-base-uncased.json'));
    const out = tmp();
    await tk.savePretrained(out);
    expect(JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8')).model.type).toBe('WordPiece');
  });

  it('infers BPE from merges, Unigram from a [piece, score] list, and refuses what it cannot tell', () => {
    expect(inferModelType({ vocab: { a: 0 }, merges: [] }, 'x')).toBe('BPE');
    expect(inferModelType({ vocab: [['a', -1]] }, 'x')).toBe('Unigram');
    expect(inferModelType({ vocab: { a: 0 }, max_input_chars_per_word: 100 }, 'x')).toBe('WordPiece');
    expect(inferModelType({ type: 'BPE', vocab: {} }, 'x')).toBe('BPE');
    expect(() => inferModelType({ vocab: 3 as never }, 'my/tokenizer.json')).toThrow(/my\/tokenizer\.json: "model" has no "type"/);
    expect(() => parseTokenizerJson('{"model": {}}', 'f.json')).toThrow(/f\.json: "model" has no "vocab"/);
    expect(() => parseTokenizerJson('{oops', 'f.json')).toThrow(/f\.json is not valid JSON/);
  });
});

describe('tokenizer.json saved with padding and truncation enabled', () => {
  const withDefaults = (config: object | null) => {
    const dir = tmp();
    const json = JSON.parse(readFileSync(fixture('bert-base-cased', 'tokenizer.json'), 'utf8'));
    json.padding = { strategy: 'BatchLongest', direction: 'Left', pad_to_multiple_of: null, pad_id: 103, pad_type_id: 1, pad_token: '[MASK]' };
    json.truncation = { direction: 'Left', max_length: 7, strategy: 'LongestFirst', stride: 0 };
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(json));
    if (config) writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
    return dir;
  };

  it('takes pad token, pad type id and sides from it where tokenizer_config.json says nothing', async () => {
    const tk = await AutoTokenizer.fromPretrained(withDefaults({ model_max_length: 512 }));
    expect([tk.padToken, tk.padTokenId, tk.padTokenTypeId, tk.paddingSide, tk.truncationSide]).toEqual(['[MASK]', 103, 1, 'left', 'left']);
    expect(tk(['a', 'a b'], { padding: true }).token_type_ids![0]).toEqual([1, 0, 0, 0]);
  });

  it('tokenizer_config.json wins', async () => {
    const tk = await AutoTokenizer.fromPretrained(withDefaults({ pad_token: '[PAD]', padding_side: 'right', truncation_side: 'right' }));
    expect([tk.padToken, tk.paddingSide, tk.truncationSide]).toEqual(['[PAD]', 'right', 'right']);
  });
});

describe('load errors', () => {
  it('a folder without tokenizer.json or vocab.txt', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'config.json'), '{}');
    await expect(AutoTokenizer.fromPretrained(dir)).rejects.toThrow(/no tokenizer\.json, and none of the files a slow tokenizer reads: vocab\.txt/);
  });

  it('a broken tokenizer_config.json names the file', async () => {
    const dir = vocabOnlyFolder(fixture('bert-base-cased'), null);
    writeFileSync(join(dir, 'tokenizer_config.json'), '{"do_lower_case": fals');
    await expect(AutoTokenizer.fromPretrained(dir)).rejects.toThrow(/tokenizer_config\.json is not valid JSON/);
  });

  it('a path that is neither a folder nor a repo id', async () => {
    await expect(AutoTokenizer.fromPretrained('./no/such/folder')).rejects.toThrow(/not a valid Hugging Face repo id/);
    await expect(AutoTokenizer.fromPretrained('' as string)).rejects.toThrow(TypeError);
  });
});

describe('from the hub (loopback server)', () => {
  let hub: HubServer;
  let cacheDir: string;
  const TOKEN = 'hf_tokenizer_test_token';
  const cased = (f: string) => ({ path: fixture('bert-base-cased', f) });

  beforeAll(async () => {
    hub = await startHubServer({
      token: TOKEN,
      repos: [
        {
          id: 'google-bert/bert-base-cased',
          files: { 'tokenizer.json': cased('tokenizer.json'), 'tokenizer_config.json': cased('tokenizer_config.json'), 'vocab.txt': cased('vocab.txt'), 'config.json': cased('config.json') },
          revisions: { short: { files: { 'tokenizer.json': cased('tokenizer.json'), 'tokenizer_config.json': '{"model_max_length": 8}' } } },
        },
        {
          id: 'org/camphr',
          private: true,
          files: Object.fromEntries(
            ['vocab.txt', 'tokenizer_config.json', 'special_tokens_map.json', 'config.json'].map((f) => [f, { path: fixture('tiny-bert-camphr-ner', f) }]),
          ),
        },
        { id: 'org/empty', files: { 'README.md': '# nothing' } },
      ],
    });
  });
  afterAll(() => hub.close());
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));
  const opts = (extra: object = {}) => {
    cacheDir = tmp();
    return { endpoint: hub.url, cacheDir, token: false as const, ...extra };
  };

  it('downloads tokenizer.json + config and tokenizes like the local folder', async () => {
    const tk = await AutoTokenizer.fromPretrained('google-bert/bert-base-cased', opts());
    const text = rten('Rust_(programming_language).txt');
    expect(tk.encode(text)).toEqual(rtenIds('Rust_(programming_language)-bert-base-cased.json'));
    expect(tk.modelMaxLength).toBe(512);
    expect(hub.count({ path: 'vocab.txt' })).toBe(0); // not needed when tokenizer.json exists
  });

  it('honours revision', async () => {
    const tk = await AutoTokenizer.fromPretrained('google-bert/bert-base-cased', opts({ revision: 'short' }));
    expect(tk.modelMaxLength).toBe(8);
    expect(tk('one two three four five six seven', { truncation: true }).input_ids).toHaveLength(8);
  });

  it('builds the BERT tokenizer from vocab.txt of a private repo with the token', async () => {
    await expect(AutoTokenizer.fromPretrained('org/camphr', opts())).rejects.toBeInstanceOf(HubError);
    const tk = await AutoTokenizer.fromPretrained('org/camphr', opts({ token: TOKEN }));
    expect(tk.vocabSize).toBe(405);
    expect(tk.encode('a b')).toEqual([101, tk.convertTokensToIds('a'), tk.convertTokensToIds('b'), 102]);
  });

  it('a repo without tokenizer files, and a missing repo', async () => {
    await expect(AutoTokenizer.fromPretrained('org/empty', opts())).rejects.toThrow(/"org\/empty".*no tokenizer\.json, and none of the files/);
    const err = await AutoTokenizer.fromPretrained('org/missing', opts()).catch((e) => e);
    expect(err).toBeInstanceOf(HubError);
    expect(err.code).toBe('RepoNotFound');
  });
});
