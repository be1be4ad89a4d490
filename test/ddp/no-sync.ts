// Gradient accumulation with DDP.noSync on 2 ranks: the backward inside noSync stays local, the next one
// all-reduces the accumulated sum. A second, unwrapped copy of the model computes each rank's local sum for
// comparison. Prints one JSON line per rank.
// usage: no-sync.ts <hf-tiny-bert dir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from 'tstorch';
import { AutoModelForSequenceClassification } from 'tstorch/transformers';

const dir = process.argv[2]!;
const dist = torch.distributed;
torch.setNumThreads(1);
dist.initProcessGroup({ backend: 'gloo', timeout: 60000 });
const rank = dist.getRank();
const rows = readFileSync(join(dir, 'data', 'train.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input_ids: number[]; label: number });
const batch = (indices: number[]) => {
  const len = Math.max(...indices.map((i) => rows[i]!.input_ids.length));
  const pad = (ids: number[], v: (x: number) => number) => [...ids.map(v), ...new Array(len - ids.length).fill(0)];
  return {
    input_ids: torch.tensor(indices.map((i) => pad(rows[i]!.input_ids, (x) => x)), { dtype: 'int64' }),
    attention_mask: torch.tensor(indices.map((i) => pad(rows[i]!.input_ids, () => 1)), { dtype: 'int64' }),
    labels: torch.tensor(indices.map((i) => rows[i]!.label), { dtype: 'int64' }),
  };
};
const [a, b] = rank === 0 ? [batch([0, 1, 2]), batch([3, 4, 5])] : [batch([6, 7, 8]), batch([9, 10, 11])];

const model = await AutoModelForSequenceClassification.fromPretrained(join(dir, 'model'));
const local = await AutoModelForSequenceClassification.fromPretrained(join(dir, 'model'));
const ddp = new torch.nn.parallel.DistributedDataParallel(model, { bucketCapMb: 0.01 });
const grad = (m: typeof model) => m.namedParameters().find(([n]) => n === 'classifier.weight')![1].grad!;

ddp.noSync(() => ddp.forward(a).loss!.backward());
const afterNoSync = Array.from(grad(model).data() as Float32Array);
ddp.forward(b).loss!.backward();
const synced = Array.from(grad(model).data() as Float32Array);

local.forward(a).loss!.backward();
local.forward(b).loss!.backward();
const expected = grad(local).clone();
dist.allReduce(expected);
const localA = dist.allGatherObject([], afterNoSync);
console.log(JSON.stringify({ rank, afterNoSync, synced, expected: Array.from(expected.div(2).data() as Float32Array), gathered: localA }));
ddp.dispose();
dist.destroyProcessGroup();
