// The CUDA test subset, run by scripts/device-check.sh with node's test runner over dist/ (no dev
// dependencies on the GPU machine). DEVICE=cpu runs the same checks on the CPU as a dry run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../../dist/index.js';
import { DataLoader } from '../../dist/utils/data/index.js';
import { AutoModelForSequenceClassification, BertConfig } from '../../dist/transformers/index.js';

const DEVICE = process.env.DEVICE ?? 'cuda';
const onGpu = DEVICE.startsWith('cuda');

test('CUDA is really available when a GPU run is asked for', () => {
  if (!onGpu) return;
  assert.equal(torch.cuda.isAvailable(), true, 'torch.cuda.isAvailable() is false: torch_cuda not linked or no driver');
  assert.ok(torch.cuda.deviceCount() >= 1);
  assert.equal(torch.buildInfo().compiledWithCuda, true);
});

test('tensors move to the device and back with the same values', () => {
  const x = torch.randn(64, 64);
  const y = x.to(DEVICE);
  assert.equal(String(y.device), onGpu ? 'cuda:0' : 'cpu');
  const back = y.matmul(y).cpu();
  assert.ok(back.allclose(x.matmul(x), { rtol: 1e-4, atol: 1e-4 }));
});

test('a device index that does not exist is a clear error', () => {
  assert.throws(() => torch.zeros([1], { device: 'cuda:99' }), /does not exist|CUDA is not available/);
});

test('CUDA memory statistics follow allocation and emptyCache works', () => {
  if (!onGpu) return;
  const before = torch.cuda.memoryAllocated();
  const t = torch.zeros([1024, 1024], { device: 'cuda' });
  assert.ok(torch.cuda.memoryAllocated() >= before + 4 * 2 ** 20);
  t.dispose();
  assert.equal(torch.cuda.memoryAllocated(), before);
  torch.cuda.emptyCache();
  assert.ok(torch.cuda.memoryReserved() >= 0);
});

function tinyModel() {
  torch.manualSeed(0);
  const config = new BertConfig({ vocabSize: 100, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 64, numLabels: 3, hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 });
  return AutoModelForSequenceClassification.fromConfig(config);
}

function batchOf(n, seq) {
  torch.manualSeed(1);
  return { input_ids: torch.randint(1, 100, [n, seq]), attention_mask: torch.ones([n, seq], { dtype: 'int64' }), labels: torch.randint(0, 3, [n]) };
}

test('BERT forward and backward on the device match the CPU', () => {
  const cpuModel = tinyModel();
  const devModel = tinyModel().to(DEVICE);
  const batch = batchOf(4, 16);
  const devBatch = Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, v.to(DEVICE)]));
  const a = cpuModel.forward(batch);
  const b = devModel.forward(devBatch);
  assert.ok(a.logits.allclose(b.logits.cpu(), { rtol: 1e-4, atol: 1e-5 }));
  a.loss.backward();
  b.loss.backward();
  const ga = cpuModel.parameters()[0].grad;
  const gb = devModel.parameters()[0].grad.cpu();
  assert.ok(ga.allclose(gb, { rtol: 1e-3, atol: 1e-5 }));
});

test('the native training loop runs on the device: DataLoader .to(device), AdamW, clipping', () => {
  const model = tinyModel().to(DEVICE);
  model.train();
  const rows = Array.from({ length: 32 }, (_, i) => ({ input_ids: Array.from({ length: 16 }, (_, j) => 1 + ((i * 7 + j) % 99)), labels: i % 3 }));
  const loader = new DataLoader({ length: rows.length, at: (i) => rows[i] }, { batchSize: 8, shuffle: true, seed: 0 });
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: 1e-3 });
  const losses = [];
  for (let epoch = 0; epoch < 5; epoch++) {
    for (const batch of loader) {
      const out = model.forward(batch.to(DEVICE));
      out.loss.backward();
      torch.nn.utils.clipGradNorm(model.parameters(), 1.0);
      optimizer.step();
      optimizer.zeroGrad();
      losses.push(out.loss.item());
    }
  }
  assert.ok(losses.at(-1) < losses[0], `loss did not go down: ${losses[0]} -> ${losses.at(-1)}`);
});

test('bf16 and fp16 autocast with gradient scaling', () => {
  const type = onGpu ? 'cuda' : 'cpu';
  const model = tinyModel().to(DEVICE);
  const batch = Object.fromEntries(Object.entries(batchOf(4, 16)).map(([k, v]) => [k, v.to(DEVICE)]));
  const out = torch.autocast(type, { dtype: 'bfloat16' }, () => model.forward(batch));
  assert.equal(out.logits.dtype, 'bfloat16');
  out.loss.float().backward();
  if (!onGpu) return;
  const scaler = new torch.amp.GradScaler();
  const optimizer = new torch.optim.AdamW(model.parameters());
  const half = torch.autocast('cuda', { dtype: 'float16' }, () => model.forward(batch));
  scaler.scale(half.loss.float()).backward();
  scaler.step(optimizer);
  scaler.update();
  assert.ok(scaler.getScale() > 0);
});
