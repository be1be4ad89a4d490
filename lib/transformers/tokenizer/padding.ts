// Padding of id rows to a common length (right or left), shared by the tokenizer call and `pad()`.
import type { PaddingStrategy } from './strategy.js';
import type { PaddingSide } from './types.js';

/** The length rows are padded to, or null for no padding. Rows already longer are left as they are. */
export function paddedLength(
  lengths: number[],
  strategy: PaddingStrategy,
  maxLength: number | undefined,
  padToMultipleOf: number | undefined,
): number | null {
  if (strategy === 'do_not_pad') return null;
  let length = strategy === 'max_length' ? maxLength! : lengths.reduce((a, b) => Math.max(a, b), 0);
  if (padToMultipleOf !== undefined && length % padToMultipleOf !== 0) {
    length += padToMultipleOf - (length % padToMultipleOf);
  }
  return length;
}

/** `row` padded with `value` to `length`; the same array is extended in place when padding on the right. */
export function padRow(row: number[], length: number, value: number, side: PaddingSide): number[] {
  const missing = length - row.length;
  if (missing <= 0) return row;
  if (side === 'right') {
    for (let i = 0; i < missing; i++) row.push(value);
    return row;
  }
  const out = new Array<number>(length);
  for (let i = 0; i < missing; i++) out[i] = value;
  for (let i = 0; i < row.length; i++) out[missing + i] = row[i]!;
  return out;
}

/** 1 for each of the first `n` positions, padded with 0 to `length` on `side`. */
export function attentionMaskRow(n: number, length: number, side: PaddingSide): number[] {
  const out: number[] = [];
  const pad = Math.max(0, length - n);
  if (side === 'left') for (let i = 0; i < pad; i++) out.push(0);
  for (let i = 0; i < n; i++) out.push(1);
  if (side === 'right') for (let i = 0; i < pad; i++) out.push(0);
  return out;
}
