export { Linear, Bilinear } from './linear.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { LayerNorm, GroupNorm, BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './normalization.js';
export { Dropout } from './dropout.js';
export { Conv1d, Conv2d, type ConvLayerOptions, type PaddingMode } from './conv.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d } from './pooling.js';
export { ReLU, GELU, SiLU, Tanh, Sigmoid, Softmax, LogSoftmax, LeakyReLU } from './activation.js';
export { MultiheadAttention, type MultiheadAttentionOptions, type MultiheadAttentionForwardOptions } from './attention.js';
export { TransformerEncoderLayer, TransformerEncoder, type TransformerEncoderLayerOptions, type EncoderMaskOptions } from './transformer.js';
