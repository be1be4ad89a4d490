// torch.utils.checkpoint: gradients equal those of the plain forward (dropout included, through the saved RNG
// state), errors in the recomputation reach backward()'s caller, and TrainingArguments.gradientCheckpointing
// turns it on for modules that declare the flag.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { Trainer, TrainingArguments } from 'tstorch/transformers';
import { Lin } from './helpers/nn-modules.js';
import { syntheticDataset } from './trainer-helpers.js';

const { nn } = torch;
const F = torch.nn.functional;
const { checkpoint, enableGradientCheckpointing } = torch.utils.checkpoint;
const out = mkdtempSync(join(tmpdir(), 'tstorch-ckpt-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

class Mlp extends nn.Module {
  fc1 = new Lin(6, 16, 0.5);
  fc2 = new Lin(16, 6, 0.5);
  p = 0;
  forward(x: torch.Tensor): torch.Tensor {
    return this.fc2.forward(F.dropout(this.fc1.forward(x).tanh(), this.p, this.training));
  }
}

function grads(m: Mlp, x: torch.Tensor, useCheckpoint: boolean): number[][] {
  m.zeroGrad();
  x.grad = null;
  torch.manualSeed(7);
  const y = useCheckpoint ? checkpoint((t: torch.Tensor) => m.forward(t), x) : m.forward(x);
  y.pow(2).sum().backward();
  return [x, ...m.parameters()].map((t) => Array.from(t.grad!.data() as Float32Array));
}

describe('torch.utils.checkpoint.checkpoint', () => {
  torch.manualSeed(0);
  const m = new Mlp();
  const x = torch.randn([4, 6]).requiresGrad_();

  it('gives the gradients of the plain forward, to the inputs and to the parameters fn uses', () => {
    const plain = grads(m, x, false);
    const ckpt = grads(m, x, true);
    for (let i = 0; i < plain.length; i++) ckpt[i]!.forEach((v, k) => expect(v).toBeCloseTo(plain[i]![k]!, 6));
  });

  it('recomputes dropout with the same mask (the RNG state of the forward is restored)', () => {
    m.p = 0.5;
    const plain = grads(m, x, false);
    const ckpt = grads(m, x, true);
    m.p = 0;
    for (let i = 0; i < plain.length; i++) ckpt[i]!.forEach((v, k) => expect(v).toBeCloseTo(plain[i]![k]!, 6));
  });

  it('keeps no graph of fn: the output has one backward node', () => {
    const y = checkpoint((t: torch.Tensor) => m.forward(t), x);
    expect(y.gradFn).toBe('CheckpointFunctionBackward');
    expect(checkpoint((t: torch.Tensor) => [t.mul(2), t.add(1)], x).map((t) => t.gradFn)).toEqual(['CheckpointFunctionBackward', 'CheckpointFunctionBackward']);
    expect(torch.noGrad(() => checkpoint((t: torch.Tensor) => t.mul(2), x)).gradFn).toBeNull();
  });

  it('errors: a throwing recomputation reaches backward(); fn must return tensors', () => {
    let calls = 0;
    const y = checkpoint((t: torch.Tensor) => {
      if (calls++ > 0) throw new Error('recompute failed on purpose');
      return t.mul(3);
    }, x);
    expect(() => y.sum().backward()).toThrow(/recompute failed on purpose/);
    expect(() => checkpoint(((_t: torch.Tensor) => 3) as never, x)).toThrow(/must return a Tensor or a non-empty array of Tensors/);
    expect(() => checkpoint(3 as never)).toThrow(/fn must be a function/);
  });
});

/** A classifier whose hidden layers checkpoint when `gradientCheckpointing` is set (as transformers' layers do). */
class CheckpointedClassifier extends nn.Module {
  static readonly forwardArgNames = ['input_ids', 'attention_mask', 'labels'];
  gradientCheckpointing = false;
  embed = new nn.Parameter(torch.randn([50, 16]).mul(0.5));
  layers = new nn.ModuleList([new Lin(16, 16, 0.3), new Lin(16, 16, 0.3)]);
  head = new Lin(16, 3, 0.3);
  checkpointed = 0;
  forward(batch: { input_ids: torch.Tensor; attention_mask: torch.Tensor; labels: torch.Tensor }) {
    const mask = batch.attention_mask.unsqueeze(-1).float();
    let h = F.embedding(batch.input_ids, this.embed).mul(mask).sum(1).div(mask.sum(1));
    for (const layer of this.layers) {
      const f = (t: torch.Tensor) => layer.forward(t).tanh();
      if (this.gradientCheckpointing && this.training) {
        this.checkpointed++;
        h = checkpoint(f, h);
      } else h = f(h);
    }
    const logits = this.head.forward(h);
    return { loss: F.crossEntropy(logits, batch.labels), logits };
  }
}

describe('TrainingArguments.gradientCheckpointing', () => {
  it('sets the flag of the modules that declare it; the losses are those of the plain run', async () => {
    const run = async (gradientCheckpointing: boolean) => {
      torch.manualSeed(3);
      const model = new CheckpointedClassifier();
      const args = new TrainingArguments({ outputDir: join(out, String(gradientCheckpointing)), gradientCheckpointing, maxSteps: 4, loggingSteps: 1, perDeviceTrainBatchSize: 4, reportTo: 'none', disableTqdm: true, saveStrategy: 'no' });
      const t = new Trainer({ model, args, trainDataset: syntheticDataset(16) });
      await t.train();
      return { model, losses: t.state.logHistory.flatMap((e) => ('loss' in e ? [e.loss as number] : [])) };
    };
    const plain = await run(false);
    const ckpt = await run(true);
    expect(plain.model.checkpointed).toBe(0);
    expect(ckpt.model.checkpointed).toBe(8);
    expect(ckpt.losses).toHaveLength(4);
    ckpt.losses.forEach((l, i) => expect(l).toBeCloseTo(plain.losses[i]!, 5));
  });
  it('enableGradientCheckpointing names a model without the flag', () => {
    expect(() => enableGradientCheckpointing(new Mlp())).toThrow(/Mlp does not support gradient checkpointing/);
  });
});
