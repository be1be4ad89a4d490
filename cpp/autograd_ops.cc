// Autograd plumbing that nn.Module and torch.utils.checkpoint build on: replacing a parameter's data in place
// (PyTorch's `param.data = t`) and backward from several outputs at once (torch.autograd.backward).
#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>
#include "dispatch.h"
#include "handle.h"

using namespace tstorch;

// setData(param, data): the parameter now holds `data` (other shape, dtype or device allowed); it keeps its
// identity, grad-requirement and autograd hooks, so optimizers holding it keep working.
TS_FUNCTION(setData) {
  auto& param = a.tensor(0);
  auto& data = a.tensor(1);
  param.set_data(data);
  return Undefined(a.env());
}

// autogradBackward(tensors, gradients | null[]): accumulates into the leaves' .grad the gradient of every tensor
// (a null gradient means ones, for one-element tensors), in one pass of the engine.
TS_FUNCTION(autogradBackward) {
  auto tensors = a.tensorList(0);
  auto grads = a.optTensorList(1);
  if (grads.size() != tensors.size())
    throw ArgumentError("autograd.backward: " + std::to_string(tensors.size()) + " tensors but " + std::to_string(grads.size()) + " gradients");
  torch::autograd::variable_list gradients;
  for (size_t i = 0; i < tensors.size(); i++) {
    if (grads[i]) gradients.push_back(*grads[i]);
    else if (tensors[i].numel() == 1) gradients.push_back(at::ones_like(tensors[i]));
    else
      throw ArgumentError("autograd.backward: tensor " + std::to_string(i) + " has shape [" + c10::Join(", ", tensors[i].sizes()) +
                          "]; without a gradient it must have one element");
  }
  torch::autograd::backward(tensors, gradients, /*retain_graph=*/false);
  NoteBackwardDone(a.env());
  return Undefined(a.env());
}
