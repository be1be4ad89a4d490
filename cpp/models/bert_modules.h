// BertModel written with libtorch's C++ frontend. Submodule names are transformers' attribute names, so
// named_parameters() yields exactly Hugging Face's parameter names (`encoder.layer.0.attention.self.query.weight`).
// Each forward performs transformers 4.31's operations in its order, which keeps float32 results within
// rounding of Python's.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <memory>
#include <utility>
#include "activations.h"
#include "bert_task.h"

namespace tstorch {

struct BertEmbeddingsImpl : torch::nn::Module {
  explicit BertEmbeddingsImpl(const BertConfig& c);
  at::Tensor forward(const at::Tensor& input_ids, const at::Tensor& token_type_ids, const at::Tensor& position_ids);
  torch::nn::Embedding word_embeddings{nullptr}, position_embeddings{nullptr}, token_type_embeddings{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};

struct BertSelfAttentionImpl : torch::nn::Module {
  explicit BertSelfAttentionImpl(const BertConfig& c);
  // Returns the context and, when `want_probs`, the attention probabilities (after dropout, as transformers).
  std::pair<at::Tensor, at::Tensor> forward(const at::Tensor& hidden, const at::Tensor& extended_mask, bool want_probs);
  at::Tensor split_heads(const at::Tensor& x) const;
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
  torch::nn::Dropout dropout{nullptr};
  int64_t heads, head_size;
  double dropout_p;
  bool sdpa;  // config.attn_implementation == "sdpa"
};

// Dense, dropout, then LayerNorm of the sum with the block's input (BertSelfOutput and BertOutput).
struct BertResidualOutputImpl : torch::nn::Module {
  BertResidualOutputImpl(const BertConfig& c, int64_t in_features);
  at::Tensor forward(const at::Tensor& hidden, const at::Tensor& input);
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};

struct BertAttentionImpl : torch::nn::Module {
  explicit BertAttentionImpl(const BertConfig& c);
  std::shared_ptr<BertSelfAttentionImpl> self;
  std::shared_ptr<BertResidualOutputImpl> output;
};

struct BertIntermediateImpl : torch::nn::Module {
  explicit BertIntermediateImpl(const BertConfig& c);
  at::Tensor forward(const at::Tensor& x) { return Activate(act, dense->forward(x)); }
  torch::nn::Linear dense{nullptr};
  Activation act;
};

struct BertLayerImpl : torch::nn::Module {
  explicit BertLayerImpl(const BertConfig& c);
  std::pair<at::Tensor, at::Tensor> forward(const at::Tensor& hidden, const at::Tensor& extended_mask, bool want_probs);
  std::shared_ptr<BertAttentionImpl> attention;
  std::shared_ptr<BertIntermediateImpl> intermediate;
  std::shared_ptr<BertResidualOutputImpl> output;
};

struct BertPoolerImpl : torch::nn::Module {
  explicit BertPoolerImpl(const BertConfig& c);
  at::Tensor forward(const at::Tensor& hidden) { return at::tanh(dense->forward(hidden.select(1, 0))); }
  torch::nn::Linear dense{nullptr};
};

struct BertEncoderImpl : torch::nn::Module {
  explicit BertEncoderImpl(const BertConfig& c);
  torch::nn::ModuleList layer{nullptr};
  std::vector<std::shared_ptr<BertLayerImpl>> layers;
};

// transformers' BertModel. `post_init` runs `_init_weights` at the end of construction, as Python's post_init
// does outside `from_pretrained`.
class BertModelImpl : public BertTask {
 public:
  BertModelImpl(const BertConfig& c, bool add_pooling_layer, bool post_init);
  BertOutputs Forward(const BertInputs& in) override;
  // Embeddings and encoder (and pooler when present): last_hidden_state, pooler_output, hidden_states, attentions.
  BertOutputs Encode(const BertInputs& in);

  std::shared_ptr<BertEmbeddingsImpl> embeddings;
  std::shared_ptr<BertEncoderImpl> encoder;
  std::shared_ptr<BertPoolerImpl> pooler;  // null without a pooling layer
};

// `(1 - mask) * finfo(dtype).min`, shaped to broadcast over heads and queries (get_extended_attention_mask).
at::Tensor ExtendedAttentionMask(const at::Tensor& mask, at::ScalarType dtype);

}  // namespace tstorch
