// GPU benchmark, tstorch side: one BertForSequenceClassification training step (forward, backward, AdamW)
// at the bert-base-cased shape, batch 32, seq 128, random init; fp32 and bf16 autocast. Prints JSON.
// DEVICE=cpu with SHAPE=small makes a quick dry run. Run by scripts/device-check.sh.
import * as torch from '../dist/index.js';
import { AutoModelForSequenceClassification, BertConfig } from '../dist/transformers/index.js';

const DEVICE = process.env.DEVICE ?? 'cuda';
const small = process.env.SHAPE === 'small' || DEVICE === 'cpu';
const shape = small ? { hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512, batch: 8, seq: 64 } : { hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072, batch: 32, seq: 128 };
const steps = Number(process.env.STEPS ?? (small ? 5 : 30));
const sync = () => DEVICE.startsWith('cuda') && torch.cuda.synchronize();

function run(dtype) {
  torch.manualSeed(0);
  const model = AutoModelForSequenceClassification.fromConfig(new BertConfig({ vocabSize: 28996, numLabels: 5, ...shape })).to(DEVICE);
  model.train();
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 5e-5 });
  const batch = {
    input_ids: torch.randint(0, 28996, [shape.batch, shape.seq], { device: DEVICE }),
    attention_mask: torch.ones([shape.batch, shape.seq], { dtype: 'int64', device: DEVICE }),
    labels: torch.randint(0, 5, [shape.batch], { device: DEVICE }),
  };
  const step = () => {
    const out = dtype === 'bf16' ? torch.autocast(DEVICE.startsWith('cuda') ? 'cuda' : 'cpu', { dtype: 'bfloat16' }, () => model.forward(batch)) : model.forward(batch);
    out.loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
  };
  for (let i = 0; i < 3; i++) step();
  sync();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  sync();
  const seconds = (performance.now() - t0) / 1000;
  return { samplesPerSecond: (steps * shape.batch) / seconds, msPerStep: (seconds * 1000) / steps };
}

const device = DEVICE.startsWith('cuda') ? torch.cuda.getDeviceName(0) : 'cpu';
console.log(JSON.stringify({ side: 'tstorch', device, shape, steps, fp32: run('fp32'), bf16: run('bf16') }));
