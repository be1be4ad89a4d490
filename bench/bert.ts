// BertForSequenceClassification step time, tstorch (the native BERT) against PyTorch on the same libtorch,
// interleaved (bench/interleave.ts): bench/bert-worker.ts and bench/bert.py build the same model once and take
// turns timing rounds of each mode.
// Run: npx tsx --conditions=source bench/bert.ts [small] [base] [--rounds N] [--steps K] [--modes eval,train,adamw,loop]
// (1 intra-op thread on both sides; the Python side is /usr/bin/python3, override with TSTORCH_PYTHON).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODE_LABELS, MODES } from './bert-protocol.js';
import { parseArgs, runInterleaved, type Shape } from './interleave.js';

const SHAPES: Record<string, Shape> = {
  small: { name: 'small', layers: 4, hidden: 256, heads: 4, intermediate: 1024, batch: 8, seq: 128, vocab: 30522, labels: 5, rounds: 6, steps: 2, modes: MODES },
  // several seconds a step on 2 cores: one step a round, the two train modes
  base: { name: 'bert-base', layers: 12, hidden: 768, heads: 12, intermediate: 3072, batch: 8, seq: 128, vocab: 30522, labels: 5, rounds: 5, steps: 1, modes: ['eval', 'train'] },
};

const here = dirname(fileURLToPath(import.meta.url));
await runInterleaved(
  { tsWorker: join(here, 'bert-worker.ts'), pyWorker: join(here, 'bert.py'), modeLabels: MODE_LABELS },
  SHAPES,
  parseArgs(process.argv.slice(2), SHAPES, MODES),
);
