// Debian trixie's libtorch 2.6 links the system oneDNN (libdnnl 3.6), and there the float32 convolution backward
// for the input is wrong whenever ATen picks oneDNN for a stride-1, ungrouped convolution: off by 1-20 on unit
// inputs, sometimes NaN (reads of uninitialized memory), depending on the channel count and the CPU's ISA
// (AVX-512 and AVX2 fail on different shapes). Python torch on that libtorch is wrong the same way; forward
// and weight gradients are right. Measured in bench/RESULTS.md ("oneDNN convolutions on libtorch 2.6"); ATen's
// own kernels were faster there on three of four model convolutions. A libtorch whose oneDNN is right (1.13's,
// measured) passes these checks and keeps it.
#include "conv_backend_check.h"
#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <c10/core/GradMode.h>
#include <cmath>

namespace {

// The input gradient of conv1d(batch, cin -> cout, kernel 3, padding 1) in `dtype`, on fixed inputs (no
// generator is drawn, so seeded runs are unchanged).
at::Tensor InputGradient(int64_t batch, int64_t cin, int64_t cout, int64_t length, at::ScalarType dtype) {
  auto opts = at::TensorOptions().dtype(dtype);
  auto x = at::sin(at::arange(batch * cin * length, opts)).reshape({batch, cin, length});
  auto w = at::cos(at::arange(cout * cin * 3, opts)).reshape({cout, cin, 3});
  auto gy = at::sin(at::arange(batch * cout * length, opts) * 0.7).reshape({batch, cout, length});
  auto grads = at::convolution_backward(gy, x, w, at::OptionalIntArrayRef{}, {1}, {1}, {1}, false, {0}, 1,
                                        {true, false, false});
  return std::get<0>(grads);
}

bool OneDnnConvBackwardIsRight() {
  // shapes that failed on the Debian build: each ISA misses some of them
  const int64_t cases[][4] = {{2, 1, 1, 5}, {2, 3, 5, 5}, {2, 8, 8, 5}};
  for (const auto& c : cases) {
    auto got = InputGradient(c[0], c[1], c[2], c[3], at::kFloat).to(at::kDouble);
    auto want = InputGradient(c[0], c[1], c[2], c[3], at::kDouble);
    double err = (got - want).abs().max().item<double>();
    if (!(err < 1e-4)) return false;  // NaN fails too
  }
  return true;
}

}  // namespace

void tstorch::EnsureTrustedConvBackend() {
  static const bool checked = [] {
    if (at::globalContext().userEnabledMkldnn() && !OneDnnConvBackwardIsRight())
      at::globalContext().setUserEnabledMkldnn(false);
    return true;
  }();
  (void)checked;
}
