// AutoTokenizer.fromPretrained: a local folder or hub repo → PreTrainedTokenizerFast.
import { checkOptions } from '../../options.js';
import { HUB_OPTION_KEYS } from '../configuration_utils.js';
import { findFamily } from './families.js';
import { readTokenizerFiles, type LoadOptions } from './files.js';
import { convertSlowVocab } from './slow-files.js';
import { resolveSpecialTokens } from './special-tokens.js';
import { isBertShaped } from './text-encoder.js';
import { jsonDefaults } from './tokenizer-json.js';
import { PreTrainedTokenizerFast } from './tokenizer.js';
import type { TruncationSide } from './truncation.js';
import type { PaddingSide } from './types.js';

export interface FromPretrainedOptions extends LoadOptions {
  /** Overrides `model_max_length` of tokenizer_config.json. */
  modelMaxLength?: number;
  paddingSide?: PaddingSide;
  truncationSide?: TruncationSide;
}

export class AutoTokenizer {
  private constructor() {}

  /**
   * Loads tokenizer.json (+ tokenizer_config.json, special_tokens_map.json) from a folder or a hub repo id; a
   * folder with only a slow tokenizer's files (vocab.txt, vocab.json + merges.txt, spm.model,
   * sentencepiece.bpe.model) gets the fast tokenizer transformers would convert them to.
   */
  static async fromPretrained(idOrPath: string, options: FromPretrainedOptions = {}): Promise<PreTrainedTokenizerFast> {
    if (typeof idOrPath !== 'string' || idOrPath === '') {
      throw new TypeError(`AutoTokenizer.fromPretrained: expected a model id or folder path, got ${JSON.stringify(idOrPath)}`);
    }
    checkOptions('AutoTokenizer.fromPretrained', options, ['modelMaxLength', 'paddingSide', 'truncationSide', ...HUB_OPTION_KEYS]);
    const { modelMaxLength, paddingSide, truncationSide, ...load } = options;
    const files = await readTokenizerFiles(idOrPath, load);
    const tokenizerClass = typeof files.config.tokenizer_class === 'string' ? files.config.tokenizer_class : undefined;
    const bertShaped = files.tokenizerJson === null ? files.slow?.kind === 'wordpiece' : isBertShaped(files.tokenizerJson);
    const family = findFamily(tokenizerClass, files.modelType, bertShaped);
    const padToken = files.tokenizerJson ? jsonDefaults(files.tokenizerJson).padToken : undefined;
    const defaults = { ...family?.specialTokens, ...(padToken === undefined ? {} : { pad_token: padToken }) };
    const specialTokens = resolveSpecialTokens(files.config, files.specialTokensMap, defaults);
    const json = files.tokenizerJson ?? convertSlowVocab(files.slow!, files.config, specialTokens, idOrPath);
    const init = { json, config: files.config, specialTokens, family, source: idOrPath, modelMaxLength, paddingSide, truncationSide };
    try {
      return new PreTrainedTokenizerFast(init);
    } catch (err) {
      throw namingFile(err, files.jsonPath ?? idOrPath);
    }
  }
}

/** A load-time error that does not say which file it is about gets the file's path in front. */
function namingFile(err: unknown, file: string): unknown {
  if (!(err instanceof Error) || err.message.includes(file)) return err;
  const named = new (err.constructor as ErrorConstructor)(`${file}: ${err.message.replace(/^tokenizer\.json: /, '')}`, { cause: err });
  return named;
}
