// What encoding and padding need to know about a tokenizer, as one read-only view (the tokenizer implements it).
import type { EncodeText } from './text-encoder.js';
import type { SpecialTokensTemplate } from './special-template.js';
import type { TruncationSide } from './truncation.js';
import type { PaddingSide } from './types.js';

export interface TokenizerSettings {
  readonly encodeText: EncodeText;
  readonly template: SpecialTokensTemplate;
  readonly padTokenId: number | null;
  readonly padTokenTypeId: number;
  readonly paddingSide: PaddingSide;
  readonly truncationSide: TruncationSide;
  readonly modelMaxLength: number;
  readonly modelInputNames: readonly string[];
  warnOnce(key: string, message: string): void;
}
