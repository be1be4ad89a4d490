// nn.TransformerEncoderLayer and nn.TransformerEncoder, as PyTorch's (post-norm by default, normFirst for pre-norm).
import { getRngState, setRngState } from '../../runtime.js';
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { ModuleList } from '../containers.js';
import { Module } from '../module.js';
import { MultiheadAttention } from './attention.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { LayerNorm } from './normalization.js';
import { checkOptions, checkSize } from './options.js';
import { type FactoryOptions, FACTORY_KEYS } from './shared.js';

export interface TransformerEncoderLayerOptions extends FactoryOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: 'relu' | 'gelu' | ((x: Tensor) => Tensor);
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
}
export interface EncoderMaskOptions {
  /** (S, S) or (N·nhead, S, S) attention mask (bool true = not allowed, or float added) */
  srcMask?: Tensor | null;
  /** (N, S): true marks padding */
  srcKeyPaddingMask?: Tensor | null;
}

export class TransformerEncoderLayer extends Module {
  readonly normFirst: boolean;
  readonly activation: (x: Tensor) => Tensor;
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  readonly #args: [number, number, TransformerEncoderLayerOptions];

  /** `new nn.TransformerEncoderLayer(dModel, nhead, { dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst })` */
  constructor(dModel: number, nhead: number, options: TransformerEncoderLayerOptions = {}) {
    super();
    const where = 'nn.TransformerEncoderLayer';
    const o = checkOptions(where, options, ['dimFeedforward', 'dropout', 'activation', 'layerNormEps', 'batchFirst', 'normFirst', ...FACTORY_KEYS]);
    this.#args = [dModel, nhead, { ...o }];
    const dff = checkSize(where, 'dimFeedforward', o.dimFeedforward ?? 2048);
    const p = o.dropout ?? 0.1;
    const f = { dtype: o.dtype, device: o.device };
    const eps = o.layerNormEps ?? 1e-5;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst: o.batchFirst ?? false, ...f });
    this.linear1 = new Linear(dModel, dff, f);
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dff, dModel, f);
    this.normFirst = o.normFirst ?? false;
    this.norm1 = new LayerNorm(dModel, { eps, ...f });
    this.norm2 = new LayerNorm(dModel, { eps, ...f });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    const act = o.activation ?? 'relu';
    if (act === 'relu') this.activation = F.relu;
    else if (act === 'gelu') this.activation = (x) => F.gelu(x);
    else if (typeof act === 'function') this.activation = act;
    else throw new RangeError(`${where}: activation should be 'relu', 'gelu' or a function, not '${String(act)}'`);
  }

  forward(src: Tensor, options: EncoderMaskOptions = {}): Tensor {
    const o = checkOptions('nn.TransformerEncoderLayer', options, ['srcMask', 'srcKeyPaddingMask']);
    let x = src;
    if (this.normFirst) {
      x = x.add(this.#selfAttention(this.norm1.call(x), o));
      return x.add(this.#feedForward(this.norm2.call(x)));
    }
    x = this.norm1.call(x.add(this.#selfAttention(x, o)));
    return this.norm2.call(x.add(this.#feedForward(x)));
  }

  #selfAttention(x: Tensor, o: EncoderMaskOptions): Tensor {
    const [out] = this.self_attn.call(x, x, x, { attnMask: o.srcMask, keyPaddingMask: o.srcKeyPaddingMask, needWeights: false });
    return this.dropout1.call(out);
  }

  #feedForward(x: Tensor): Tensor {
    return this.dropout2.call(this.linear2.call(this.dropout.call(this.activation(this.linear1.call(x)))));
  }

  /** @internal a deep copy (same weights, same mode), drawing nothing from the default generator, as copy.deepcopy. */
  _copy(): TransformerEncoderLayer {
    const rng = getRngState();
    let copy: TransformerEncoderLayer;
    try {
      copy = new TransformerEncoderLayer(...this.#args);
    } finally {
      setRngState(rng);
    }
    copy.loadStateDict(this.stateDict());
    return copy.train(this.training);
  }
}

export class TransformerEncoder extends Module {
  readonly numLayers: number;
  layers: ModuleList<TransformerEncoderLayer>;
  norm: Module & { forward(x: Tensor): Tensor } | null;

  /** `new nn.TransformerEncoder(encoderLayer, numLayers, { norm })`: numLayers copies of encoderLayer (same initial weights). */
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, options: { norm?: (Module & { forward(x: Tensor): Tensor }) | null } = {}) {
    super();
    const o = checkOptions('nn.TransformerEncoder', options, ['norm']);
    if (!(encoderLayer instanceof TransformerEncoderLayer)) throw new TypeError('nn.TransformerEncoder: encoderLayer must be an nn.TransformerEncoderLayer');
    this.numLayers = checkSize('nn.TransformerEncoder', 'numLayers', numLayers);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer._copy()));
    this.norm = o.norm ?? null;
  }

  forward(src: Tensor, options: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null } = {}): Tensor {
    const o = checkOptions('nn.TransformerEncoder', options, ['mask', 'srcKeyPaddingMask']);
    let x = src;
    for (const layer of this.layers) x = layer.call(x, { srcMask: o.mask, srcKeyPaddingMask: o.srcKeyPaddingMask });
    return this.norm === null ? x : this.norm.call(x);
  }
}
