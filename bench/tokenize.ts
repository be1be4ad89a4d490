// Tokenizer throughput: 10k review-length texts (~700 chars) through the tutorial's call,
// `tokenizer(texts, { padding: 'max_length', truncation: true })`, with bert-base-cased (model_max_length 512).
//
//   node --expose-gc --import tsx --conditions=source bench/tokenize.ts [count]
//
// Texts: rows of the real AG News set (fixtures/ag-news-tutorial) joined in a seeded random order until each
// is >= 650 characters, so texts differ from each other; a second set is the accented Wikipedia article
// Metal_umlaut.txt cut into ~700-character pieces (the non-ASCII path). Each measurement loads a fresh tokenizer
// (empty word cache) and reports the median of 3 runs; with --expose-gc the heap is collected before each run,
// so one measurement's garbage is not charged to the next.
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { fixture } from '../test/helpers/fixtures.js';
import { AutoTokenizer, type PreTrainedTokenizerFast } from '../lib/transformers/tokenizer/index.js';
import { WordPieceModel } from '../lib/transformers/tokenizer/wordpiece.js';
import { seededRandom as seeded } from '../lib/cli/embedded/corpus.js';

const COUNT = Number(process.argv[2] ?? 10_000);
const MODEL = fixture('bert-base-cased');


function agNewsTexts(count: number): string[] {
  const rows = readFileSync(fixture('ag-news-tutorial', 'train.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).text as string);
  const random = seeded(42);
  return Array.from({ length: count }, () => {
    let text = '';
    while (text.length < 650) text += (text ? ' ' : '') + rows[Math.floor(random() * rows.length)];
    return text;
  });
}

function accentedTexts(count: number): string[] {
  const article = readFileSync(fixture('tokenizer-reference', 'rten', 'Metal_umlaut.txt'), 'utf8').replace(/\s+/g, ' ');
  const random = seeded(7);
  return Array.from({ length: count }, () => {
    const start = Math.floor(random() * (article.length - 700));
    return article.slice(start, start + 700);
  });
}

async function fresh(): Promise<PreTrainedTokenizerFast> {
  return AutoTokenizer.fromPretrained(MODEL);
}

/**
 * Median of 3 runs of `run`, each after `setup` (not timed): wall seconds and CPU seconds (user + system of this
 * process, GC threads included). The CPU figure is the one to compare on a shared machine: other processes
 * stretch wall time but not the CPU time this process uses.
 */
async function time<T>(setup: () => Promise<T>, run: (ctx: T) => unknown): Promise<{ wall: number; cpu: number }> {
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const ctx = await setup();
    (globalThis as { gc?: () => void }).gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    run(ctx);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    runs.push({ wall, cpu: (cpu.user + cpu.system) / 1e6 });
  }
  return runs.sort((a, b) => a.cpu - b.cpu)[1]!;
}

const call = { padding: 'max_length', truncation: true } as const;
const libraryOnly = async () => {
  const tk = await fresh();
  // the same call pipeline, but every text through @huggingface/tokenizers' own encode
  Object.defineProperty(tk, 'encodeText', { value: (t: string) => tk.backendTokenizer.encode(t, { add_special_tokens: false }).ids });
  return tk;
};
const libraryNormalizerCachedWordPiece = async () => {
  const tk = await fresh();
  // the intermediate design: the library's BertNormalizer + BertPreTokenizer, then the cached WordPiece
  const lib = tk.backendTokenizer;
  const wordPiece = new WordPieceModel(JSON.parse(readFileSync(`${MODEL}/tokenizer.json`, 'utf8')).model, MODEL);
  const encode = (t: string) => {
    const ids: number[] = [];
    for (const word of lib.pre_tokenizer!.pre_tokenize(lib.normalizer!.normalize(t))) wordPiece.encodeWord(word, ids);
    return ids;
  };
  Object.defineProperty(tk, 'encodeText', { value: encode });
  return tk;
};
const inBatches = (tk: PreTrainedTokenizerFast, texts: string[], size: number) => {
  for (let i = 0; i < texts.length; i += size) tk(texts.slice(i, i + size), call);
};

const results: [string, string, number, number][] = [];
for (const [name, texts] of [
  ['AG News (ASCII)', agNewsTexts(COUNT)],
  ['Metal_umlaut (accented)', accentedTexts(COUNT)],
] as const) {
  const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  console.log(`${name}: ${texts.length} texts, ${chars.toFixed(0)} chars on average`);
  const json = JSON.parse(readFileSync(`${MODEL}/tokenizer.json`, 'utf8'));
  const config = JSON.parse(readFileSync(`${MODEL}/tokenizer_config.json`, 'utf8'));
  const rows: [string, () => Promise<{ wall: number; cpu: number }>][] = [
    ['@huggingface/tokenizers encode() per text, no padding', () => time(async () => new Tokenizer(json, config), (lib) => texts.forEach((t) => lib.encode(t)))],
    ['tokenizer(texts) over @huggingface/tokenizers encode', () => time(libraryOnly, (tk) => tk(texts, call))],
    ['tokenizer(texts) over library normalizer + cached WordPiece', () => time(libraryNormalizerCachedWordPiece, (tk) => tk(texts, call))],
    ['tokenizer(texts), fast path, one call', () => time(fresh, (tk) => tk(texts, call))],
    ['tokenizer(texts), fast path, batches of 1000 (datasets.map)', () => time(fresh, (tk) => inBatches(tk, texts, 1000))],
    ["tokenizer(texts, { returnTensors: 'pt' }), fast path", () => time(fresh, (tk) => tk(texts, { ...call, returnTensors: 'pt' }))],
  ];
  for (const [label, measure] of rows) {
    const { wall, cpu } = await measure();
    results.push([name, label, texts.length / cpu, texts.length / wall]);
    console.log(
      `  ${label.padEnd(62)} ${(texts.length / cpu).toFixed(0).padStart(7)} texts/CPU-s  ` +
        `${(texts.length / wall).toFixed(0).padStart(7)} texts/s wall`,
    );
  }
}

console.log('\n| texts | path | texts per CPU second | texts/s (wall) |\n|---|---|---:|---:|');
for (const [name, label, cpu, wall] of results) console.log(`| ${name} | ${label} | ${cpu.toFixed(0)} | ${wall.toFixed(0)} |`);
