// A plain training loop (no tidy, no dispose) over a model written in TypeScript from nn.Module, nn.Parameter and
// tensor ops, for many steps. Prints RSS after warm-up and at the end as JSON; test/nn-module-memory.test.ts
// bounds the growth.
import * as torch from 'tstorch';
import { Lin } from '../helpers/nn-modules.js';

const { nn } = torch;
const F = torch.nn.functional;

class Block extends nn.Module {
  fc1 = new Lin(32, 64, 0.1);
  fc2 = new Lin(64, 32, 0.1);
  normWeight = new nn.Parameter(torch.ones([32]));
  normBias = new nn.Parameter(torch.zeros([32]));
  forward(x: torch.Tensor): torch.Tensor {
    const h = this.fc2.forward(F.dropout(F.gelu(this.fc1.forward(x)), 0.1, this.training));
    return F.layerNorm(x.add(h), [32], this.normWeight, this.normBias);
  }
}
class Net extends nn.Module {
  embed = new nn.Parameter(torch.randn([300, 32]).mul(0.1));
  blocks = new nn.ModuleList([new Block(), new Block()]);
  head = new nn.Sequential(new Lin(32, 5, 0.1));
  forward(ids: torch.Tensor): torch.Tensor {
    let h = F.embedding(ids, this.embed).mean(1);
    for (const b of this.blocks) h = b.call(h);
    return this.head.forward(h);
  }
}

const steps = Number(process.argv[2] ?? 3000);
torch.manualSeed(0);
const model = new Net();
const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-3 });
const ids = torch.randint(0, 300, [16, 24]);
const labels = torch.randint(0, 5, [16]);
model.train();
let warm = 0;
let peak = 0;
for (let step = 1; step <= steps; step++) {
  const loss = F.crossEntropy(model.forward(ids), labels);
  loss.backward();
  optimizer.step();
  model.zeroGrad();
  if (step % 100 === 0) model.stateDict(); // state dicts made and dropped, as checkpointing code does
  const rss = process.memoryUsage().rss;
  if (step === 300) warm = rss;
  if (process.env.TRACE && step % 500 === 0) console.error(step, (rss / 2 ** 20).toFixed(1), JSON.stringify(torch.memory()));
  if (step > 300) peak = Math.max(peak, rss);
}
console.log(JSON.stringify({ steps, warmMB: warm / 2 ** 20, peakMB: peak / 2 ** 20, live: torch.memory() }));
