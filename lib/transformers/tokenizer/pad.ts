// tokenizer.pad(): pads already-encoded examples to one length (what DataCollatorWithPadding calls).
// Model inputs are padded; other keys (labels, ...) are carried through, and become tensors with returnTensors.
import { checkOptions } from '../../options.js';
import { checkReturnTensors, PADDING_OPTION_KEYS } from './encode-batch.js';
import { describe, toIdList, toPlain } from './inputs.js';
import { attentionMaskRow, paddedLength, padRow } from './padding.js';
import type { TokenizerSettings } from './settings.js';
import { resolvePlan } from './strategy.js';
import { idsTensor, valuesTensor } from './tensors.js';
import type { BatchEncoding, PadFeature, PaddingOptions, Tensor } from './types.js';

/** The value each padded position gets, per model-input key. */
function padValue(s: TokenizerSettings, key: string): number | undefined {
  switch (key) {
    case 'input_ids':
      return s.padTokenId!;
    case 'token_type_ids':
      return s.padTokenTypeId;
    case 'attention_mask':
      return 0;
    case 'special_tokens_mask':
      return 1;
    default:
      return undefined;
  }
}

/** A list of examples, or one object of columns (`{ input_ids: [[...], ...], ... }`), as a list of examples. */
function asExamples(features: unknown): PadFeature[] {
  if (Array.isArray(features)) {
    features.forEach((f, i) => {
      if (typeof f !== 'object' || f === null || Array.isArray(f)) {
        throw new TypeError(`pad: features[${i}] must be an object such as { input_ids: [...] }, got ${describe(f)}`);
      }
    });
    return features as PadFeature[];
  }
  if (typeof features !== 'object' || features === null) {
    throw new TypeError(`pad: features must be a list of examples or an object of columns, got ${describe(features)}`);
  }
  const columns = Object.fromEntries(Object.entries(features).map(([k, v]) => [k, toPlain(v)]));
  const ids = columns.input_ids;
  if (!Array.isArray(ids)) throw new TypeError(`pad: the "input_ids" column must be a list of id lists, got ${describe(ids)}`);
  return ids.map((_, i) => Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, (v as unknown[])[i]])));
}

export function padFeatures(
  s: TokenizerSettings,
  features: PadFeature[] | Record<string, unknown>,
  options: PaddingOptions,
): BatchEncoding<number[][]> | BatchEncoding<Tensor> {
  checkOptions('tokenizer.pad', options, PADDING_OPTION_KEYS);
  checkReturnTensors(options.returnTensors);
  const examples = asExamples(features);
  const keys = Object.keys(examples[0] ?? { input_ids: [] });
  if (!keys.includes('input_ids')) {
    throw new TypeError(`pad: the examples must include "input_ids", but they have ${JSON.stringify(keys)}`);
  }
  const plan = resolvePlan(
    { padding: options.padding ?? true, truncation: false, maxLength: options.maxLength, padToMultipleOf: options.padToMultipleOf },
    { modelMaxLength: s.modelMaxLength, hasPadToken: s.padTokenId !== null, warnOnce: (k, m) => s.warnOnce(k, m) },
  );

  const columns: Record<string, unknown[]> = {};
  for (const key of keys) {
    columns[key] = examples.map((example, i) => {
      if (!(key in example)) throw new TypeError(`pad: features[${i}] has no "${key}" (features[0] has it)`);
      return padValue(s, key) === undefined ? toPlain(example[key]) : toIdList(example[key], `pad: features[${i}].${key}`);
    });
  }
  const ids = columns.input_ids as number[][];
  const lengths = ids.map((row) => row.length);
  if (!('attention_mask' in columns) && (options.returnAttentionMask ?? s.modelInputNames.includes('attention_mask'))) {
    columns.attention_mask = lengths.map((n) => attentionMaskRow(n, n, 'right'));
  }
  const length = paddedLength(lengths, plan.padding, plan.maxLength, plan.padToMultipleOf);
  if (length !== null) {
    for (const [key, rows] of Object.entries(columns)) {
      const value = padValue(s, key);
      if (value === undefined) continue;
      columns[key] = (rows as number[][]).map((row) => padRow([...row], length, value, s.paddingSide));
    }
  }
  if (options.returnTensors !== 'pt') return columns as BatchEncoding<number[][]>;

  const tensors: Record<string, Tensor> = {};
  for (const [key, rows] of Object.entries(columns)) {
    if (padValue(s, key) !== undefined) tensors[key] = idsTensor(rows as number[][], key);
    else if (rows.every((v) => typeof v === 'number')) tensors[key] = valuesTensor(rows as number[], key);
    else if (rows.every((v) => Array.isArray(v) && v.every((x) => Number.isInteger(x)))) tensors[key] = idsTensor(rows as number[][], key);
    else throw new TypeError(`pad: cannot make a tensor of "${key}": expected numbers or lists of integers in every example`);
  }
  return tensors as BatchEncoding<Tensor>;
}
