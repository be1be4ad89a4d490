// The post-LayerNorm transformer encoder that RoBERTa, XLM-RoBERTa and ELECTRA share with BERT (transformers
// copies BertEncoder into each): module and parameter names as there (`layer.N.attention.self.query`...), and
// the same order of operations and dropout calls, so outputs and dropout masks match Python's.
import { Module } from '../../../nn/module.js';
import { ModuleList } from '../../../nn/containers.js';
import type { Tensor } from '../../../tensor.js';
import type { EncoderConfig } from '../../encoder-config.js';
import { activation } from './activations.js';
import { Dropout, LayerNorm, Linear } from '../../../nn/layers/index.js';

/** [batch, seq] 0/1 mask → the additive [batch, 1, 1, seq] mask: 0 where attended, float32's minimum elsewhere. */
export function extendedAttentionMask(mask: Tensor, dtype: Tensor['dtype']): Tensor {
  const min = dtype === 'float64' ? -1.7976931348623157e308 : dtype === 'float16' ? -65504 : dtype === 'bfloat16' ? -3.3895313892515355e38 : -3.4028234663852886e38;
  return mask.unsqueeze(1).unsqueeze(2).to(dtype).mul(-1).add(1).mul(min);
}

/** [batch, seq, heads·d] → [batch, heads, seq, d]. */
export function splitHeads(x: Tensor, heads: number): Tensor {
  const [b, t, h] = x.shape as [number, number, number];
  return x.view([b, t, heads, h / heads]).permute(0, 2, 1, 3);
}

/** [batch, heads, seq, d] → [batch, seq, heads·d]. */
export function mergeHeads(x: Tensor): Tensor {
  const [b, heads, t, d] = x.shape as [number, number, number, number];
  return x.permute(0, 2, 1, 3).contiguous().view([b, t, heads * d]);
}

export interface LayerOutput {
  hidden: Tensor;
  probs: Tensor;
}

class SelfAttention extends Module {
  readonly heads: number;
  query: Linear;
  key: Linear;
  value: Linear;
  dropout: Dropout;
  constructor(config: EncoderConfig) {
    super();
    if (config.positionEmbeddingType !== 'absolute') {
      throw new TypeError(`position_embedding_type "${config.positionEmbeddingType}" is not supported by tstorch's TS encoders (only "absolute")`);
    }
    this.heads = config.numAttentionHeads;
    this.query = new Linear(config.hiddenSize, config.hiddenSize);
    this.key = new Linear(config.hiddenSize, config.hiddenSize);
    this.value = new Linear(config.hiddenSize, config.hiddenSize);
    this.dropout = new Dropout(config.attentionProbsDropoutProb);
  }
  forward(x: Tensor, mask: Tensor | null): LayerOutput {
    const q = splitHeads(this.query.forward(x), this.heads);
    const k = splitHeads(this.key.forward(x), this.heads);
    const v = splitHeads(this.value.forward(x), this.heads);
    let scores = q.matmul(k.transpose(-1, -2)).div(Math.sqrt(q.shape[3]!));
    if (mask !== null) scores = scores.add(mask);
    const probs = scores.softmax(-1);
    return { hidden: mergeHeads(this.dropout.forward(probs).matmul(v)), probs };
  }
}

/** dense → dropout → LayerNorm(· + residual): BertSelfOutput and BertOutput. */
class ResidualOutput extends Module {
  dense: Linear;
  LayerNorm: LayerNorm;
  dropout: Dropout;
  constructor(config: EncoderConfig, inFeatures: number) {
    super();
    this.dense = new Linear(inFeatures, config.hiddenSize);
    this.LayerNorm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.dropout = new Dropout(config.hiddenDropoutProb);
  }
  forward(x: Tensor, residual: Tensor): Tensor {
    return this.LayerNorm.forward(this.dropout.forward(this.dense.forward(x)).add(residual));
  }
}

class Attention extends Module {
  self: SelfAttention;
  output: ResidualOutput;
  constructor(config: EncoderConfig) {
    super();
    this.self = new SelfAttention(config);
    this.output = new ResidualOutput(config, config.hiddenSize);
  }
  forward(x: Tensor, mask: Tensor | null): LayerOutput {
    const { hidden, probs } = this.self.forward(x, mask);
    return { hidden: this.output.forward(hidden, x), probs };
  }
}

class Intermediate extends Module {
  dense: Linear;
  readonly act: (x: Tensor) => Tensor;
  constructor(config: EncoderConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.intermediateSize);
    this.act = activation(config.hiddenAct, 'hidden_act');
  }
  forward(x: Tensor): Tensor {
    return this.act(this.dense.forward(x));
  }
}

class Layer extends Module {
  attention: Attention;
  intermediate: Intermediate;
  output: ResidualOutput;
  constructor(config: EncoderConfig) {
    super();
    this.attention = new Attention(config);
    this.intermediate = new Intermediate(config);
    this.output = new ResidualOutput(config, config.intermediateSize);
  }
  forward(x: Tensor, mask: Tensor | null): LayerOutput {
    const { hidden, probs } = this.attention.forward(x, mask);
    return { hidden: this.output.forward(this.intermediate.forward(hidden), hidden), probs };
  }
}

export interface EncoderOutput {
  lastHiddenState: Tensor;
  /** The input, then each layer's output (when asked). */
  hiddenStates?: Tensor[];
  attentions?: Tensor[];
}

export class BertStyleEncoder extends Module {
  layer: ModuleList<Layer>;
  constructor(config: EncoderConfig) {
    super();
    this.layer = new ModuleList(Array.from({ length: config.numHiddenLayers }, () => new Layer(config)));
  }
  forward(x: Tensor, mask: Tensor | null, flags: { hiddenStates: boolean; attentions: boolean }): EncoderOutput {
    const hiddenStates = flags.hiddenStates ? [x] : undefined;
    const attentions = flags.attentions ? ([] as Tensor[]) : undefined;
    let h = x;
    for (const layer of this.layer) {
      const out = layer.forward(h, mask);
      h = out.hidden;
      hiddenStates?.push(h);
      attentions?.push(out.probs);
    }
    return { lastHiddenState: h, hiddenStates, attentions };
  }
}
