// Prints the GPU benchmark table from the JSON of bench/gpu-bert.mjs and bench/gpu_bert.py.
import { readFileSync } from 'node:fs';

const [ts, py] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const rows = [];
for (const dtype of ['fp32', 'bf16']) {
  const mine = ts[dtype].samplesPerSecond;
  const eager = py.eager[dtype].samplesPerSecond;
  const hf = py.transformers?.[dtype]?.samplesPerSecond;
  rows.push(`| ${dtype} | ${mine.toFixed(1)} | ${eager.toFixed(1)} | ${hf ? hf.toFixed(1) : 'n/a'} | ${(mine / eager).toFixed(2)} | ${hf ? (mine / hf).toFixed(2) : 'n/a'} |`);
}
console.log(`device: ${ts.device}; torch ${py.torch}; shape ${JSON.stringify(ts.shape)}; samples/s (higher is better)`);
console.log('| dtype | tstorch | PyTorch eager | transformers | tstorch / eager | tstorch / transformers |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
