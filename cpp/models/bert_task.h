// The interface every native BERT model (base model and heads) offers to the N-API layer: one Forward that
// runs the whole model in C++, and the names PyTorch's state_dict lists for tied parameters.
#pragma once
#include <torch/nn/module.h>
#include <set>
#include <string>
#include <utility>
#include <vector>
#include "bert_config.h"
#include "bert_io.h"

namespace tstorch {

// Qualified names of parameters that were loaded from a checkpoint (transformers' fast init skips them).
using LoadedNames = std::set<std::string>;

class BertTask : public torch::nn::Module {
 public:
  explicit BertTask(BertConfig config) : config_(std::move(config)) {}
  const BertConfig& config() const { return config_; }

  virtual BertOutputs Forward(const BertInputs& in) = 0;
  // transformers' `_init_weights` on every Linear/Embedding/LayerNorm, or only on those with a parameter
  // missing from `loaded` (fast init after from_pretrained).
  virtual void InitWeights(const LoadedNames* loaded);
  // [alias, parameter]: names state_dict() also lists for a parameter registered under another name.
  virtual std::vector<std::pair<std::string, std::string>> TiedParameters() const { return {}; }

 protected:
  BertConfig config_;
};

}  // namespace tstorch
