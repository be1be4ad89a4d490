// Prints the GPU benchmark table from the JSON of bench/gpu-bert.mjs and bench/gpu_bert.py.
import { readFileSync } from 'node:fs';

// a side that failed (its JSON file empty) shows as n/a rather than hiding the other side's numbers
const read = (f) => {
  try {
    return JSON.parse(readFileSync(f, 'utf8'));
  } catch {
    return null;
  }
};
const [ts, py] = process.argv.slice(2).map(read);
if (!ts) {
  console.log('tstorch benchmark failed: see bench-tstorch.err');
  process.exit(1);
}
const rows = [];
for (const dtype of ['fp32', 'bf16']) {
  const mine = ts[dtype].samplesPerSecond;
  const eager = py?.eager?.[dtype]?.samplesPerSecond;
  const hf = py?.transformers?.[dtype]?.samplesPerSecond;
  const fmt = (x) => (x ? x.toFixed(1) : 'n/a');
  const ratio = (x) => (x ? (mine / x).toFixed(2) : 'n/a');
  rows.push(`| ${dtype} | ${fmt(mine)} | ${fmt(eager)} | ${fmt(hf)} | ${ratio(eager)} | ${ratio(hf)} |`);
}
console.log(`device: ${ts.device}; torch ${py?.torch ?? 'n/a'}; shape ${JSON.stringify(ts.shape)}; samples/s (higher is better)`);
console.log('| dtype | tstorch | PyTorch eager | transformers | tstorch / eager | tstorch / transformers |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
