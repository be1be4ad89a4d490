// Debian's libtorch-dev 1.13 leaves out torch/csrc/distributed/autograd, which c10d's reducer.hpp includes only
// to static_assert that its gradient callback type equals DistAutogradContext::GradCallback. This folder is
// searched after the system headers (-idirafter), so a libtorch that ships the real header uses it instead.
#pragma once
#include <ATen/core/Tensor.h>
#include <functional>

namespace torch::distributed::autograd {
struct DistAutogradContext {
  using GradCallback = std::function<bool(at::Tensor&)>;
};
}  // namespace torch::distributed::autograd
