// DeBERTa-v2's relative positions: query index − key index, bucketed with log scaling beyond half the bucket
// count (`make_log_bucket_position`), computed with the same tensor operations and dtypes as transformers.
import { arange, tensor } from '../../../creation.js';
import { where } from '../../../ops.js';
import type { Tensor } from '../../../tensor.js';

function logBucketPosition(rel: Tensor, bucketSize: number, maxPosition: number): Tensor {
  const sign = rel.sign();
  const mid = Math.floor(bucketSize / 2);
  const absPos = where(rel.lt(mid).logicalAnd(rel.gt(-mid)), tensor(mid - 1, { dtype: 'int64' }), rel.abs());
  const logPos = absPos.div(mid).log().div(tensor((maxPosition - 1) / mid).log()).mul(mid - 1).ceil().add(mid);
  return where(absPos.le(mid), rel.to(logPos.dtype), logPos.mul(sign));
}

/** `build_relative_position`: [1, queries, keys] int64. */
export function buildRelativePosition(querySize: number, keySize: number, bucketSize: number, maxPosition: number): Tensor {
  let rel = arange(querySize, { dtype: 'int64' }).unsqueeze(1).sub(arange(keySize, { dtype: 'int64' }).unsqueeze(0));
  if (bucketSize > 0 && maxPosition > 0) rel = logBucketPosition(rel, bucketSize, maxPosition);
  return rel.long().unsqueeze(0);
}
