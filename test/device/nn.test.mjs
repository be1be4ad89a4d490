// torch.nn layers and a TypeScript-written model family on the device, against the same modules on the CPU
// (scripts/device-check.sh runs it with the CUDA subset; DEVICE=cpu is the dry run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../../dist/index.js';
import { RobertaConfig, RobertaForSequenceClassification } from '../../dist/transformers/index.js';

const DEVICE = process.env.DEVICE ?? 'cuda';
const { nn } = torch;

/** Runs `build()` twice from one seed: one copy stays on the CPU, the other moves to the device. */
function twins(build) {
  torch.manualSeed(0);
  const cpu = build();
  torch.manualSeed(0);
  return [cpu, build().to(DEVICE)];
}

function close(a, b, what, tol = 1e-4) {
  assert.ok(a.allclose(b.cpu(), { rtol: tol, atol: tol }), `${what}: device and CPU differ`);
}

/** Forward on both, backward of the sum, then outputs and every parameter's gradient compared. */
function checkLayer(name, build, input, forward = (m, x) => m.forward(x)) {
  const [cpu, dev] = twins(build);
  const a = forward(cpu, input);
  const b = forward(dev, input.to(DEVICE));
  close(a, b, `${name} output`);
  a.sum().backward();
  b.sum().backward();
  const devGrads = new Map(dev.namedParameters());
  for (const [key, p] of cpu.namedParameters()) close(p.grad, devGrads.get(key).grad, `${name} grad ${key}`, 1e-3);
}

test('convolution, pooling and batch norm layers match the CPU', () => {
  torch.manualSeed(1);
  const images = torch.randn(4, 3, 16, 16);
  checkLayer('Conv2d + BatchNorm2d + MaxPool2d', () => new nn.Sequential(new nn.Conv2d(3, 8, 3, { padding: 1 }), new nn.BatchNorm2d(8), new nn.ReLU(), new nn.MaxPool2d(2), new nn.AdaptiveAvgPool2d(1), new nn.Flatten()), images);
  checkLayer('Conv1d + GroupNorm + GELU', () => new nn.Sequential(new nn.Conv1d(3, 8, 5, { stride: 2 }), new nn.GroupNorm(2, 8), new nn.GELU()), torch.randn(2, 3, 40));
});

test('MultiheadAttention with a key padding mask and a TransformerEncoderLayer match the CPU', () => {
  torch.manualSeed(2);
  const x = torch.randn(2, 6, 16);
  const keyPaddingMask = torch.tensor([[false, false, false, false, true, true], [false, false, false, false, false, false]]);
  checkLayer('MultiheadAttention', () => new nn.MultiheadAttention(16, 4, { batchFirst: true }), x, (m, input) => {
    const mask = input.device.type === 'cpu' ? keyPaddingMask : keyPaddingMask.to(DEVICE);
    return m.forward(input, input, input, { keyPaddingMask: mask })[0];
  });
  checkLayer('TransformerEncoderLayer', () => new nn.TransformerEncoderLayer(16, 4, { dimFeedforward: 32, dropout: 0, batchFirst: true }).eval(), x);
});

test('a TypeScript-written family (RoBERTa) trains on the device as on the CPU', () => {
  const config = { vocabSize: 99, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 37, maxPositionEmbeddings: 40, numLabels: 3, hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 };
  const [cpu, dev] = twins(() => RobertaForSequenceClassification.fromConfig(new RobertaConfig(config)));
  torch.manualSeed(3);
  const batch = { input_ids: torch.randint(3, 99, [4, 12]), attention_mask: torch.ones([4, 12], { dtype: 'int64' }), labels: torch.randint(0, 3, [4]) };
  const devBatch = Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, v.to(DEVICE)]));
  const optimizers = [cpu, dev].map((m) => new torch.optim.AdamW(m.parameters(), { lr: 1e-3 }));
  for (let step = 0; step < 3; step++) {
    const a = cpu.forward(batch);
    const b = dev.forward(devBatch);
    assert.ok(Math.abs(a.loss.item() - b.loss.item()) < 1e-4, `step ${step}: loss ${a.loss.item()} on the CPU, ${b.loss.item()} on ${DEVICE}`);
    a.loss.backward();
    b.loss.backward();
    for (const o of optimizers) {
      o.step();
      o.zeroGrad();
    }
  }
});
