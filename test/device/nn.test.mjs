// torch.nn layers and every TypeScript-written model family on the device, against the same modules on the CPU
// (scripts/device-check.sh runs it with the CUDA subset; DEVICE=cpu is the dry run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../../dist/index.js';
import {
  DebertaV2Config,
  DebertaV2ForSequenceClassification,
  DistilBertConfig,
  DistilBertForSequenceClassification,
  ElectraConfig,
  ElectraForSequenceClassification,
  RobertaConfig,
  RobertaForSequenceClassification,
  XLMRobertaConfig,
  XLMRobertaForSequenceClassification,
} from '../../dist/transformers/index.js';

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

// Tiny configs of every TS-written family, dropout off (the device's RNG differs from the CPU's).
const ENCODER = { vocab_size: 99, hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 37, max_position_embeddings: 40, num_labels: 3, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 };
const FAMILIES = [
  ['RoBERTa', RobertaForSequenceClassification, RobertaConfig, ENCODER],
  ['XLM-RoBERTa', XLMRobertaForSequenceClassification, XLMRobertaConfig, ENCODER],
  ['ELECTRA', ElectraForSequenceClassification, ElectraConfig, { ...ENCODER, embedding_size: 16 }],
  ['DeBERTa-v2', DebertaV2ForSequenceClassification, DebertaV2Config, { ...ENCODER, relative_attention: true, position_buckets: 8, pos_att_type: 'p2c|c2p', share_att_key: true, norm_rel_ebd: 'layer_norm', position_biased_input: false }],
  ['DistilBERT', DistilBertForSequenceClassification, DistilBertConfig, { vocab_size: 99, dim: 32, n_layers: 2, n_heads: 4, hidden_dim: 37, max_position_embeddings: 40, num_labels: 3, dropout: 0, attention_dropout: 0, seq_classif_dropout: 0 }],
];

for (const [name, Model, Config, config] of FAMILIES) {
  test(`a TypeScript-written family (${name}) trains on the device as on the CPU`, () => {
    const [cpu, dev] = twins(() => Model.fromConfig(new Config(config)));
    torch.manualSeed(3);
    // the second row padded over its last third: the attention mask matters
    const mask = torch.tensor([Array(12).fill(1), [...Array(8).fill(1), ...Array(4).fill(0)], Array(12).fill(1), Array(12).fill(1)], { dtype: 'int64' });
    const batch = { input_ids: torch.randint(3, 99, [4, 12]), attention_mask: mask, labels: torch.randint(0, 3, [4]) };
    const devBatch = Object.fromEntries(Object.entries(batch).map(([k, v]) => [k, v.to(DEVICE)]));
    const optimizers = [cpu, dev].map((m) => new torch.optim.AdamW(m.parameters(), { lr: 1e-3 }));
    for (let step = 0; step < 3; step++) {
      const a = cpu.forward(batch);
      const b = dev.forward(devBatch);
      assert.ok(Math.abs(a.loss.item() - b.loss.item()) < 1e-4, `${name} step ${step}: loss ${a.loss.item()} on the CPU, ${b.loss.item()} on ${DEVICE}`);
      close(a.logits, b.logits, `${name} step ${step} logits`);
      a.loss.backward();
      b.loss.backward();
      for (const o of optimizers) {
        o.step();
        o.zeroGrad();
      }
    }
  });
}
