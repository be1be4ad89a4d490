// SpecAugment for Wav2Vec2 training (transformers 4.31's `_compute_mask_indices` and `_mask_hidden_states`): random
// spans of frames take the learned `masked_spec_embed`, random spans of hidden channels become 0. The spans come
// from numpy's global RNG in Python; here from its bit-exact twin, which setSeed seeds, so a seeded run masks the
// same frames.
import { fromBytes } from '../../../creation.js';
import type { Tensor } from '../../../tensor.js';
import { numpyRandom, type LegacyRandomState } from '../../../utils/numpy-legacy-random.js';

export interface MaskSpec {
  /** upper bound of the fraction of the axis that is masked: spans = prob · length / spanLength, rounded at random */
  prob: number;
  spanLength: number;
  minMasks: number;
}

/**
 * A [batch, length] 0/1 mask of `spec.spanLength`-long spans. `lengths` (the real frames of each right-padded row)
 * keeps the span starts inside each row; every row has as many span starts as the longest one, repeating its first.
 */
export function computeMaskIndices(
  batch: number, length: number, spec: MaskSpec, lengths: readonly number[] | null = null, rng: LegacyRandomState = numpyRandom,
): Uint8Array[] {
  const { prob, spanLength, minMasks } = spec;
  if (!Number.isInteger(spanLength) || spanLength < 1) throw new RangeError(`SpecAugment: the mask length must be an integer >= 1, got ${spanLength}`);
  if (spanLength > length) {
    throw new RangeError(`SpecAugment: the mask length (${spanLength}) must not exceed the axis it masks (${length}); lower mask_time_length / mask_feature_length`);
  }
  const epsilon = rng.rand();
  const spansFor = (inputLength: number): number => {
    let n = Math.max(Math.trunc((prob * inputLength) / spanLength + epsilon), minMasks);
    if (n * spanLength > length) n = Math.floor(length / spanLength);
    if (inputLength - (spanLength - 1) < n) n = Math.max(inputLength - (spanLength - 1), 0);
    return n;
  };
  const mask = Array.from({ length: batch }, () => new Uint8Array(length));
  const maxSpans = spansFor(length);
  if (maxSpans === 0) return mask;
  for (let b = 0; b < batch; b++) {
    const inputLength = lengths ? lengths[b]! : length;
    const starts = rng.choiceWithoutReplacement(Math.max(inputLength - (spanLength - 1), 0), spansFor(inputLength));
    // short rows repeat a start (or mark the last, padded, frame) so every row has maxSpans starts, as 4.31 pads them
    const filler = starts.length > 0 ? starts[0]! : length - 1;
    while (starts.length < maxSpans) starts.push(filler);
    for (const s of starts) for (let k = 0; k < spanLength; k++) mask[b]![Math.min(s + k, length - 1)] = 1;
  }
  return mask;
}

export function maskTensor(rows: Uint8Array[]): Tensor {
  const length = rows[0]?.length ?? 0;
  const flat = new Uint8Array(rows.length * length);
  rows.forEach((r, i) => flat.set(r, i * length));
  return fromBytes(flat, 'bool', [rows.length, length]);
}
