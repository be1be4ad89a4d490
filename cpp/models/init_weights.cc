#include "init_weights.h"
#include <ATen/ATen.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace tstorch {

namespace {
bool AllLoaded(const torch::nn::Module& m, const std::string& name, const LoadedNames& loaded) {
  for (const auto& p : m.named_parameters(/*recurse=*/false))
    if (!loaded.count(name.empty() ? p.key() : name + "." + p.key())) return false;
  return true;
}
}  // namespace

void InitBertWeights(torch::nn::Module& root, double std, const LoadedNames* loaded, const std::string& prefix,
                     const std::function<bool(const std::string&)>& skip) {
  at::NoGradGuard no_grad;
  // named_modules is pre-order; Python's apply() is post-order, but only leaves are initialized here and
  // leaves come in the same order either way.
  for (const auto& item : root.named_modules("", /*include_self=*/false)) {  // works inside constructors
    const std::string& rel = item.key();
    if (skip && skip(rel)) continue;
    std::string name = prefix.empty() ? rel : rel.empty() ? prefix : prefix + "." + rel;
    auto& m = *item.value();
    if (loaded && AllLoaded(m, name, *loaded)) continue;
    if (auto* linear = m.as<torch::nn::Linear>()) {
      linear->weight.normal_(0.0, std);
      if (linear->bias.defined()) linear->bias.zero_();
    } else if (auto* emb = m.as<torch::nn::Embedding>()) {
      emb->weight.normal_(0.0, std);
      if (auto pad = emb->options.padding_idx()) emb->weight[*pad].zero_();
    } else if (auto* ln = m.as<torch::nn::LayerNorm>()) {
      ln->bias.zero_();
      ln->weight.fill_(1.0);
    }
  }
}

void BertTask::InitWeights(const LoadedNames* loaded) { InitBertWeights(*this, config_.initializer_range, loaded); }

}  // namespace tstorch
