// The image/audio pieces on the device against the CPU (scripts/device-check.sh; DEVICE=cpu is the dry run):
// F.interpolate (every mode's kernel, forward and gradient), ViT with interpolated position embeddings, and
// Wav2Vec2 training with SpecAugment (masks drawn on the CPU, applied on the device).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../../dist/index.js';
import { ViTForImageClassification, Wav2Vec2ForSequenceClassification } from '../../dist/transformers/index.js';
import { numpyRandom } from '../../dist/utils/numpy-legacy-random.js';

const DEVICE = process.env.DEVICE ?? 'cuda';
const F = torch.nn.functional;

function close(a, b, what, tol = 1e-4) {
  assert.ok(a.allclose(b.cpu(), { rtol: tol, atol: tol }), `${what}: device and CPU differ`);
}

test('F.interpolate: every mode gives the CPU output and input gradient', () => {
  const cases = [
    [[1, 4, 4, 4], { scaleFactor: [6.1 / 4, 6.1 / 4], mode: 'bicubic', alignCorners: false }],
    [[2, 3, 5, 7], { size: [4, 3], mode: 'bicubic', antialias: true }],
    [[2, 3, 5, 7], { size: [9, 11], mode: 'bilinear', alignCorners: true }],
    [[2, 3, 8, 8], { size: [3, 3], mode: 'bilinear', antialias: true }],
    [[2, 3, 6], { size: 10, mode: 'linear' }],
    [[1, 2, 3, 4, 5], { scaleFactor: 1.5, mode: 'trilinear' }],
    [[2, 3, 5, 5], { scaleFactor: 1.7, mode: 'nearest' }],
    [[2, 3, 5, 5], { size: [3, 8], mode: 'nearest-exact' }],
    [[2, 3, 6, 7], { size: [4, 3], mode: 'area' }],
  ];
  for (const [shape, options] of cases) {
    torch.manualSeed(3);
    const x = torch.randn(shape);
    const a = x.clone().requiresGrad_(true);
    const b = x.to(DEVICE).requiresGrad_(true);
    const ya = F.interpolate(a, options);
    const yb = F.interpolate(b, options);
    close(ya, yb, `${JSON.stringify(options)} output`);
    const w = torch.randn(ya.shape);
    ya.mul(w).sum().backward();
    yb.mul(w.to(DEVICE)).sum().backward();
    close(a.grad, b.grad, `${JSON.stringify(options)} gradient`, 1e-3);
  }
});

test('ViT with interpolatePosEncoding on a 48×40 image matches the CPU, gradients included', () => {
  const config = { imageSize: 32, patchSize: 8, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 37, numLabels: 3 };
  torch.manualSeed(0);
  const cpu = new ViTForImageClassification(config);
  torch.manualSeed(0);
  const dev = new ViTForImageClassification(config).to(DEVICE);
  const pixels = torch.randn(2, 3, 48, 40);
  const a = cpu.forward({ pixelValues: pixels, interpolatePosEncoding: true }).logits;
  const b = dev.forward({ pixelValues: pixels.to(DEVICE), interpolatePosEncoding: true }).logits;
  close(a, b, 'logits');
  a.sum().backward();
  b.sum().backward();
  close(cpu.vit.embeddings.position_embeddings.grad, dev.vit.embeddings.position_embeddings.grad, 'position_embeddings grad', 1e-3);
});

test('Wav2Vec2 training with SpecAugment: the same seeded masks give the CPU loss and masked_spec_embed gradient', () => {
  const config = {
    hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 37, convDim: [16, 16], convKernel: [10, 3], convStride: [5, 2],
    numConvPosEmbeddings: 16, numConvPosEmbeddingGroups: 2, numLabels: 3, hiddenDropout: 0, activationDropout: 0, attentionDropout: 0,
    featProjDropout: 0, layerdrop: 0, maskTimeProb: 0.3, maskTimeLength: 3, maskFeatureProb: 0.25, maskFeatureLength: 4,
  };
  torch.manualSeed(0);
  const cpu = new Wav2Vec2ForSequenceClassification(config);
  torch.manualSeed(0);
  const dev = new Wav2Vec2ForSequenceClassification(config).to(DEVICE);
  cpu.train();
  dev.train();
  const x = torch.randn(3, 2000);
  const mask = torch.ones([3, 2000], { dtype: 'int64' });
  const labels = torch.tensor([0, 1, 2]);
  numpyRandom.seed(7);
  const a = cpu.forward({ inputValues: x, attentionMask: mask, labels }).loss;
  numpyRandom.seed(7);
  const b = dev.forward({ inputValues: x.to(DEVICE), attentionMask: mask.to(DEVICE), labels: labels.to(DEVICE) }).loss;
  close(a, b, 'loss');
  a.backward();
  b.backward();
  close(cpu.wav2vec2.masked_spec_embed.grad, dev.wav2vec2.masked_spec_embed.grad, 'masked_spec_embed grad', 1e-3);
});
