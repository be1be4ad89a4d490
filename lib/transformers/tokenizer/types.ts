// Public option and result types of the tokenizer, named like transformers' keyword arguments (camelCase).
import type { Tensor } from '../../index.js';

export type { Tensor };

/** `true`/`'longest'`: pad to the longest row of the batch; `'max_length'`: to `maxLength` (or `modelMaxLength`). */
export type PaddingOption = boolean | 'longest' | 'max_length' | 'do_not_pad';

/** `true` = `'longest_first'`. Truncation keeps room for the special tokens the tokenizer adds. */
export type TruncationOption = boolean | 'longest_first' | 'only_first' | 'only_second' | 'do_not_truncate';

export type ReturnTensors = 'pt';

export interface PaddingOptions {
  padding?: PaddingOption;
  maxLength?: number;
  padToMultipleOf?: number;
  returnAttentionMask?: boolean;
  returnTensors?: ReturnTensors | null;
}

export interface EncodeOptions extends PaddingOptions {
  /** The second sequence of each pair (a string for a single text, an array for a batch). */
  textPair?: string | string[] | null;
  truncation?: TruncationOption;
  addSpecialTokens?: boolean;
  returnTokenTypeIds?: boolean;
}

export interface DecodeOptions {
  skipSpecialTokens?: boolean;
  /** Defaults to `clean_up_tokenization_spaces` of tokenizer_config.json (true when absent). */
  cleanUpTokenizationSpaces?: boolean;
}

/** What the tokenizer returns: `input_ids`, `token_type_ids`, `attention_mask` (keys as in Python). */
export interface BatchEncoding<T> {
  input_ids: T;
  token_type_ids?: T;
  attention_mask?: T;
  [key: string]: T | undefined;
}

/** One example for `pad()`: model inputs as id lists (or tensors with `tolist()`), other keys (labels) kept. */
export type PadFeature = Record<string, unknown>;

export type PaddingSide = 'right' | 'left';

/** Token ids as decode() takes them: a list, a typed array (also BigInt64Array) or a 1-D tensor. */
export type TokenIds = readonly number[] | readonly bigint[] | Int32Array | BigInt64Array | Tensor;
