// Data-parallel overhead on the small BERT shape of bench/bert.ts (4 layers, hidden 256, batch 8 per rank,
// seq 128): the median training step (forward, backward with DDP's bucketed all-reduce, AdamW step) and the
// median time of all-reducing the whole gradient once (the communication a step needs), per rank.
// Run: npx tsx --conditions=source bench/ddp.ts                         (1 process, no DDP)
//      npx tsx --conditions=source lib/cli/index.ts run --nproc-per-node 2 bench/ddp.ts   (2 ranks)
import * as torch from 'tstorch';
import { BertConfig, BertForSequenceClassification } from 'tstorch/transformers';

const WARMUP = 2;
const ITERS = 10;
const distributed = process.env.WORLD_SIZE !== undefined;
torch.setNumThreads(1);
if (distributed) torch.distributed.initProcessGroup({ backend: 'gloo' });
const rank = distributed ? torch.distributed.getRank() : 0;

function medianMs(fn: () => void): number {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < ITERS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return (times[ITERS / 2 - 1]! + times[ITERS / 2]!) / 2;
}

torch.manualSeed(rank);
const config = new BertConfig({ vocabSize: 30522, hiddenSize: 256, numHiddenLayers: 4, numAttentionHeads: 4, intermediateSize: 1024, numLabels: 5 });
const model = new BertForSequenceClassification(config);
model.train();
const ddp = distributed ? new torch.nn.parallel.DistributedDataParallel(model) : null;
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-5 });
const inputs = {
  input_ids: torch.randint(1, 30522, [8, 128]),
  attention_mask: torch.ones([8, 128], { dtype: 'int64' }),
  token_type_ids: torch.zeros([8, 128], { dtype: 'int64' }),
  labels: torch.randint(0, 5, [8]),
};
const stepMs = medianMs(() =>
  torch.tidy(() => {
    (ddp ?? model).forward(inputs).loss!.backward();
    optimizer.step();
    optimizer.zeroGrad();
  }),
);
const numel = model.parameters().reduce((n, p) => n + p.numel(), 0);
const flat = torch.zeros([numel]);
const allReduceMs = distributed ? medianMs(() => torch.distributed.allReduce(flat)) : 0;
const line = { ranks: distributed ? torch.distributed.getWorldSize() : 1, rank, step_ms: +stepMs.toFixed(1), allreduce_ms: +allReduceMs.toFixed(1), params: numel };
console.log(JSON.stringify(line));
if (distributed) torch.distributed.destroyProcessGroup();
