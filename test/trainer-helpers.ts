// A tiny classifier built from tensors (Module-shaped: forward, namedParameters, train/eval, loadStateDict) and a
// synthetic data set, for Trainer tests that must not depend on the BERT models.
import * as torch from 'tstorch';
import { Dataset } from 'tstorch/datasets';

const F = torch.nn.functional;

export interface TinyOptions {
  vocab?: number;
  dim?: number;
  numLabels?: number;
  dropout?: number;
  seed?: number;
}

export class TinyClassifier {
  static readonly forwardArgNames = ['input_ids', 'attention_mask', 'labels'];
  readonly params: Array<[string, torch.Tensor]>;
  training = false;
  readonly dropout: number;
  forwardCalls = 0;

  constructor(options: TinyOptions = {}) {
    const { vocab = 50, dim = 16, numLabels = 3, dropout = 0, seed = 0 } = options;
    torch.manualSeed(seed);
    this.dropout = dropout;
    this.params = [
      ['embeddings.word_embeddings.weight', torch.randn([vocab, dim]).mul(0.5).requiresGrad_()],
      ['dense.weight', torch.randn([dim, dim]).mul(0.3).requiresGrad_()],
      ['dense.bias', torch.zeros([dim]).requiresGrad_()],
      ['LayerNorm.weight', torch.ones([dim]).requiresGrad_()],
      ['LayerNorm.bias', torch.zeros([dim]).requiresGrad_()],
      ['classifier.weight', torch.randn([numLabels, dim]).mul(0.3).requiresGrad_()],
      ['classifier.bias', torch.zeros([numLabels]).requiresGrad_()],
    ];
  }

  private p(name: string): torch.Tensor {
    return this.params.find(([n]) => n === name)![1];
  }

  namedParameters(): Array<[string, torch.Tensor]> {
    return this.params.map(([n, p]) => [n, p]);
  }
  parameters(): torch.Tensor[] {
    return this.params.map(([, p]) => p);
  }
  train(mode = true): this {
    this.training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  forward(inputs: Record<string, unknown>): { loss?: torch.Tensor; logits: torch.Tensor } {
    for (const k of Object.keys(inputs)) if (!TinyClassifier.forwardArgNames.includes(k)) throw new TypeError(`TinyClassifier.forward() got an unexpected keyword argument '${k}'`);
    this.forwardCalls += 1;
    const ids = inputs.input_ids as torch.Tensor;
    const mask = (inputs.attention_mask as torch.Tensor).float().unsqueeze(-1);
    const emb = F.embedding(ids, this.p('embeddings.word_embeddings.weight'));
    const pooled = emb.mul(mask).sum(1).div(mask.sum(1));
    let h = F.linear(pooled, this.p('dense.weight'), this.p('dense.bias')).tanh();
    // float() keeps LayerNorm in float32 under autocast (the native layerNorm rejects bfloat16 input with float32 weights)
    h = F.layerNorm(h.float(), [h.shape[1]!], this.p('LayerNorm.weight'), this.p('LayerNorm.bias'), 1e-12);
    if (this.dropout > 0) h = F.dropout(h, this.dropout, this.training);
    const logits = F.linear(h, this.p('classifier.weight'), this.p('classifier.bias'));
    const labels = inputs.labels as torch.Tensor | undefined;
    return labels === undefined ? { logits } : { loss: F.crossEntropy(logits, labels), logits };
  }

  loadStateDict(sd: Record<string, torch.Tensor>): void {
    torch.noGrad(() => {
      for (const [name, p] of this.params) p.copy_(sd[name]!);
    });
  }

  /** Flat copy of every parameter value, for comparisons. */
  snapshot(): number[] {
    return this.params.flatMap(([, p]) => Array.from(p.detach().data() as Float32Array));
  }
}

/** n rows: token ids (0 = pad) whose content decides the label, plus a text column the model does not take. */
export function syntheticDataset(n: number, options: { seqLen?: number; vocab?: number; numLabels?: number; seed?: number } = {}): Dataset {
  const { seqLen = 8, vocab = 50, numLabels = 3, seed = 1 } = options;
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const input_ids: number[][] = [];
  const attention_mask: number[][] = [];
  const label: number[] = [];
  const text: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 3 + Math.floor(rand() * (seqLen - 3));
    const y = i % numLabels;
    const ids = Array.from({ length: seqLen }, (_, t) => (t < len ? 1 + ((Math.floor(rand() * (vocab - 1)) + y * 7) % (vocab - 1)) : 0));
    input_ids.push(ids);
    attention_mask.push(ids.map((id) => (id === 0 ? 0 : 1)));
    label.push(y);
    text.push(`example ${i}`);
  }
  return Dataset.fromDict({ text, input_ids, attention_mask, label });
}
