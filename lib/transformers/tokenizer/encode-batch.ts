// The tokenizer call: texts (and pairs) → truncated ids → rows with special tokens, padded → lists or tensors.
// Each output row is allocated once at its final length (or written straight into a tensor's buffer): with
// padding to 512, building the rows costs more than tokenizing, so no intermediate copies are made.
import { checkOptions } from '../../options.js';
import { checkTextInput } from './inputs.js';
import { paddedLength } from './padding.js';
import type { TokenizerSettings } from './settings.js';
import { resolvePlan, type Plan } from './strategy.js';
import { int64Tensor } from './tensors.js';
import { truncate } from './truncation.js';
import type { BatchEncoding, EncodeOptions, Tensor } from './types.js';

export type CallResult = BatchEncoding<number[]> | BatchEncoding<number[][]> | BatchEncoding<Tensor>;

/** One example's sequences after truncation, before special tokens. */
interface Parts {
  a: number[];
  b: number[] | null;
}

function encodeParts(s: TokenizerSettings, text: string, pair: string | null, plan: Plan, addSpecialTokens: boolean): Parts {
  const a = s.encodeText(text);
  const b = pair === null ? null : s.encodeText(pair);
  if (plan.truncation === null) return { a, b };
  const added = addSpecialTokens ? s.template.numSpecialTokens(b !== null) : 0;
  const budget = plan.maxLength! - added;
  if (budget < 0) {
    throw new RangeError(`maxLength (${plan.maxLength}) is smaller than the ${added} special tokens the tokenizer adds`);
  }
  const [ta, tb] = truncate(a, b, budget, plan.truncation, s.truncationSide);
  return { a: ta, b: tb };
}

export function checkReturnTensors(value: unknown): void {
  if (value !== undefined && value !== null && value !== 'pt') {
    throw new TypeError(`returnTensors: ${JSON.stringify(value)} is not supported; use 'pt' or leave it out`);
  }
}

interface Columns<T> {
  input_ids: T;
  token_type_ids?: T;
  attention_mask?: T;
}

/** The options of the tokenizer call, `encode` and `pad` (transformers' keyword arguments in camelCase). */
export const PADDING_OPTION_KEYS = ['padding', 'maxLength', 'padToMultipleOf', 'returnAttentionMask', 'returnTensors'];
const ENCODE_OPTION_KEYS = ['textPair', 'truncation', 'addSpecialTokens', 'returnTokenTypeIds', ...PADDING_OPTION_KEYS];

export function encodeBatch(s: TokenizerSettings, text: unknown, options: EncodeOptions): CallResult {
  checkOptions('tokenizer', options, ENCODE_OPTION_KEYS);
  const { texts, pairs, batched } = checkTextInput(text, options.textPair);
  checkReturnTensors(options.returnTensors);
  const plan = resolvePlan(options, { modelMaxLength: s.modelMaxLength, hasPadToken: s.padTokenId !== null, warnOnce: (k, m) => s.warnOnce(k, m) });
  const add = options.addSpecialTokens ?? true;
  const parts = texts.map((t, i) => encodeParts(s, t, pairs === null ? null : pairs[i]!, plan, add));
  const lengths = parts.map((p) => s.template.length(p.a, p.b, add));

  if (plan.maxLength === undefined) {
    const longest = lengths.reduce((m, n) => Math.max(m, n), 0);
    if (longest > s.modelMaxLength) {
      s.warnOnce(
        'sequence-length-is-longer-than-the-specified-maximum',
        `Token indices sequence length is longer than the specified maximum sequence length for this model ` +
          `(${longest} > ${s.modelMaxLength}). Running this sequence through the model will result in indexing errors`,
      );
    }
  }
  const padded = paddedLength(lengths, plan.padding, plan.maxLength, plan.padToMultipleOf);
  const wantTypes = options.returnTokenTypeIds ?? s.modelInputNames.includes('token_type_ids');
  const wantMask = options.returnAttentionMask ?? s.modelInputNames.includes('attention_mask');

  if (options.returnTensors === 'pt') return tensors(s, parts, lengths, padded, add, wantTypes, wantMask) as BatchEncoding<Tensor>;
  const out = lists(s, parts, lengths, padded, add, wantTypes, wantMask);
  if (batched) return out as BatchEncoding<number[][]>;
  const single: Columns<number[]> = { input_ids: out.input_ids[0]! };
  if (out.token_type_ids) single.token_type_ids = out.token_type_ids[0]!;
  if (out.attention_mask) single.attention_mask = out.attention_mask[0]!;
  return single as BatchEncoding<number[]>;
}

function lists(
  s: TokenizerSettings,
  parts: Parts[],
  lengths: number[],
  padded: number | null,
  add: boolean,
  wantTypes: boolean,
  wantMask: boolean,
): Columns<number[][]> {
  const left = s.paddingSide === 'left';
  const out: Columns<number[][]> = { input_ids: [] };
  if (wantTypes) out.token_type_ids = [];
  if (wantMask) out.attention_mask = [];
  parts.forEach(({ a, b }, r) => {
    const n = lengths[r]!;
    const width = padded === null ? n : Math.max(padded, n);
    const start = left ? width - n : 0; // first position of the real tokens
    const ids = new Array<number>(width);
    const types = wantTypes ? new Array<number>(width) : null;
    s.template.write(a, b, add, ids, types, start);
    if (width > n) {
      const [from, to] = left ? [0, start] : [n, width];
      ids.fill(s.padTokenId!, from, to);
      types?.fill(s.padTokenTypeId, from, to);
    }
    out.input_ids.push(ids);
    if (types) out.token_type_ids!.push(types);
    if (wantMask) {
      const mask = new Array<number>(width).fill(0).fill(1, start, start + n);
      out.attention_mask!.push(mask);
    }
  });
  return out;
}

function tensors(
  s: TokenizerSettings,
  parts: Parts[],
  lengths: number[],
  padded: number | null,
  add: boolean,
  wantTypes: boolean,
  wantMask: boolean,
): Columns<Tensor> {
  const rows = parts.length;
  const width = padded ?? lengths[0] ?? 0;
  lengths.forEach((n, r) => {
    if (padded === null && n !== width) {
      throw new RangeError(
        `Unable to create tensor: row ${r} has ${n} tokens but row 0 has ${width}. Activate truncation and/or padding ` +
          '(padding: true, truncation: true) to get rows of the same length.',
      );
    }
    if (padded !== null && n > padded) {
      throw new RangeError(
        `Unable to create tensor: row ${r} has ${n} tokens, more than the padded length ${padded}. Activate truncation ` +
          '(truncation: true) so that every row fits.',
      );
    }
  });
  const ids = new Int32Array(rows * width);
  const types = wantTypes ? new Int32Array(rows * width) : null;
  const mask = wantMask ? new Int32Array(rows * width) : null;
  if (s.padTokenId !== null && s.padTokenId !== 0) ids.fill(s.padTokenId);
  if (types && s.padTokenTypeId !== 0) types.fill(s.padTokenTypeId);
  const left = s.paddingSide === 'left';
  parts.forEach(({ a, b }, r) => {
    const n = lengths[r]!;
    const start = r * width + (left ? width - n : 0);
    s.template.write(a, b, add, ids, types, start);
    if (mask) mask.fill(1, start, start + n);
  });
  const shape = [rows, width];
  const out: Columns<Tensor> = { input_ids: int64Tensor(ids, shape) };
  if (types) out.token_type_ids = int64Tensor(types, shape);
  if (mask) out.attention_mask = int64Tensor(mask, shape);
  return out;
}
