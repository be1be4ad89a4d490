// Dataset.map throughput and memory: the tutorial's `dataset.map(tokenize, { batched: true })` over synthetic
// review-like rows, with a tokenizer-shaped function (whitespace words hashed to ids, padded/truncated to
// max_length like `padding: 'max_length', truncation: true`) or, with --real, the bert-base-cased tokenizer
// of tstorch/transformers.
//
//   npx tsx --conditions=source bench/datasets-map.ts [rows=100000] [maxLength=512] [--real]
//
// Reports wall time, rows/s, peak RSS (getrusage maxrss) and the bytes the resulting columns hold.
import { Dataset, disableProgressBars } from '../lib/datasets/index.js';

const args = process.argv.slice(2);
const real = args.includes('--real');
const [rowsArg, lenArg] = args.filter((a) => !a.startsWith('--'));
const ROWS = Number(rowsArg ?? (real ? 10_000 : 100_000));
const MAX_LENGTH = Number(lenArg ?? 512);

// Deterministic pseudo-random words (mulberry32), ~700 characters per row like a Yelp review.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const random = rng(42);
const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${'abcdefgh'.slice(0, 1 + (i % 7))}`);
const texts = Array.from({ length: ROWS }, () => {
  let t = '';
  while (t.length < 700) t += `${vocabulary[Math.floor(random() * vocabulary.length)]} `;
  return t.trimEnd();
});
const labels = Array.from({ length: ROWS }, () => Math.floor(random() * 5));

function fakeTokenizer(batch: { text: string[] }) {
  const input_ids: number[][] = [];
  const token_type_ids: number[][] = [];
  const attention_mask: number[][] = [];
  for (const text of batch.text) {
    const ids = [101];
    for (const word of text.split(' ')) {
      if (ids.length >= MAX_LENGTH - 1) break;
      let h = 0;
      for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + word.charCodeAt(i)) >>> 0;
      ids.push(1000 + (h % 27000));
    }
    ids.push(102);
    const mask = ids.map(() => 1);
    while (ids.length < MAX_LENGTH) {
      ids.push(0);
      mask.push(0);
    }
    input_ids.push(ids);
    token_type_ids.push(ids.map(() => 0));
    attention_mask.push(mask);
  }
  return { input_ids, token_type_ids, attention_mask };
}

async function tokenizerFunction(): Promise<(batch: { text: string[] }) => unknown> {
  if (!real) return fakeTokenizer;
  const { fixture } = await import('../test/helpers/fixtures.js');
  const { AutoTokenizer } = await import('../lib/transformers/tokenizer/index.js');
  const tokenizer = await AutoTokenizer.fromPretrained(fixture('bert-base-cased'));
  return (batch) => tokenizer(batch.text, { padding: 'max_length', truncation: true, maxLength: MAX_LENGTH });
}

disableProgressBars();
const fn = await tokenizerFunction();
const ds = Dataset.fromDict({ text: texts, label: labels });
const rssBefore = process.memoryUsage().rss;
const start = process.hrtime.bigint();
const out = await ds.map(fn, { batched: true });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const peakMiB = process.resourceUsage().maxRSS / 1024;

// Bytes held by the new list columns (typed arrays), via the DataLoader's packed view of a batch.
const sample = out.getBatchColumns([0]);
const perRow = Object.entries(sample)
  .filter(([name]) => name !== 'text' && name !== 'label')
  .map(([name, p]) => `${name} ${p.shape.join('x')}`);

console.log(`rows ${ROWS}, max_length ${MAX_LENGTH}, ${real ? 'bert-base-cased tokenizer' : 'tokenizer-shaped function'}`);
console.log(`columns: ${out.columnNames.join(', ')} (${perRow.join('; ')})`);
console.log(`features: ${JSON.stringify(out.features)}`);
console.log(`map: ${seconds.toFixed(2)} s, ${(ROWS / seconds).toFixed(0)} rows/s`);
console.log(`RSS before map ${(rssBefore / 2 ** 20).toFixed(0)} MiB, peak ${peakMiB.toFixed(0)} MiB`);
console.log(`ideal column storage: ${((ROWS * MAX_LENGTH * (4 + 1 + 1)) / 2 ** 20).toFixed(0)} MiB (int32 ids + int8 masks)`);
