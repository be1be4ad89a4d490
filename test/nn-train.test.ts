// A user-written model (embedding, transformer encoder layer, conv, GELU, layer norm, dropout, linear head) trained
// with AdamW for six steps: the losses of Python torch on the same seed, batches and model
// (scripts/gen-nn-references.py, class Net; torch 1.13, and 2.6 on libtorch 2.6). Dropout draws from the default generator in PyTorch's order.
import { describe, expect, it } from 'vitest';
import * as torch from 'tstorch';
import { expectClose, madeWithRunningTorch, load, nnData, type RefTensor } from './helpers/nn-data.js';

const { nn } = torch;
const F = nn.functional;
const data = nnData<{
  batches: { ids: RefTensor; pad: RefTensor; labels: RefTensor }[];
  losses: number[];
  stateDictKeys: string[];
  final: Record<string, RefTensor>;
}>('train');

class Net extends nn.Module {
  emb = new nn.Embedding(20, 8, { paddingIdx: 0 });
  enc = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.1, batchFirst: true });
  conv = new nn.Conv1d(8, 8, 3, { padding: 1 });
  norm = new nn.LayerNorm(8);
  drop = new nn.Dropout(0.2);
  head = new nn.Linear(8, 3);

  forward(ids: torch.Tensor, pad: torch.Tensor): torch.Tensor {
    let h = this.enc.call(this.emb.call(ids), { srcKeyPaddingMask: pad });
    h = F.gelu(this.conv.call(h.transpose(1, 2))).transpose(1, 2);
    return this.head.call(this.drop.call(this.norm.call(h).mean(1)));
  }
}

describe('a TS-written model trains as in PyTorch', () => {
  // its batch-first TransformerEncoderLayer drops out a transposed tensor (see madeWithRunningTorch)
  it.skipIf(!madeWithRunningTorch(data))('same state-dict keys, same losses over 6 AdamW steps with dropout (to 1e-5)', () => {
    torch.manualSeed(42);
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual(data.stateDictKeys);
    const opt = new torch.optim.AdamW(net.parameters(), { lr: 1e-2, weightDecay: 0.01 });
    const lossFn = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
    const losses = data.batches.map((b) => {
      const loss = lossFn.call(net.call(load(b.ids), load(b.pad)), load(b.labels));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    });
    losses.forEach((l, i) => expect(Math.abs(l - data.losses[i]!), `step ${i}: ${l} vs ${data.losses[i]}`).toBeLessThan(1e-5));
    const sd = net.stateDict();
    for (const [k, ref] of Object.entries(data.final)) expectClose(sd[k]!, ref, 1e-4, `final ${k}`);
  });
});
