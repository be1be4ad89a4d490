// nn.MultiheadAttention, computed as PyTorch's multi_head_attention_forward does: packed (or separate) input
// projections, heads folded into the batch, masks merged into one additive float mask, softmax, dropout, output
// projection. Parameter names are PyTorch's (in_proj_weight, ...) so state dicts load both ways.
import { empty, zeros } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { constant_, xavierUniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from './linear.js';
import { checkOptions, checkProbability, checkSize } from './options.js';
import { type FactoryOptions, factory, FACTORY_KEYS } from './shared.js';

export interface MultiheadAttentionOptions extends FactoryOptions {
  dropout?: number;
  bias?: boolean;
  batchFirst?: boolean;
  kdim?: number;
  vdim?: number;
}
export interface MultiheadAttentionForwardOptions {
  /** (N, S) or (S): true (or -inf) marks keys to ignore */
  keyPaddingMask?: Tensor | null;
  /** (L, S) or (N·numHeads, L, S): bool true = not allowed, or float added to the scores */
  attnMask?: Tensor | null;
  needWeights?: boolean;
  averageAttnWeights?: boolean;
}

export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  in_proj_weight: Parameter | null = null;
  q_proj_weight: Parameter | null = null;
  k_proj_weight: Parameter | null = null;
  v_proj_weight: Parameter | null = null;
  in_proj_bias: Parameter | null = null;
  out_proj: Linear;

  /** `new nn.MultiheadAttention(embedDim, numHeads, { dropout, bias, batchFirst, kdim, vdim })` */
  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    const where = 'nn.MultiheadAttention';
    const o = checkOptions(where, options, ['dropout', 'bias', 'batchFirst', 'kdim', 'vdim', ...FACTORY_KEYS]);
    this.embedDim = checkSize(where, 'embedDim', embedDim);
    this.numHeads = checkSize(where, 'numHeads', numHeads);
    if (embedDim % numHeads !== 0) throw new RangeError(`${where}: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    this.headDim = embedDim / numHeads;
    this.kdim = checkSize(where, 'kdim', o.kdim ?? embedDim);
    this.vdim = checkSize(where, 'vdim', o.vdim ?? embedDim);
    this.dropout = checkProbability(where, 'dropout', o.dropout ?? 0);
    this.batchFirst = o.batchFirst ?? false;
    const f = factory(o);
    if (this.kdim === embedDim && this.vdim === embedDim) this.in_proj_weight = new Parameter(empty([3 * embedDim, embedDim], f));
    else {
      this.q_proj_weight = new Parameter(empty([embedDim, embedDim], f));
      this.k_proj_weight = new Parameter(empty([embedDim, this.kdim], f));
      this.v_proj_weight = new Parameter(empty([embedDim, this.vdim], f));
    }
    const bias = o.bias ?? true;
    if (bias) this.in_proj_bias = new Parameter(empty([3 * embedDim], f));
    this.out_proj = new Linear(embedDim, embedDim, { bias, ...f });
    this.resetParameters();
  }

  resetParameters(): void {
    if (this.in_proj_weight !== null) xavierUniform_(this.in_proj_weight);
    else for (const w of [this.q_proj_weight, this.k_proj_weight, this.v_proj_weight]) xavierUniform_(w!);
    if (this.in_proj_bias !== null) {
      constant_(this.in_proj_bias, 0);
      constant_(this.out_proj.bias!, 0);
    }
  }

  /** Returns `[output, weights]`; weights are null unless `needWeights` (the default), averaged over heads unless told not to. */
  forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const where = 'nn.MultiheadAttention';
    const o = checkOptions(where, options, ['keyPaddingMask', 'attnMask', 'needWeights', 'averageAttnWeights']);
    const batched = query.ndim === 3;
    if (query.ndim !== 2 && query.ndim !== 3) throw new RangeError(`${where}: query must be 2-D (unbatched) or 3-D, got shape [${query.shape}]`);
    for (const [t, name, dim] of [[query, 'query', this.embedDim], [key, 'key', this.kdim], [value, 'value', this.vdim]] as const) {
      if (t.ndim !== query.ndim) throw new RangeError(`${where}: ${name} must have as many dims as query (${query.ndim}), got shape [${t.shape}]`);
      if (t.shape[t.ndim - 1] !== dim) throw new RangeError(`${where}: expected ${name} with last dim ${dim}, got shape [${t.shape}]`);
    }
    let q = query, k = key, v = value;
    let keyPaddingMask = o.keyPaddingMask ?? null;
    if (batched && this.batchFirst) [q, k, v] = [q, k, v].map((t) => t.transpose(0, 1)) as [Tensor, Tensor, Tensor];
    if (!batched) {
      [q, k, v] = [q, k, v].map((t) => t.unsqueeze(1)) as [Tensor, Tensor, Tensor];
      keyPaddingMask = keyPaddingMask?.unsqueeze(0) ?? null;
    }
    const [tgtLen, bsz, embedDim] = q.shape as [number, number, number];
    const srcLen = k.shape[0]!;
    if (v.shape[0] !== srcLen || k.shape[1] !== bsz || v.shape[1] !== bsz) throw new RangeError(`${where}: key and value must have the same sequence length and batch, got [${key.shape}] and [${value.shape}]`);
    const [qp, kp, vp] = this.#project(query, key, value, q, k, v);
    const heads = bsz * this.numHeads;
    const fold = (t: Tensor, len: number): Tensor => t.contiguous().view(len, heads, this.headDim).transpose(0, 1);
    const qh = fold(qp, tgtLen), kh = fold(kp, srcLen), vh = fold(vp, srcLen);

    const mask = this.#mergeMasks(o.attnMask ?? null, keyPaddingMask, tgtLen, srcLen, bsz, qh.dtype);
    // scores = mask + (q / √d) kᵀ, as PyTorch's baddbmm
    let scores = qh.div(Math.sqrt(this.headDim)).bmm(kh.transpose(-2, -1));
    if (mask !== null) scores = scores.add(mask);
    let weights = scores.softmax(-1);
    const p = this.training ? this.dropout : 0;
    if (p > 0) weights = F.dropout(weights, p, true);
    const attn = weights.bmm(vh).transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
    let out = F.linear(attn, this.out_proj.weight, this.out_proj.bias).view(tgtLen, bsz, embedDim);
    let w: Tensor | null = null;
    if (o.needWeights ?? true) {
      w = weights.view(bsz, this.numHeads, tgtLen, srcLen);
      if (o.averageAttnWeights ?? true) w = w.sum(1).div(this.numHeads);
      if (!batched) w = w.squeeze(0);
    }
    if (!batched) out = out.squeeze(1);
    else if (this.batchFirst) out = out.transpose(0, 1);
    return [out, w];
  }

  /** The input projections: one packed matmul for self-attention, as PyTorch's _in_projection_packed. */
  #project(query: Tensor, key: Tensor, value: Tensor, q: Tensor, k: Tensor, v: Tensor): [Tensor, Tensor, Tensor] {
    const E = this.embedDim;
    const b = this.in_proj_bias;
    const [bq, bk, bv] = b === null ? [null, null, null] : b.chunk(3);
    if (this.in_proj_weight === null) return [F.linear(q, this.q_proj_weight!, bq), F.linear(k, this.k_proj_weight!, bk), F.linear(v, this.v_proj_weight!, bv)];
    const w = this.in_proj_weight;
    if (key === value) {
      if (query === key) return F.linear(q, w, b).chunk(3, -1) as [Tensor, Tensor, Tensor];
      const [wq, wkv] = w.split([E, 2 * E]);
      const [bq2, bkv] = b === null ? [null, null] : b.split([E, 2 * E]);
      const [kp, vp] = F.linear(k, wkv!, bkv).chunk(2, -1);
      return [F.linear(q, wq!, bq2), kp!, vp!];
    }
    const [wq, wk, wv] = w.chunk(3);
    return [F.linear(q, wq!, bq), F.linear(k, wk!, bk), F.linear(v, wv!, bv)];
  }

  /** attnMask and keyPaddingMask as one float mask broadcastable to (N·heads, L, S), or null. */
  #mergeMasks(attnMask: Tensor | null, keyPaddingMask: Tensor | null, tgtLen: number, srcLen: number, bsz: number, dtype: Tensor['dtype']): Tensor | null {
    const where = 'nn.MultiheadAttention';
    let mask = attnMask;
    if (mask !== null) {
      if (mask.ndim === 2) {
        if (mask.shape[0] !== tgtLen || mask.shape[1] !== srcLen) throw new RangeError(`${where}: the 2-D attnMask should be [${tgtLen}, ${srcLen}], got [${mask.shape}]`);
        mask = mask.unsqueeze(0);
      } else if (mask.ndim === 3) {
        const want = [bsz * this.numHeads, tgtLen, srcLen];
        if (mask.shape.some((d, i) => d !== want[i])) throw new RangeError(`${where}: the 3-D attnMask should be [${want}], got [${mask.shape}]`);
      } else throw new RangeError(`${where}: attnMask must be 2-D or 3-D, got shape [${mask.shape}]`);
    }
    if (keyPaddingMask !== null) {
      if (keyPaddingMask.ndim !== 2 || keyPaddingMask.shape[0] !== bsz || keyPaddingMask.shape[1] !== srcLen)
        throw new RangeError(`${where}: expected keyPaddingMask of shape [${bsz}, ${srcLen}], got [${keyPaddingMask.shape}]`);
      const kpm = keyPaddingMask.view(bsz, 1, 1, srcLen).expand(-1, this.numHeads, -1, -1).reshape(bsz * this.numHeads, 1, srcLen);
      if (mask === null) mask = kpm;
      else if (kpm.dtype !== 'bool') mask = toFloatMask(mask, dtype).add(kpm);
      else if (mask.dtype === 'bool') mask = mask.logicalOr(kpm);
      else mask = mask.maskedFill(kpm, -Infinity);
    }
    return mask === null ? null : toFloatMask(mask, dtype);
  }
}

function toFloatMask(mask: Tensor, dtype: Tensor['dtype']): Tensor {
  if (mask.dtype !== 'bool') return mask;
  return zeros(mask.shape, { dtype, device: mask.device }).maskedFill(mask, -Infinity);
}
