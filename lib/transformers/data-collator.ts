// DataCollatorWithPadding: pads each batch to its longest row (or a multiple of `padToMultipleOf`) with the
// tokenizer's pad(), returning tensors; for DataLoader's collateFn and the Trainer's dataCollator.
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { makeBatch, type Batch } from '../utils/data/batch.js';
import type { Row } from '../utils/data/collate.js';
import type { PaddingOptions } from './tokenizer/types.js';

/** What the collator needs of a tokenizer: transformers' `pad`. */
export interface PaddingTokenizer {
  pad(features: Row[], options: PaddingOptions & { returnTensors: 'pt' }): Record<string, Tensor | unknown>;
}

export interface DataCollatorWithPaddingOptions {
  padding?: PaddingOptions['padding'];
  maxLength?: number;
  padToMultipleOf?: number;
}

/** Use as `collateFn: new DataCollatorWithPadding(tokenizer)` or call it directly on a list of rows. */
export interface DataCollatorWithPadding {
  (rows: Row[]): Batch;
}
export class DataCollatorWithPadding {
  constructor(tokenizer: PaddingTokenizer, options: DataCollatorWithPaddingOptions = {}) {
    checkOptions('DataCollatorWithPadding', options, ['padding', 'maxLength', 'padToMultipleOf']);
    if (!tokenizer || typeof tokenizer.pad !== 'function') throw new TypeError('DataCollatorWithPadding needs a tokenizer with pad()');
    const collate = (rows: Row[]): Batch => {
      // transformers renames `label` / `label_ids` to `labels`, which the models take
      const renamed = rows.map((r) => {
        if (!('label' in r) && !('label_ids' in r)) return r;
        const { label, label_ids, ...rest } = r as Row & { label?: unknown; label_ids?: unknown };
        return { ...rest, labels: label ?? label_ids };
      });
      const padded = tokenizer.pad(renamed, { padding: options.padding ?? true, maxLength: options.maxLength, padToMultipleOf: options.padToMultipleOf, returnTensors: 'pt' });
      return makeBatch({ ...padded });
    };
    // A callable instance: collateFn and dataCollator call it as a function.
    return Object.setPrototypeOf(collate, new.target.prototype) as DataCollatorWithPadding;
  }
}
