// transformers' ACT2FN (4.31) for `hidden_act`: each name computes exactly what the Python class computes, so
// parity holds for every activation a BertConfig accepts.
#pragma once
#include <ATen/core/Tensor.h>
#include <string>
#include "activations_gen.h"

namespace tstorch {

// Throws ArgumentError listing the supported names.
Activation ParseActivation(const std::string& name);
at::Tensor Activate(Activation act, const at::Tensor& x);

}  // namespace tstorch
