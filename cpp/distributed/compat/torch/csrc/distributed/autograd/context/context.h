// Debian's libtorch-dev 1.13 leaves out torch/csrc/distributed/autograd, which c10d's reducer.hpp includes for two
// names: DistAutogradContext::GradCallback (a static_assert) and ContextPtr (a shared_ptr member, so the Reducer's
// layout does not depend on what it points to). This folder is
// searched after the system headers (-idirafter), so a libtorch that ships the real header uses it instead.
#pragma once
#include <ATen/core/Tensor.h>
#include <functional>
#include <memory>

namespace torch::distributed::autograd {
struct DistAutogradContext {
  using GradCallback = std::function<bool(at::Tensor&)>;
};
using ContextPtr = std::shared_ptr<DistAutogradContext>;
}  // namespace torch::distributed::autograd
