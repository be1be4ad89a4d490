// BERT written again with plain tensor ops from a state dict, as an independent check of the native model:
// transformers' formulas, nothing shared with cpp/models/.
import * as torch from '../../lib/index.js';

const F = torch.nn.functional;

export interface ManualConfig {
  hiddenSize: number;
  numHeads: number;
  numLayers: number;
  act: 'gelu' | 'gelu_new' | 'relu';
  eps?: number;
  /** state-dict prefix of the base model ('bert.' or '') */
  prefix?: string;
}

const ACT: Record<ManualConfig['act'], (x: torch.Tensor) => torch.Tensor> = {
  gelu: (x) => x.gelu(),
  gelu_new: (x) => x.pow(3).mul(0.044715).add(x).mul(Math.sqrt(2 / Math.PI)).tanh().add(1).mul(x).mul(0.5),
  relu: (x) => x.relu(),
};

/** The last hidden state [batch, seq, hidden] for `inputIds` and `mask` (no grad). */
export function manualEncode(sd: Record<string, torch.Tensor>, c: ManualConfig, inputIds: torch.Tensor, mask: torch.Tensor): torch.Tensor {
  const p = c.prefix ?? '';
  const eps = c.eps ?? 1e-12;
  const w = (name: string): torch.Tensor => {
    const t = sd[p + name];
    if (!t) throw new Error(`no ${p + name} in the state dict`);
    return t;
  };
  const ln = (x: torch.Tensor, n: string) => F.layerNorm(x, [c.hiddenSize], w(`${n}.weight`), w(`${n}.bias`), eps);
  const lin = (x: torch.Tensor, n: string) => F.linear(x, w(`${n}.weight`), w(`${n}.bias`));
  const [b, t] = inputIds.shape as [number, number];
  const d = c.hiddenSize / c.numHeads;
  return torch.noGrad(() => {
    let h = F.embedding(inputIds, w('embeddings.word_embeddings.weight'))
      .add(F.embedding(torch.zerosLike(inputIds), w('embeddings.token_type_embeddings.weight')))
      .add(F.embedding(torch.arange(t).unsqueeze(0), w('embeddings.position_embeddings.weight')));
    h = ln(h, 'embeddings.LayerNorm');
    const ext = mask.float().unsqueeze(1).unsqueeze(2).neg().add(1).mul(-3.4028234663852886e38);
    const heads = (x: torch.Tensor) => x.view(b, t, c.numHeads, d).permute(0, 2, 1, 3);
    for (let i = 0; i < c.numLayers; i++) {
      const L = `encoder.layer.${i}`;
      const scores = heads(lin(h, `${L}.attention.self.query`))
        .matmul(heads(lin(h, `${L}.attention.self.key`)).transpose(-1, -2))
        .div(Math.sqrt(d))
        .add(ext);
      const ctx = scores.softmax(-1).matmul(heads(lin(h, `${L}.attention.self.value`))).permute(0, 2, 1, 3).reshape(b, t, c.hiddenSize);
      const a = ln(lin(ctx, `${L}.attention.output.dense`).add(h), `${L}.attention.output.LayerNorm`);
      h = ln(lin(ACT[c.act](lin(a, `${L}.intermediate.dense`)), `${L}.output.dense`).add(a), `${L}.output.LayerNorm`);
    }
    return h;
  });
}

export const manualActivation = ACT;
