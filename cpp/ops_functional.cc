// torch.nn.functional: activations are in ops_math.cc; here dropout, normalization, embedding and losses.
#include <ATen/ATen.h>
#include "dispatch.h"

using namespace tstorch;

// dropout(input, p, training)
TS_FUNCTION(dropout) { TS_RETURN(at::dropout(a.tensor(0), a.number(1), a.boolean(2, true))); }
// layerNorm(input, normalizedShape, weight?, bias?, eps)
TS_FUNCTION(layerNorm) {
  TS_RETURN(at::layer_norm(a.tensor(0), a.intList(1), a.optTensor(2), a.optTensor(3), a.isNullish(4) ? 1e-5 : a.number(4)));
}
// embedding(input, weight, paddingIdx?)
TS_FUNCTION(embedding) { TS_RETURN(at::embedding(a.tensor(1), a.tensor(0), a.optInt64(2).value_or(-1))); }
// crossEntropy(input, target, weight?, reduction?, ignoreIndex?, labelSmoothing?)
TS_FUNCTION(crossEntropy) {
  TS_RETURN(at::cross_entropy_loss(a.tensor(0), a.tensor(1), a.optTensor(2), a.reduction(3),
                                   a.optInt64(4).value_or(-100), a.isNullish(5) ? 0.0 : a.number(5)));
}
// nllLoss(input, target, weight?, reduction?, ignoreIndex?)
TS_FUNCTION(nllLoss) {
  TS_RETURN(at::nll_loss_nd(a.tensor(0), a.tensor(1), a.optTensor(2), a.reduction(3), a.optInt64(4).value_or(-100)));
}
// mseLoss(input, target, reduction?)
TS_FUNCTION(mseLoss) { TS_RETURN(at::mse_loss(a.tensor(0), a.tensor(1), a.reduction(2))); }
// binaryCrossEntropyWithLogits(input, target, weight?, reduction?, posWeight?)
TS_FUNCTION(binaryCrossEntropyWithLogits) {
  TS_RETURN(at::binary_cross_entropy_with_logits(a.tensor(0), a.tensor(1), a.optTensor(2), a.optTensor(4), a.reduction(3)));
}
// oneHot(tensor, numClasses?)
TS_FUNCTION(oneHot) { TS_RETURN(at::one_hot(a.tensor(0), a.optInt64(1).value_or(-1))); }
