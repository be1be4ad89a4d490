// A transformer block stack written with tstorch.nn (TransformerEncoder of TransformerEncoderLayer, a linear head,
// cross-entropy, AdamW), one train step, next to the same torch.nn model in Python (bench/nn_block.py), at
// bench/bert.ts small's shapes, 1 thread on both sides, in interleaved rounds.
// Run: npx tsx --conditions=source bench/nn-block.ts [rounds=3] [small|tiny]   (tiny: hidden 16, seq 8, to show
// the per-op cost around the kernels)
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from 'tstorch';

const { nn } = torch;
torch.setNumThreads(1);

const SHAPES = {
  small: { layers: 4, hidden: 256, heads: 4, intermediate: 1024, batch: 8, seq: 128, labels: 5, warmup: 1, iters: 5 },
  tiny: { layers: 4, hidden: 16, heads: 4, intermediate: 64, batch: 2, seq: 8, labels: 5, warmup: 20, iters: 200 },
};
const shape = process.argv[3] ?? 'small';
if (shape !== 'small' && shape !== 'tiny') throw new Error(`unknown shape '${shape}'; choose small or tiny`);
const c = SHAPES[shape];

class Net extends nn.Module {
  encoder = new nn.TransformerEncoder(
    new nn.TransformerEncoderLayer(c.hidden, c.heads, { dimFeedforward: c.intermediate, dropout: 0.1, activation: 'gelu', batchFirst: true }),
    c.layers,
  );
  head = new nn.Linear(c.hidden, c.labels);
  forward(x: torch.Tensor, pad: torch.Tensor): torch.Tensor {
    return this.head.call(this.encoder.call(x, { srcKeyPaddingMask: pad }).mean(1));
  }
}

torch.manualSeed(0);
const net = new Net().train();
const opt = new torch.optim.AdamW(net.parameters(), { lr: 1e-4 });
const lossFn = new nn.CrossEntropyLoss();
const x = torch.randn([c.batch, c.seq, c.hidden]);
const pad = torch.zeros([c.batch, c.seq], { dtype: 'bool' });
torch.noGrad(() => pad.slice(0, 0, c.batch / 2).slice(1, (c.seq * 3) / 4).fill_(true));
const y = torch.randint(0, c.labels, [c.batch]);

// as a user writes it: intermediates are left to the GC; `tidy` frees them at the end of each step
const step = (): void => {
  lossFn.call(net.call(x, pad), y).backward();
  opt.step();
  opt.zeroGrad();
};
const variants: Record<string, () => void> = { plain: step, tidy: () => torch.tidy(step) };

function median(fn: () => void): number {
  for (let i = 0; i < c.warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < c.iters; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const rounds = Number(process.argv[2] ?? 3);
const python = process.env.TSTORCH_PYTHON ?? '/usr/bin/python3';
const script = join(dirname(fileURLToPath(import.meta.url)), 'nn_block.py');
console.log(`libtorch ${torch.buildInfo().torchVersion}, 1 thread; ${c.layers} layers, hidden ${c.hidden}, ${c.heads} heads, ffn ${c.intermediate}, batch ${c.batch} x seq ${c.seq}; median ms of ${c.iters} train steps per round`);
console.log('| round | tstorch.nn (ms) | tstorch.nn + tidy (ms) | PyTorch (ms) | ratio | ratio with tidy |');
console.log('|---|---|---|---|---|---|');
for (let r = 1; r <= rounds; r++) {
  const ts = median(variants.plain!);
  const tsTidy = median(variants.tidy!);
  const py = (JSON.parse(execFileSync(python, [script, JSON.stringify(c)], { encoding: 'utf8' })) as { train_ms: number }).train_ms;
  console.log(`| ${r} | ${ts.toFixed(1)} | ${tsTidy.toFixed(1)} | ${py.toFixed(1)} | ${(ts / py).toFixed(3)} | ${(tsTidy / py).toFixed(3)} |`);
}
