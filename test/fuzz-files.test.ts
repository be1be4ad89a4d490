// Seeded fuzzing of the two file formats tstorch parses from untrusted downloads: a few hundred mutants each of a
// safetensors file and of tokenizer.json files (WordPiece from hf-tiny-bert, a small BPE cut from roberta-base,
// a hand-made Unigram). Every mutant either loads and works or fails with an Error naming the file; none crashes,
// hangs or fails later inside tokenize()/decode().
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWeightsSafetensors } from '../lib/serialization/safetensors.js';
import { AutoTokenizer } from 'tstorch/transformers';
import { fixture } from './helpers/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'tstorch-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** mulberry32: a small seeded PRNG, so every run tries the same mutants. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

describe('fuzzed safetensors files', () => {
  it('300 byte-level mutants: each loads or fails naming the file', () => {
    const original = readFileSync(fixture('hf-tiny-bert', 'model', 'model.safetensors'));
    const headerLength = Number(original.readBigUInt64LE(0));
    const r = rng(16);
    const outcomes = { loaded: 0, refused: 0 };
    for (let k = 0; k < 300; k++) {
      const bytes = Buffer.from(original);
      const kind = k % 4;
      if (kind === 0) {
        // flip bytes of the JSON header (names, dtypes, shapes, offsets, metadata)
        for (let n = 1 + Math.floor(r() * 4); n > 0; n--) bytes[8 + Math.floor(r() * headerLength)] = Math.floor(r() * 256);
      } else if (kind === 1) {
        // a wrong header length
        bytes.writeBigUInt64LE(BigInt(Math.floor(r() * headerLength * 2)), 0);
      } else if (kind === 2) {
        // replace one header character by one of JSON's structural ones
        bytes[8 + Math.floor(r() * headerLength)] = pick(r, [...'{}[]",:0-9 eE.nul']).charCodeAt(0);
      }
      const cut = kind === 3 ? Math.floor(r() * bytes.length) : bytes.length;
      const path = join(root, `st-${k}.safetensors`);
      writeFileSync(path, bytes.subarray(0, cut));
      try {
        readWeightsSafetensors(path);
        outcomes.loaded++;
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).message, `mutant ${k}`).toContain(path);
        outcomes.refused++;
      }
    }
    expect(outcomes.refused).toBeGreaterThan(200);
  });
});

/** A BPE tokenizer.json small enough to mutate quickly: roberta-base's, cut to its first tokens and their merges. */
function smallBpe(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(fixture('roberta-base', 'tokenizer.json'), 'utf8')) as Record<string, any>;
  const vocab = Object.fromEntries(Object.entries(json.model.vocab as Record<string, number>).filter(([, id]) => id < 400));
  const merges = (json.model.merges as (string | string[])[]).filter((m) => {
    const [a, b] = typeof m === 'string' ? m.split(' ') : m;
    return a! in vocab && b! in vocab && `${a}${b}` in vocab;
  });
  return { ...json, added_tokens: json.added_tokens.filter((t: { id: number }) => t.id < 400), model: { ...json.model, vocab, merges } };
}

function smallUnigram(): Record<string, unknown> {
  const pieces = ['<unk>', '<s>', '</s>', '▁', 'e', 'l', 'o', 'h', 'w', 'r', 'd', '▁hello', '▁world', '1', '2', '3', ',', '!'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: 0, content: '<unk>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', add_prefix_space: true, prepend_scheme: 'always' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: '▁', add_prefix_space: true, prepend_scheme: 'always' },
    model: { type: 'Unigram', unk_id: 0, vocab: pieces.map((p, i) => [p, -i - 1]), byte_fallback: false },
  };
}

/** Every [path, value] of a JSON tree, the root included, sampled so huge vocabs do not dominate. */
function nodes(value: unknown, r: () => number, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const sample = entries.length > 20 ? entries.filter(() => r() < 20 / entries.length) : entries;
    for (const [k, v] of sample) nodes(v, r, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

const WEIRD: unknown[] = [null, 0, -1, 1.5, 2 ** 40, '', 'x', 'Sequence', '[unclosed', '(?<', true, [], {}, [1, 2], { type: 'Nope' }, { Regex: '[a-' }, { String: 1 }];

function mutate(json: unknown, r: () => number): unknown {
  const copy = structuredClone(json) as Record<string, unknown>;
  const all = nodes(copy, r).filter((p) => p.length > 0);
  const path = pick(r, all);
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1]!;
  const op = r();
  if (op < 0.25 && !Array.isArray(parent)) delete parent[last];
  else if (op < 0.4 && typeof parent[last] === 'string') parent[last] = `${parent[last]}${pick(r, ['[', '(', '\\', 'é', ' '])}`;
  else if (op < 0.5 && typeof parent[last] === 'object' && parent[last] !== null && 'type' in parent[last])
    parent[last].type = pick(r, ['Sequence', 'WordPiece', 'BPE', 'Unigram', 'WordLevel', 'ByteLevel', 'Split', 'Replace', 'Metaspace', 'Strip', 'nope']);
  else parent[last] = structuredClone(pick(r, WEIRD));
  return copy;
}

describe('fuzzed tokenizer.json files', () => {
  const sources: [string, () => unknown][] = [
    ['wordpiece', () => JSON.parse(readFileSync(fixture('hf-tiny-bert', 'model', 'tokenizer.json'), 'utf8'))],
    ['bpe', smallBpe],
    ['unigram', smallUnigram],
  ];
  it.each(sources)('%s: 100 mutants load and work, or fail at load naming the file', async (name, load) => {
    const original = load();
    // the unmutated file loads and works: mutants are measured against a good baseline
    const baseDir = join(root, `${name}-base`);
    mkdirSync(baseDir);
    writeFileSync(join(baseDir, 'tokenizer.json'), JSON.stringify(original));
    const base = await AutoTokenizer.fromPretrained(baseDir);
    expect(base('hello world').input_ids.length).toBeGreaterThan(0);

    const r = rng(name.length * 1000 + 7);
    let refused = 0;
    for (let k = 0; k < 100; k++) {
      const dir = join(root, `${name}-${k}`);
      mkdirSync(dir);
      const file = join(dir, 'tokenizer.json');
      const mutant = mutate(original, r);
      writeFileSync(file, k % 10 === 9 ? JSON.stringify(mutant).slice(0, Math.floor(r() * 200)) : JSON.stringify(mutant));
      if (name === 'wordpiece') copyFileSync(fixture('hf-tiny-bert', 'model', 'tokenizer_config.json'), join(dir, 'tokenizer_config.json'));
      let tokenizer;
      try {
        tokenizer = await AutoTokenizer.fromPretrained(dir);
      } catch (err) {
        expect(err, `mutant ${k}`).toBeInstanceOf(Error);
        expect((err as Error).message, `mutant ${k}: ${(err as Error).stack}`).toContain(file);
        refused++;
        continue;
      }
      // loaded: then it must work on ordinary text, pairs and decoding
      const use = (): string => tokenizer.decode(tokenizer('Hello, world! 123', { textPair: 'héllo wörld' }).input_ids);
      expect(use, `mutant ${k} loaded, then failed`).not.toThrow();
    }
    expect(refused).toBeGreaterThan(10);
  });
});
