// torch.nn.functional ops the layers need: convolution, pooling, normalization, bilinear, attention, padding,
// flip, leaky ReLU and the losses not in ops_functional.cc. Shape errors are libtorch's, prefixed by Dispatch.
#include <ATen/ATen.h>
#include <torch/csrc/api/include/torch/version.h>
#include <cmath>
#include <limits>
#include "conv_backend_check.h"
#include "dispatch.h"

using namespace tstorch;

namespace {
// A size argument per spatial dim: an int list of length `dims` (the TS side expands single numbers).
std::vector<int64_t> Sizes(const Args& a, size_t i, size_t dims, const char* what, int64_t min) {
  auto v = a.intList(i);
  if (v.size() != dims)
    throw ArgumentError(std::string(what) + " must have " + std::to_string(dims) + " value(s), got " + std::to_string(v.size()));
  for (auto x : v)
    if (x < min) throw ArgumentError(std::string(what) + " must be >= " + std::to_string(min) + ", got " + std::to_string(x));
  return v;
}

void CheckRank(const at::Tensor& x, int64_t spatial, const char* op) {
  if (x.dim() != spatial + 1 && x.dim() != spatial + 2)
    throw ArgumentError(std::string(op) + " expects a " + std::to_string(spatial + 1) + "-D (unbatched) or " +
                        std::to_string(spatial + 2) + "-D (batched) input, got " + std::to_string(x.dim()) + "-D");
}

// conv{1,2}d(input, weight, bias?, stride[], padding[] | 'same' | 'valid', dilation[], groups)
napi_value Conv(Args& a, size_t dims) {
  const auto& x = a.tensor(0);
  const auto& w = a.tensor(1);
  CheckRank(x, dims, a.name());
  if (w.dim() != static_cast<int64_t>(dims) + 2)
    throw ArgumentError("weight must be " + std::to_string(dims + 2) + "-D, got " + std::to_string(w.dim()) + "-D");
  auto stride = Sizes(a, 3, dims, "stride", 1);
  auto dilation = Sizes(a, 5, dims, "dilation", 1);
  auto groups = a.int64(6);
  if (groups < 1) throw ArgumentError("groups must be >= 1, got " + std::to_string(groups));
  auto bias = a.optTensor(2);
  if (x.is_cpu()) EnsureTrustedConvBackend();
  if (!a.isArray(4)) {
    auto mode = a.string(4);
    if (mode != "same" && mode != "valid") throw ArgumentError("padding must be 'same', 'valid' or sizes, got '" + mode + "'");
    if (dims == 1) TS_RETURN(at::conv1d(x, w, bias, stride, mode, dilation, groups));
    TS_RETURN(at::conv2d(x, w, bias, stride, mode, dilation, groups));
  }
  auto padding = Sizes(a, 4, dims, "padding", 0);
  if (dims == 1) TS_RETURN(at::conv1d(x, w, bias, stride, padding, dilation, groups));
  TS_RETURN(at::conv2d(x, w, bias, stride, padding, dilation, groups));
}

// A pool's kernelSize, stride and padding (arguments 1-3); padding is at most half the kernel, as PyTorch checks.
struct PoolSizes {
  std::vector<int64_t> kernel, stride, padding;
};
PoolSizes ReadPoolSizes(const Args& a, size_t dims) {
  PoolSizes ps{Sizes(a, 1, dims, "kernelSize", 1), Sizes(a, 2, dims, "stride", 1), Sizes(a, 3, dims, "padding", 0)};
  for (size_t i = 0; i < dims; i++)
    if (ps.padding[i] * 2 > ps.kernel[i])
      throw ArgumentError("padding should be at most half of kernelSize, got padding " + std::to_string(ps.padding[i]) +
                          " for kernel " + std::to_string(ps.kernel[i]));
  return ps;
}

// maxPool{1,2}d(input, kernelSize[], stride[], padding[], dilation[], ceilMode)
napi_value MaxPool(Args& a, size_t dims) {
  const auto& x = a.tensor(0);
  CheckRank(x, dims, a.name());
  auto [k, s, p] = ReadPoolSizes(a, dims);
  auto d = Sizes(a, 4, dims, "dilation", 1);
  bool ceil = a.boolean(5, false);
  if (dims == 1) TS_RETURN(at::max_pool1d(x, k, s, p, d, ceil));
  TS_RETURN(at::max_pool2d(x, k, s, p, d, ceil));
}

// avgPool{1,2}d(input, kernelSize[], stride[], padding[], ceilMode, countIncludePad, divisorOverride?)
napi_value AvgPool(Args& a, size_t dims) {
  const auto& x = a.tensor(0);
  CheckRank(x, dims, a.name());
  auto [k, s, p] = ReadPoolSizes(a, dims);
  bool ceil = a.boolean(4, false), includePad = a.boolean(5, true);
  if (dims == 1) TS_RETURN(at::avg_pool1d(x, k, s, p, ceil, includePad));
  auto divisor = a.optInt64(6);
  if (divisor && *divisor == 0) throw ArgumentError("divisorOverride must not be 0");
  TS_RETURN(at::avg_pool2d(x, k, s, p, ceil, includePad, divisor));
}

napi_value AdaptiveAvgPool(Args& a, size_t dims) {
  const auto& x = a.tensor(0);
  CheckRank(x, dims, a.name());
  auto out = Sizes(a, 1, dims, "outputSize", 1);
  if (dims == 1) TS_RETURN(at::adaptive_avg_pool1d(x, out));
  TS_RETURN(at::adaptive_avg_pool2d(x, out));
}
}  // namespace

TS_FUNCTION(conv1d) { return Conv(a, 1); }
TS_FUNCTION(conv2d) { return Conv(a, 2); }
TS_FUNCTION(maxPool1d) { return MaxPool(a, 1); }
TS_FUNCTION(maxPool2d) { return MaxPool(a, 2); }
TS_FUNCTION(avgPool1d) { return AvgPool(a, 1); }
TS_FUNCTION(avgPool2d) { return AvgPool(a, 2); }
// adaptiveAvgPool{1,2}d(input, outputSize[])
TS_FUNCTION(adaptiveAvgPool1d) { return AdaptiveAvgPool(a, 1); }
TS_FUNCTION(adaptiveAvgPool2d) { return AdaptiveAvgPool(a, 2); }

// batchNorm(input, runningMean?, runningVar?, weight?, bias?, training, momentum, eps): in training mode the
// running statistics (when given) are updated in place, running = (1 - momentum) * running + momentum * batch.
TS_FUNCTION(batchNorm) {
  const auto& x = a.tensor(0);
  if (x.dim() < 2) throw ArgumentError("batchNorm expects an input of at least 2 dims (N, C, ...), got " + std::to_string(x.dim()) + "-D");
  bool training = a.boolean(5, false);
  if (training && x.numel() / x.size(1) <= 1)
    throw ArgumentError("batchNorm in training mode needs more than 1 value per channel, got input of shape " +
                        c10::str(x.sizes()));
  auto mean = a.optTensor(1), var = a.optTensor(2);
  if (!training && (!mean || !var)) throw ArgumentError("batchNorm in eval mode needs runningMean and runningVar");
  TS_RETURN(at::batch_norm(x, a.optTensor(3), a.optTensor(4), mean, var, training, a.number(6), a.number(7), true));
}
// groupNorm(input, numGroups, weight?, bias?, eps)
TS_FUNCTION(groupNorm) {
  const auto& x = a.tensor(0);
  auto groups = a.int64(1);
  if (x.dim() < 2) throw ArgumentError("groupNorm expects an input of at least 2 dims (N, C, ...), got " + std::to_string(x.dim()) + "-D");
  if (groups < 1 || x.size(1) % groups != 0)
    throw ArgumentError("groupNorm: " + std::to_string(x.size(1)) + " channels are not divisible into " + std::to_string(groups) + " groups");
  TS_RETURN(at::group_norm(x, groups, a.optTensor(2), a.optTensor(3), a.number(4), true));
}
// bilinear(input1, input2, weight, bias?)
TS_FUNCTION(bilinear) { TS_RETURN(at::bilinear(a.tensor(0), a.tensor(1), a.tensor(2), a.optTensor(3))); }

// scaledDotProductAttention(query, key, value, attnMask?, dropoutP, isCausal, scale?): a bool mask marks the
// positions that take part (true = attend), a float mask is added to the scores.
TS_FUNCTION(scaledDotProductAttention) {
  const auto& q = a.tensor(0);
  const auto& k = a.tensor(1);
  const auto& v = a.tensor(2);
  auto mask = a.optTensor(3);
  double p = a.number(4);
  bool causal = a.boolean(5, false);
  if (!(p >= 0 && p <= 1)) throw ArgumentError("dropoutP must be in [0, 1], got " + std::to_string(p));
  if (causal && mask) throw ArgumentError("attnMask and isCausal cannot both be set");
  if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) throw ArgumentError("query, key and value must have at least 2 dims");
  if (q.size(-1) != k.size(-1))
    throw ArgumentError("query and key must have the same last dim, got " + std::to_string(q.size(-1)) + " and " + std::to_string(k.size(-1)));
  if (k.size(-2) != v.size(-2))
    throw ArgumentError("key and value must have the same sequence length, got " + std::to_string(k.size(-2)) + " and " + std::to_string(v.size(-2)));
  if (mask && mask->scalar_type() != at::kBool && mask->scalar_type() != q.scalar_type())
    throw ArgumentError("attnMask must be bool or of the query's dtype");
  c10::optional<double> scale;
  if (!a.isNullish(6)) scale = a.number(6);
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
  TS_RETURN(at::scaled_dot_product_attention(q, k, v, mask, p, causal, scale));
#else
  // libtorch 1.13 has no public fused attention: the same math, composed.
  double s = scale ? *scale : 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
  auto scores = at::matmul(q * s, k.transpose(-2, -1));
  const double ninf = -std::numeric_limits<double>::infinity();
  if (causal) {
    auto keep = at::ones({q.size(-2), k.size(-2)}, q.options().dtype(at::kBool)).tril();
    scores = scores.masked_fill(keep.logical_not(), ninf);
  } else if (mask) {
    scores = mask->scalar_type() == at::kBool ? scores.masked_fill(mask->logical_not(), ninf) : scores + *mask;
  }
  auto weights = at::softmax(scores, -1);
  if (p > 0) weights = at::dropout(weights, p, true);
  TS_RETURN(at::matmul(weights, v));
#endif
}

// pad(input, pad[], mode: 'constant' | 'reflect' | 'replicate' | 'circular', value?)
TS_FUNCTION(pad) {
  const auto& x = a.tensor(0);
  auto pad = a.intList(1);
  if (pad.size() % 2 != 0) throw ArgumentError("pad must have an even number of values (before, after per dim), got " + std::to_string(pad.size()));
  if (static_cast<int64_t>(pad.size() / 2) > x.dim())
    throw ArgumentError("pad gives " + std::to_string(pad.size() / 2) + " dims but the input has " + std::to_string(x.dim()));
  std::string mode = a.isNullish(2) ? "constant" : a.string(2);
  if (mode != "constant" && mode != "reflect" && mode != "replicate" && mode != "circular")
    throw ArgumentError("pad mode must be 'constant', 'reflect', 'replicate' or 'circular', got '" + mode + "'");
  c10::optional<double> value;
  if (!a.isNullish(3)) value = a.number(3);
  if (value && mode != "constant") throw ArgumentError("pad value is only for mode 'constant'");
  TS_RETURN(at::pad(x, pad, mode, value));
}
// flip(input, dims[])
TS_FUNCTION(flip) { TS_RETURN(at::flip(a.tensor(0), a.intList(1))); }
// leakyRelu(input, negativeSlope)
TS_FUNCTION(leakyRelu) { TS_RETURN(at::leaky_relu(a.tensor(0), a.number(1))); }

// l1Loss(input, target, reduction?)
TS_FUNCTION(l1Loss) { TS_RETURN(at::l1_loss(a.tensor(0), a.tensor(1), a.reduction(2))); }
// smoothL1Loss(input, target, reduction?, beta)
TS_FUNCTION(smoothL1Loss) {
  double beta = a.isNullish(3) ? 1.0 : a.number(3);
  if (!(beta >= 0)) throw ArgumentError("beta must be >= 0, got " + std::to_string(beta));
  TS_RETURN(at::smooth_l1_loss(a.tensor(0), a.tensor(1), a.reduction(2), beta));
}
// binaryCrossEntropy(input, target, weight?, reduction?): input holds probabilities in [0, 1]
TS_FUNCTION(binaryCrossEntropy) {
  const auto& x = a.tensor(0);
  const auto& t = a.tensor(1);
  if (x.sizes() != t.sizes())
    throw ArgumentError("target size " + c10::str(t.sizes()) + " must be the same as input size " + c10::str(x.sizes()));
  TS_RETURN(at::binary_cross_entropy(x, t, a.optTensor(2), a.reduction(3)));
}

// Used by nn.init: erfinv_(self) in place (truncNormal_), linalgQr(A) -> [Q, R] (orthogonal_), diagonal(self, offset).
TS_FUNCTION(erfinv_) {
  a.tensor(0).erfinv_();
  return Undefined(a.env());
}
TS_FUNCTION(linalgQr) {
  auto qr = at::linalg_qr(a.tensor(0));
  return ToJs(a.env(), std::vector<at::Tensor>{std::get<0>(qr), std::get<1>(qr)});
}
TS_FUNCTION(diagonal) { TS_RETURN(at::diagonal(a.tensor(0), a.isNullish(1) ? 0 : a.int64(1))); }
