// tstorch/transformers tokenizers: AutoTokenizer and the fast tokenizer it returns.
export { AutoTokenizer, type FromPretrainedOptions } from './auto.js';
export { PreTrainedTokenizerFast, NO_MAX_LENGTH, type TokenizerCall, type TokenizerInit } from './tokenizer.js';
export { PreTrainedTokenizerFast as PreTrainedTokenizer } from './tokenizer.js';
export type {
  BatchEncoding,
  DecodeOptions,
  EncodeOptions,
  PaddingOption,
  PaddingOptions,
  PaddingSide,
  PadFeature,
  ReturnTensors,
  TokenIds,
  TruncationOption,
} from './types.js';
