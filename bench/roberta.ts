// RobertaForSequenceClassification step time: tstorch's TS-written RoBERTa (on tstorch.nn) against transformers
// 4.31's eager RoBERTa in PyTorch on the same libtorch, interleaved (bench/interleave.ts) with workers
// bench/roberta-worker.ts and bench/roberta.py. The shape is bench/bert.ts's small BERT.
// Run: npx tsx --conditions=source bench/roberta.ts [small] [--rounds N] [--steps K] [--modes eval,train]
// (1 intra-op thread on both sides; Python is /usr/bin/python3 (TSTORCH_PYTHON) with transformers from
// TSTORCH_HF_SITE, default /tmp/hfref/site: see ../shared/tools/hf-reference-env).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODE_LABELS, type Mode } from './bert-protocol.js';
import { parseArgs, runInterleaved, type Shape } from './interleave.js';

const MODES: Mode[] = ['eval', 'train'];
const SHAPES: Record<string, Shape> = {
  small: { name: 'roberta (small BERT shape)', layers: 4, hidden: 256, heads: 4, intermediate: 1024, batch: 8, seq: 128, vocab: 30522, labels: 5, rounds: 6, steps: 2, modes: MODES },
};

const here = dirname(fileURLToPath(import.meta.url));
const pyEnv = { PYTHONPATH: process.env.TSTORCH_HF_SITE ?? '/tmp/hfref/site', HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' };
await runInterleaved(
  { tsWorker: join(here, 'roberta-worker.ts'), pyWorker: join(here, 'roberta.py'), pyEnv, modeLabels: MODE_LABELS },
  SHAPES,
  parseArgs(process.argv.slice(2), SHAPES, MODES),
);
