// Word + token-type + absolute-position embeddings, LayerNorm and dropout, as BertEmbeddings and its copies in
// RoBERTa and ELECTRA compute them (the same additions in the same order). Families differ in the embedding
// width and in the default position ids (`defaultPositionIds`).
import { arange, zeros } from '../../../creation.js';
import { Module } from '../../../nn/module.js';
import type { Tensor } from '../../../tensor.js';
import type { EncoderConfig } from '../../encoder-config.js';
import { Dropout, Embedding, LayerNorm } from '../../../nn/layers/index.js';

export class BertStyleEmbeddings extends Module {
  word_embeddings: Embedding;
  position_embeddings: Embedding;
  token_type_embeddings: Embedding;
  LayerNorm: LayerNorm;
  dropout: Dropout;
  declare position_ids: Tensor;
  declare token_type_ids: Tensor;

  /** `positionPaddingIdx`: RoBERTa's position table has a padding row. */
  constructor(config: EncoderConfig, size: number, positionPaddingIdx: number | null = null) {
    super();
    this.word_embeddings = new Embedding(config.vocabSize, size, { paddingIdx: config.padTokenId });
    this.position_embeddings = new Embedding(config.maxPositionEmbeddings, size, { paddingIdx: positionPaddingIdx });
    this.token_type_embeddings = new Embedding(config.typeVocabSize, size);
    this.LayerNorm = new LayerNorm(size, { eps: config.layerNormEps });
    this.dropout = new Dropout(config.hiddenDropoutProb);
    this.registerBuffer('position_ids', arange(config.maxPositionEmbeddings, { dtype: 'int64' }).unsqueeze(0), { persistent: false });
    this.registerBuffer('token_type_ids', zeros([1, config.maxPositionEmbeddings], { dtype: 'int64' }), { persistent: false });
  }

  /** Positions 0, 1, 2, … (BERT, ELECTRA). */
  protected defaultPositionIds(inputIds: Tensor): Tensor {
    return this.position_ids.slice(1, 0, inputIds.shape[1]!);
  }

  forward(inputIds: Tensor, tokenTypeIds: Tensor | null, positionIds: Tensor | null): Tensor {
    const positions = positionIds ?? this.defaultPositionIds(inputIds);
    const types = tokenTypeIds ?? this.token_type_ids.slice(1, 0, inputIds.shape[1]!).expand(inputIds.shape);
    const embeddings = this.word_embeddings.forward(inputIds).add(this.token_type_embeddings.forward(types)).add(this.position_embeddings.forward(positions));
    return this.dropout.forward(this.LayerNorm.forward(embeddings));
  }
}
