// transformers' BertPreTrainedModel._init_weights, applied in `nn.Module.apply` order so that the random
// draws happen in the order Python makes them (same seed, same weights).
#pragma once
#include <torch/nn/module.h>
#include <functional>
#include <string>
#include "bert_task.h"

namespace tstorch {

// Initializes the Linear / Embedding / LayerNorm modules under `root` (names relative to `root`, prefixed with
// `prefix` when compared with `loaded`). With `loaded`, a module is skipped when all its parameters were loaded.
// `skip(name)` leaves whole subtrees alone (modules a nested post_init already initialized).
void InitBertWeights(torch::nn::Module& root, double std, const LoadedNames* loaded, const std::string& prefix = "",
                     const std::function<bool(const std::string&)>& skip = nullptr);

}  // namespace tstorch
