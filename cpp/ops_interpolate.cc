// interpolate: torch.nn.functional.interpolate's kernels (upsample_* and, for 'area', adaptive average pooling).
// The TypeScript side resolves size / scaleFactor / recomputeScaleFactor as Python does; the kernels get either an
// output size or the scale factors, so coordinates map with 1/scale exactly as PyTorch's do. Autograd comes with
// the aten ops.
#include <ATen/ATen.h>
#include <cmath>
#include <string>
#include <vector>
#include "dispatch.h"

using namespace tstorch;

namespace {
// A list of positive finite numbers (the scale factors), or nullopt for null/undefined.
c10::optional<std::vector<double>> Scales(const Args& a, size_t i) {
  if (a.isNullish(i)) return c10::nullopt;
  auto out = a.numberList(i);
  for (double f : out)
    if (!(f > 0) || !std::isfinite(f)) throw ArgumentError("scaleFactor must be positive and finite, got " + std::to_string(f));
  return out;
}

int64_t SpatialDims(const at::Tensor& x, const std::string& mode) {
  int64_t d = x.dim() - 2;
  bool ok = mode == "linear" ? d == 1 : mode == "bilinear" || mode == "bicubic" ? d == 2 : mode == "trilinear" ? d == 3 : d >= 1 && d <= 3;
  if (!ok) {
    const char* need = mode == "linear" ? "3D" : mode == "trilinear" ? "5D" : mode == "bilinear" || mode == "bicubic" ? "4D" : "3D, 4D or 5D";
    throw ArgumentError("got " + std::to_string(x.dim()) + "D input, but mode '" + mode + "' needs " + need +
                        " input ([batch, channels, spatial...])");
  }
  return d;
}
}  // namespace

// interpolate(input, size[] | null, scaleFactors[] | null, mode, alignCorners, antialias)
// mode: nearest | nearest-exact | linear | bilinear | bicubic | trilinear | area ('area' takes a size).
TS_FUNCTION(interpolate) {
  const auto& x = a.tensor(0);
  auto size = a.optIntList(1);
  auto scales = Scales(a, 2);
  auto mode = a.string(3);
  bool alignCorners = a.boolean(4, false);
  bool antialias = a.boolean(5, false);
  if (mode != "nearest" && mode != "nearest-exact" && mode != "linear" && mode != "bilinear" && mode != "bicubic" &&
      mode != "trilinear" && mode != "area")
    throw ArgumentError("mode must be 'nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear' or 'area', got '" + mode + "'");
  int64_t d = SpatialDims(x, mode);
  if (size.has_value() == scales.has_value()) throw ArgumentError("give exactly one of size and scaleFactors");
  size_t n = size ? size->size() : scales->size();
  if (static_cast<int64_t>(n) != d)
    throw ArgumentError((size ? "size" : "scaleFactor") + std::string(" must have ") + std::to_string(d) + " value(s) for a " +
                        std::to_string(x.dim()) + "D input, got " + std::to_string(n));
  if (size)
    for (auto s : *size)
      if (s < 1) throw ArgumentError("size values must be >= 1, got " + std::to_string(s));
  if (antialias && mode != "bilinear" && mode != "bicubic") throw ArgumentError("antialias is only for modes 'bilinear' and 'bicubic'");
  at::OptionalIntArrayRef outSize = size ? at::OptionalIntArrayRef(*size) : c10::nullopt;
  c10::optional<at::ArrayRef<double>> factors = scales ? c10::optional<at::ArrayRef<double>>(*scales) : c10::nullopt;
  at::Tensor y;
  if (mode == "area") {
    if (!size) throw ArgumentError("mode 'area' needs an output size");
    y = d == 1 ? at::adaptive_avg_pool1d(x, *size) : d == 2 ? at::adaptive_avg_pool2d(x, *size) : at::adaptive_avg_pool3d(x, *size);
  } else if (mode == "nearest") {
    y = d == 1 ? at::upsample_nearest1d(x, outSize, factors)
               : d == 2 ? at::upsample_nearest2d(x, outSize, factors) : at::upsample_nearest3d(x, outSize, factors);
  } else if (mode == "nearest-exact") {
    y = d == 1 ? at::_upsample_nearest_exact1d(x, outSize, factors)
               : d == 2 ? at::_upsample_nearest_exact2d(x, outSize, factors) : at::_upsample_nearest_exact3d(x, outSize, factors);
  } else if (mode == "linear") {
    y = at::upsample_linear1d(x, outSize, alignCorners, factors);
  } else if (mode == "bilinear") {
    y = antialias ? at::_upsample_bilinear2d_aa(x, outSize, alignCorners, factors) : at::upsample_bilinear2d(x, outSize, alignCorners, factors);
  } else if (mode == "bicubic") {
    y = antialias ? at::_upsample_bicubic2d_aa(x, outSize, alignCorners, factors) : at::upsample_bicubic2d(x, outSize, alignCorners, factors);
  } else {
    y = at::upsample_trilinear3d(x, outSize, alignCorners, factors);
  }
  return ToJs(a.env(), y);
}
