// The torch.nn layers the TS-written families are built from (Linear, Embedding, LayerNorm, Dropout), with
// PyTorch's parameter names and default init. Kept in this one file so the families switch to torch.nn's own
// layers by changing these definitions only.
import * as F from '../../../nn/functional.js';
import { Module } from '../../../nn/module.js';
import { Parameter } from '../../../nn/parameter.js';
import { empty, ones, zeros } from '../../../creation.js';
import type { Tensor } from '../../../tensor.js';

export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    bias = true,
  ) {
    super();
    // PyTorch's reset_parameters: kaiming_uniform(a=√5) = U(±1/√fan_in) for the weight, the same bound for the bias
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = new Parameter(empty([outFeatures, inFeatures]).uniform_(-bound, bound));
    this.bias = bias ? new Parameter(empty([outFeatures]).uniform_(-bound, bound)) : null;
  }
  forward(x: Tensor): Tensor {
    return F.linear(x, this.weight, this.bias);
  }
}

export class Embedding extends Module {
  weight: Parameter;
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    readonly paddingIdx: number | null = null,
  ) {
    super();
    const w = empty([numEmbeddings, embeddingDim]).normal_(0, 1);
    if (paddingIdx !== null) w.select(0, paddingIdx).zero_();
    this.weight = new Parameter(w);
  }
  forward(ids: Tensor): Tensor {
    return F.embedding(ids, this.weight, this.paddingIdx === null ? {} : { paddingIdx: this.paddingIdx });
  }
}

export class LayerNorm extends Module {
  weight: Parameter;
  bias: Parameter;
  constructor(
    readonly normalizedShape: number,
    readonly eps = 1e-5,
  ) {
    super();
    this.weight = new Parameter(ones([normalizedShape]));
    this.bias = new Parameter(zeros([normalizedShape]));
  }
  forward(x: Tensor): Tensor {
    return F.layerNorm(x, [this.normalizedShape], this.weight, this.bias, this.eps);
  }
}

export class Dropout extends Module {
  constructor(readonly p: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training);
  }
}
