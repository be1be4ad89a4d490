// The DDP run of make_reference.py in tstorch: 2 ranks (under `tstorch run`) train hf-tiny-bert with
// DistributedSampler, AdamW (decay groups), the linear schedule and clipping; each rank writes its steps and
// final weights as JSON. With `--combined` one process trains on both ranks' batches put together instead.
// usage: train-tiny-bert.ts <hf-tiny-bert dir> <out.json, '{rank}' replaced by the rank> [--combined]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from 'tstorch';
import { AutoModelForSequenceClassification, getScheduler } from 'tstorch/transformers';
import { DistributedSampler } from 'tstorch/utils/data';

const [fixtureDir, outPath, mode] = process.argv.slice(2) as [string, string, string | undefined];
const reference = JSON.parse(readFileSync(new URL('./reference.json', import.meta.url), 'utf8'));
const s = reference.settings;
const rows = readFileSync(join(fixtureDir, 'data', 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input_ids: number[]; label: number });
torch.setNumThreads(1);

function batchOf(indices: number[]) {
  const pad = (ids: number[], v: (x: number) => number) => [...ids.map(v), ...new Array(s.seqLen - ids.length).fill(0)];
  return {
    input_ids: torch.tensor(indices.map((i) => pad(rows[i]!.input_ids, (x) => x)), { dtype: 'int64' }),
    attention_mask: torch.tensor(indices.map((i) => pad(rows[i]!.input_ids, () => 1)), { dtype: 'int64' }),
    token_type_ids: torch.zeros([indices.length, s.seqLen], { dtype: 'int64' }),
    labels: torch.tensor(indices.map((i) => rows[i]!.label), { dtype: 'int64' }),
  };
}

const combined = mode === '--combined';
if (!combined) torch.distributed.initProcessGroup({ backend: 'gloo' });
const model = await AutoModelForSequenceClassification.fromPretrained(join(fixtureDir, 'model'));
model.train();
const ddp = combined ? null : new torch.nn.parallel.DistributedDataParallel(model);
const named = model.namedParameters();
const noDecay = (n: string) => n.endsWith('bias') || n.includes('LayerNorm');
const optimizer = new torch.optim.AdamW(
  [
    { params: named.filter(([n]) => !noDecay(n)).map(([, p]) => p), weightDecay: s.weightDecay },
    { params: named.filter(([n]) => noDecay(n)).map(([, p]) => p), weightDecay: 0 },
  ],
  { lr: s.lr },
);
// every rank's sampler (the combined run reads both ranks' shards, rank by rank, per step)
const samplers = combined
  ? Array.from({ length: s.worldSize }, (_, rank) => new DistributedSampler(rows.length, { numReplicas: s.worldSize, rank, seed: s.samplerSeed }))
  : [new DistributedSampler(rows.length, { seed: s.samplerSeed })];
const stepsPerEpoch = Math.ceil(samplers[0]!.length / s.batchPerRank);
const scheduler = getScheduler('linear', { optimizer, numWarmupSteps: s.warmupSteps, numTrainingSteps: s.epochs * stepsPerEpoch });
const steps = [];
for (let epoch = 0; epoch < s.epochs; epoch++) {
  const orders = samplers.map((sampler) => {
    sampler.setEpoch(epoch);
    return [...sampler];
  });
  for (let at = 0; at < orders[0]!.length; at += s.batchPerRank) {
    const indices = orders.flatMap((o) => o.slice(at, at + s.batchPerRank));
    const lr = scheduler.getLastLr()[0];
    const out = torch.tidy(() => {
      const output = (ddp ?? model).forward(batchOf(indices));
      output.loss!.backward();
      const norm = torch.nn.utils.clipGradNorm(model.parameters(), s.maxGradNorm).item();
      return { loss: output.loss!.item(), norm };
    });
    steps.push({ epoch, indices, lr, loss: out.loss, grad_norm: out.norm });
    optimizer.step();
    scheduler.step();
    optimizer.zeroGrad();
  }
}
const final: Record<string, { norm: number; sum: number; head: number[]; data?: number[] }> = {};
for (const [n, p] of named) {
  const flat = Array.from(p.detach().flatten().data() as Float32Array);
  final[n] = { norm: Math.sqrt(flat.reduce((a, v) => a + v * v, 0)), sum: flat.reduce((a, v) => a + v, 0), head: flat.slice(0, 8) };
}
final['classifier.weight']!.data = Array.from(model.namedParameters().find(([n]) => n === 'classifier.weight')![1].detach().flatten().data() as Float32Array);
const rank = combined ? null : torch.distributed.getRank();
writeFileSync(outPath.replace('{rank}', String(rank)), JSON.stringify({ rank, steps, final }));
if (!combined) torch.distributed.destroyProcessGroup();
