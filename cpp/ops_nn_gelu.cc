// gelu(self, approximate?: 'none' | 'tanh'). libtorch 1.13's float32 GELU backward is wrong when the incoming
// gradient is not contiguous (../shared/notes/libtorch-1.13-gelu.md); there the backward runs on a contiguous copy.
#include <ATen/ATen.h>
#include <torch/csrc/api/include/torch/version.h>
#include "args.h"
#if TORCH_VERSION_MAJOR < 2
#include <torch/csrc/autograd/custom_function.h>
#endif

using namespace tstorch;

namespace {
#if TORCH_VERSION_MAJOR < 2
struct ContiguousGradGelu : torch::autograd::Function<ContiguousGradGelu> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, const std::string& approximate) {
    ctx->save_for_backward({x});
    ctx->saved_data["approximate"] = approximate;
    return at::gelu(x, approximate);
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    auto x = ctx->get_saved_variables()[0];
    auto approximate = ctx->saved_data["approximate"].toStringRef();
    return {at::gelu_backward(grads[0].contiguous(), x, approximate), at::Tensor()};
  }
};
#endif

at::Tensor Gelu(const at::Tensor& x, const std::string& approximate) {
#if TORCH_VERSION_MAJOR < 2
  if (x.requires_grad() && at::GradMode::is_enabled()) return ContiguousGradGelu::apply(x, approximate);
#endif
  return at::gelu(x, approximate);
}
}  // namespace

TS_FUNCTION(gelu) {
  std::string approx = a.isNullish(1) ? "none" : a.string(1);
  if (approx != "none" && approx != "tanh") throw ArgumentError("approximate must be 'none' or 'tanh', got '" + approx + "'");
  return ToJs(a.env(), Gelu(a.tensor(0), approx));
}
