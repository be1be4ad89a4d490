// nn.Embedding: a lookup table; the padding row starts at zero and gets no gradient.
import { noGrad } from '../../autograd.js';
import { empty } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import * as F from '../functional.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkOptions, checkSize } from './options.js';
import { type FactoryOptions, factory, FACTORY_KEYS } from './shared.js';

export interface EmbeddingOptions extends FactoryOptions {
  /** this row is zero at init and never updated; negative counts from the end */
  paddingIdx?: number | null;
  /** PyTorch's renormalization; not supported (must stay null) */
  maxNorm?: null;
}

export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  /** `new nn.Embedding(numEmbeddings, embeddingDim, { paddingIdx })` */
  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    const o = checkOptions('nn.Embedding', options, ['paddingIdx', 'maxNorm', ...FACTORY_KEYS]);
    if (o.maxNorm !== undefined && o.maxNorm !== null) throw new TypeError('nn.Embedding: maxNorm is not supported (it renormalizes rows in place during forward); leave it unset');
    this.numEmbeddings = checkSize('nn.Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = checkSize('nn.Embedding', 'embeddingDim', embeddingDim, 0);
    let pad = o.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad >= numEmbeddings || pad < -numEmbeddings)
        throw new RangeError(`nn.Embedding: paddingIdx must be within [-${numEmbeddings}, ${numEmbeddings}), got ${pad}`);
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = new Parameter(empty([numEmbeddings, embeddingDim], factory(o)));
    this.resetParameters();
  }

  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }

  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, { paddingIdx: this.paddingIdx ?? undefined });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
