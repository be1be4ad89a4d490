// Every collective of torch.distributed on the default Gloo group; each rank prints one JSON line of results.
import * as torch from 'tstorch';

const dist = torch.distributed;
dist.initProcessGroup({ backend: 'gloo', timeout: 30000 });
const rank = dist.getRank();
const world = dist.getWorldSize();
const values = (t: torch.Tensor) => Array.from(t.data() as Float32Array);
const r: Record<string, unknown> = { rank, world, localRank: process.env.LOCAL_RANK, localWorldSize: process.env.LOCAL_WORLD_SIZE, tag: process.argv[2] };

const mine = () => torch.tensor([rank + 1, 10 * (rank + 1)], { dtype: 'float32' });
for (const op of ['sum', 'max', 'min', 'product'] as const) {
  const t = mine();
  dist.allReduce(t, { op });
  r[op] = values(t);
}
const b = torch.tensor([rank * 7 + 1], { dtype: 'float32' });
dist.broadcast(b, { src: world - 1 });
r.broadcast = values(b);
const gathered = Array.from({ length: world }, () => torch.zeros([2]));
dist.allGather(gathered, mine());
r.allGather = gathered.map(values);
const a = mine();
const work = dist.allReduce(a, { asyncOp: true });
work.wait();
r.async = { values: values(a), completed: work.isCompleted() };
r.allGatherObject = dist.allGatherObject([], { rank, text: `rank ${rank} says héllo` });
r.broadcastObjectList = dist.broadcastObjectList(rank === 0 ? [{ a: [1, 2] }, 'x', null] : [null, null, null]);
try {
  const out = torch.zeros([1]);
  dist.reduceScatter(out, Array.from({ length: world }, (_, i) => torch.tensor([i + rank], { dtype: 'float32' })));
  r.reduceScatter = { values: values(out) };
} catch (e) {
  r.reduceScatter = { error: (e as Error).message };
}
dist.barrier();
console.log(JSON.stringify(r));
dist.destroyProcessGroup();
