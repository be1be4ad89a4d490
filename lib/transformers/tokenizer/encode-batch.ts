// The tokenizer call: texts (and pairs) → truncated ids with special tokens → padded rows → lists or tensors.
import { checkTextInput } from './inputs.js';
import { attentionMaskRow, paddedLength, padRow } from './padding.js';
import type { TokenizerSettings } from './settings.js';
import type { Encoded } from './special-template.js';
import { resolvePlan, type Plan } from './strategy.js';
import { idsTensor } from './tensors.js';
import { truncate } from './truncation.js';
import type { BatchEncoding, EncodeOptions, Tensor } from './types.js';

export type CallResult = BatchEncoding<number[]> | BatchEncoding<number[][]> | BatchEncoding<Tensor>;

/** Ids of one text (and its pair) with special tokens, truncated as the plan says. */
export function encodeOne(
  s: TokenizerSettings,
  text: string,
  pair: string | null,
  plan: Plan,
  addSpecialTokens: boolean,
): Encoded {
  let a = s.encodeText(text);
  let b = pair === null ? null : s.encodeText(pair);
  if (plan.truncation !== null) {
    const added = addSpecialTokens ? s.template.numSpecialTokens(b !== null) : 0;
    const budget = plan.maxLength! - added;
    if (budget < 0) {
      throw new RangeError(`maxLength (${plan.maxLength}) is smaller than the ${added} special tokens the tokenizer adds`);
    }
    [a, b] = truncate(a, b, budget, plan.truncation, s.truncationSide);
  }
  return s.template.apply(a, b, addSpecialTokens);
}

export function encodeBatch(s: TokenizerSettings, text: unknown, options: EncodeOptions): CallResult {
  const { texts, pairs, batched } = checkTextInput(text, options.textPair);
  checkReturnTensors(options.returnTensors);
  const plan = resolvePlan(options, { modelMaxLength: s.modelMaxLength, hasPadToken: s.padTokenId !== null, warnOnce: (k, m) => s.warnOnce(k, m) });
  const addSpecialTokens = options.addSpecialTokens ?? true;
  const rows = texts.map((t, i) => encodeOne(s, t, pairs === null ? null : pairs[i]!, plan, addSpecialTokens));

  if (plan.maxLength === undefined) {
    const longest = rows.reduce((m, r) => Math.max(m, r.ids.length), 0);
    if (longest > s.modelMaxLength) {
      s.warnOnce(
        'sequence-length-is-longer-than-the-specified-maximum',
        `Token indices sequence length is longer than the specified maximum sequence length for this model ` +
          `(${longest} > ${s.modelMaxLength}). Running this sequence through the model will result in indexing errors`,
      );
    }
  }

  const lengths = rows.map((r) => r.ids.length); // before padding extends the rows in place
  const length = paddedLength(lengths, plan.padding, plan.maxLength, plan.padToMultipleOf);
  const side = s.paddingSide;
  const out: Record<string, number[][]> = {};
  out.input_ids = rows.map((r) => (length === null ? r.ids : padRow(r.ids, length, s.padTokenId!, side)));
  if (options.returnTokenTypeIds ?? s.modelInputNames.includes('token_type_ids')) {
    out.token_type_ids = rows.map((r) => (length === null ? r.typeIds : padRow(r.typeIds, length, s.padTokenTypeId, side)));
  }
  if (options.returnAttentionMask ?? s.modelInputNames.includes('attention_mask')) {
    out.attention_mask = lengths.map((n) => attentionMaskRow(n, length ?? n, side));
  }

  if (options.returnTensors === 'pt') {
    const tensors: Record<string, Tensor> = {};
    for (const [key, value] of Object.entries(out)) tensors[key] = idsTensor(value, key);
    return tensors as BatchEncoding<Tensor>;
  }
  if (batched) return out as BatchEncoding<number[][]>;
  const single: Record<string, number[]> = {};
  for (const [key, value] of Object.entries(out)) single[key] = value[0]!;
  return single as BatchEncoding<number[]>;
}

export function checkReturnTensors(value: unknown): void {
  if (value !== undefined && value !== null && value !== 'pt') {
    throw new TypeError(`returnTensors: ${JSON.stringify(value)} is not supported; use 'pt' or leave it out`);
  }
}
