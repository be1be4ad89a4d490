#include "activations.h"
#include <ATen/ATen.h>
#include <cmath>
#include "../errors.h"

namespace tstorch {

namespace {
const double kPi = 3.14159265358979323846;
}  // namespace

Activation ParseActivation(const std::string& name) {
  std::string names;
  for (const auto& [n, act] : kActivations) {
    if (name == n) return act;
    names += names.empty() ? n : std::string(", ") + n;
  }
  throw ArgumentError("hidden_act '" + name + "' is not supported; expected one of " + names);
}

// Formulas and constants are those of transformers/activations.py, operation for operation.
at::Tensor Activate(Activation act, const at::Tensor& x) {
  switch (act) {
    case Activation::Gelu: return at::gelu(x);
    case Activation::Gelu10: return at::clamp(at::gelu(x), -10, 10);
    case Activation::GeluFast:
      return 0.5 * x * (1.0 + at::tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x)));
    case Activation::GeluNew:
      return 0.5 * x * (1.0 + at::tanh(std::sqrt(2.0 / kPi) * (x + 0.044715 * at::pow(x, 3.0))));
    case Activation::GeluPython: return x * 0.5 * (1.0 + at::erf(x / std::sqrt(2.0)));
    case Activation::GeluPytorchTanh: return at::gelu(x, "tanh");
    case Activation::GeluAccurate:
      return 0.5 * x * (1 + at::tanh(std::sqrt(2 / kPi) * (x + 0.044715 * at::pow(x, 3))));
    case Activation::Laplace: {
      auto z = (x - 0.707107).div(0.282095 * std::sqrt(2.0));
      return 0.5 * (1.0 + at::erf(z));
    }
    case Activation::LeakyRelu: return at::leaky_relu(x, 0.01);
    case Activation::Linear: return x;
    case Activation::Mish: return at::mish(x);
    case Activation::QuickGelu: return x * at::sigmoid(1.702 * x);
    case Activation::Relu: return at::relu(x);
    case Activation::Relu2: return at::square(at::relu(x));
    case Activation::Relu6: return at::hardtanh(x, 0, 6);
    case Activation::Sigmoid: return at::sigmoid(x);
    case Activation::Silu: return at::silu(x);
    case Activation::Tanh: return at::tanh(x);
  }
  return x;
}

}  // namespace tstorch
