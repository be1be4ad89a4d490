// Padding/truncation options → what to do, with transformers' defaults and warnings
// (PreTrainedTokenizerBase._get_padding_truncation_strategies).
import type { PaddingOption, TruncationOption } from './types.js';
import type { TruncationStrategy } from './truncation.js';

/** transformers' LARGE_INTEGER: a model_max_length above it means "no limit" (the saved sentinel is int(1e30)). */
export const LARGE_INTEGER = 1e20;

export type PaddingStrategy = 'do_not_pad' | 'longest' | 'max_length';

export interface Plan {
  padding: PaddingStrategy;
  truncation: TruncationStrategy | null;
  maxLength: number | undefined;
  padToMultipleOf: number | undefined;
}

export interface PlanContext {
  modelMaxLength: number;
  hasPadToken: boolean;
  /** Prints `message` the first time `key` is seen for this tokenizer, like transformers' deprecation_warnings. */
  warnOnce(key: string, message: string): void;
}

const PADDINGS = ['longest', 'max_length', 'do_not_pad'];
const TRUNCATIONS = ['longest_first', 'only_first', 'only_second', 'do_not_truncate'];

function paddingStrategy(padding: PaddingOption | undefined): PaddingStrategy {
  if (padding === undefined || padding === false) return 'do_not_pad';
  if (padding === true) return 'longest';
  if (PADDINGS.includes(padding)) return padding;
  throw new TypeError(`padding: ${JSON.stringify(padding)} is not valid; expected true, false or one of ${PADDINGS.join(', ')}`);
}

function truncationStrategy(truncation: TruncationOption | undefined): TruncationStrategy | null {
  if (truncation === undefined || truncation === false || truncation === 'do_not_truncate') return null;
  if (truncation === true) return 'longest_first';
  if (TRUNCATIONS.includes(truncation)) return truncation;
  throw new TypeError(
    `truncation: ${JSON.stringify(truncation)} is not valid; expected true, false or one of ${TRUNCATIONS.join(', ')}`,
  );
}

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

export function resolvePlan(
  options: { padding?: PaddingOption; truncation?: TruncationOption; maxLength?: number | null; padToMultipleOf?: number | null },
  ctx: PlanContext,
): Plan {
  let maxLength = options.maxLength ?? undefined;
  const padToMultipleOf = options.padToMultipleOf ?? undefined;
  checkCount('maxLength', maxLength, 0);
  checkCount('padToMultipleOf', padToMultipleOf, 1);
  let padding = paddingStrategy(options.padding);
  let truncationOption = options.truncation;

  // Backward compatibility kept by transformers: maxLength alone turns on truncation.
  if (maxLength !== undefined && padding === 'do_not_pad' && truncationOption === undefined) {
    ctx.warnOnce(
      'Truncation-not-explicitly-activated',
      'Truncation was not explicitly activated but `max_length` is provided a specific value, please use ' +
        "`truncation=True` to explicitly truncate examples to max length. Defaulting to 'longest_first' truncation " +
        'strategy. If you encode pairs of sequences (GLUE-style) with the tokenizer you can select this strategy more ' +
        'precisely by providing a specific strategy to `truncation`.',
    );
    truncationOption = 'longest_first';
  }
  let truncation = truncationStrategy(truncationOption);
  if (options.padding === true && maxLength !== undefined && truncation === null) {
    ctx.warnOnce(
      'max_length-ignored',
      "`max_length` is ignored when `padding`=`True` and there is no truncation strategy. To pad to max length, use `padding='max_length'`.",
    );
  }

  if (maxLength === undefined) {
    const noLimit = ctx.modelMaxLength > LARGE_INTEGER;
    if (padding === 'max_length') {
      if (noLimit) {
        ctx.warnOnce(
          'Asking-to-pad-to-max_length',
          'Asking to pad to max_length but no maximum length is provided and the model has no predefined maximum ' +
            'length. Default to no padding.',
        );
        padding = 'do_not_pad';
      } else {
        maxLength = ctx.modelMaxLength;
      }
    }
    if (truncation !== null) {
      if (noLimit) {
        ctx.warnOnce(
          'Asking-to-truncate-to-max_length',
          'Asking to truncate to max_length but no maximum length is provided and the model has no predefined ' +
            'maximum length. Default to no truncation.',
        );
        truncation = null;
      } else {
        maxLength = ctx.modelMaxLength;
      }
    }
  }

  if (padding !== 'do_not_pad' && !ctx.hasPadToken) {
    throw new Error(
      'Asking to pad but the tokenizer does not have a padding token. Set `tokenizer.padToken` (for example to ' +
        '`tokenizer.eosToken`) to a token of the vocabulary.',
    );
  }
  if (truncation !== null && padding !== 'do_not_pad' && padToMultipleOf !== undefined && maxLength !== undefined && maxLength % padToMultipleOf !== 0) {
    throw new RangeError(
      `Truncation and padding are both activated but truncation length (${maxLength}) is not a multiple of ` +
        `padToMultipleOf (${padToMultipleOf}).`,
    );
  }
  return { padding, truncation, maxLength, padToMultipleOf };
}
