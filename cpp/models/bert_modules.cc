#include "bert_modules.h"
#include <ATen/ATen.h>
#include <c10/core/ScalarType.h>
#include <cmath>
#include <limits>
#include <torch/version.h>
#include "init_weights.h"

namespace tstorch {

namespace nn = torch::nn;

BertEmbeddingsImpl::BertEmbeddingsImpl(const BertConfig& c) {
  // construction order = transformers' (the random draws of reset_parameters follow it)
  word_embeddings = register_module(
      "word_embeddings", nn::Embedding(nn::EmbeddingOptions(c.vocab_size, c.hidden_size).padding_idx(c.pad_token_id)));
  position_embeddings =
      register_module("position_embeddings", nn::Embedding(nn::EmbeddingOptions(c.max_position_embeddings, c.hidden_size)));
  token_type_embeddings =
      register_module("token_type_embeddings", nn::Embedding(nn::EmbeddingOptions(c.type_vocab_size, c.hidden_size)));
  LayerNorm = register_module("LayerNorm", nn::LayerNorm(nn::LayerNormOptions({c.hidden_size}).eps(c.layer_norm_eps)));
  dropout = register_module("dropout", nn::Dropout(c.hidden_dropout_prob));
}

at::Tensor BertEmbeddingsImpl::forward(const at::Tensor& input_ids, const at::Tensor& token_type_ids,
                                       const at::Tensor& position_ids) {
  auto embeddings = word_embeddings->forward(input_ids) + token_type_embeddings->forward(token_type_ids);
  embeddings += position_embeddings->forward(position_ids);
  return dropout->forward(LayerNorm->forward(embeddings));
}

BertSelfAttentionImpl::BertSelfAttentionImpl(const BertConfig& c)
    : heads(c.num_attention_heads),
      head_size(c.head_size()),
      dropout_p(c.attention_probs_dropout_prob),
      sdpa(c.attn_implementation == "sdpa") {
  query = register_module("query", nn::Linear(c.hidden_size, c.hidden_size));
  key = register_module("key", nn::Linear(c.hidden_size, c.hidden_size));
  value = register_module("value", nn::Linear(c.hidden_size, c.hidden_size));
  dropout = register_module("dropout", nn::Dropout(c.attention_probs_dropout_prob));
}

// [batch, seq, hidden] -> [batch, heads, seq, head_size] (transpose_for_scores)
at::Tensor BertSelfAttentionImpl::split_heads(const at::Tensor& x) const {
  return x.view({x.size(0), x.size(1), heads, head_size}).permute({0, 2, 1, 3});
}

std::pair<at::Tensor, at::Tensor> BertSelfAttentionImpl::forward(const at::Tensor& hidden, const at::Tensor& extended_mask,
                                                                 bool want_probs) {
  auto mixed_query = query->forward(hidden);
  auto k = split_heads(key->forward(hidden));
  auto v = split_heads(value->forward(hidden));
  auto q = split_heads(mixed_query);
  at::Tensor context, probs;
#if TORCH_VERSION_MAJOR >= 2
  if (sdpa && !want_probs) {
    // the fused kernel, dropping out the probabilities only while training (its random draws differ from the
    // eager path's); the probabilities are asked for only by output_attentions, which takes the eager path, as
    // transformers' BertSdpaSelfAttention falls back to the eager one
    c10::optional<at::Tensor> mask;
    if (extended_mask.defined()) mask = extended_mask;
    context = at::scaled_dot_product_attention(q, k, v, mask, is_training() ? dropout_p : 0.0, false);
  }
#endif
  if (!context.defined()) {
    auto scores = at::matmul(q, k.transpose(-1, -2));
    scores = scores / std::sqrt(static_cast<double>(head_size));
    if (extended_mask.defined()) scores = scores + extended_mask;
    probs = dropout->forward(at::softmax(scores, -1));
    context = at::matmul(probs, v);
  }
  context = context.permute({0, 2, 1, 3}).contiguous();
  context = context.view({context.size(0), context.size(1), heads * head_size});
  return {context, want_probs ? probs : at::Tensor()};
}

BertResidualOutputImpl::BertResidualOutputImpl(const BertConfig& c, int64_t in_features) {
  dense = register_module("dense", nn::Linear(in_features, c.hidden_size));
  LayerNorm = register_module("LayerNorm", nn::LayerNorm(nn::LayerNormOptions({c.hidden_size}).eps(c.layer_norm_eps)));
  dropout = register_module("dropout", nn::Dropout(c.hidden_dropout_prob));
}

at::Tensor BertResidualOutputImpl::forward(const at::Tensor& hidden, const at::Tensor& input) {
  return LayerNorm->forward(dropout->forward(dense->forward(hidden)) + input);
}

BertAttentionImpl::BertAttentionImpl(const BertConfig& c) {
  self = register_module("self", std::make_shared<BertSelfAttentionImpl>(c));
  output = register_module("output", std::make_shared<BertResidualOutputImpl>(c, c.hidden_size));
}

BertIntermediateImpl::BertIntermediateImpl(const BertConfig& c) : act(ParseActivation(c.hidden_act)) {
  dense = register_module("dense", nn::Linear(c.hidden_size, c.intermediate_size));
}

BertLayerImpl::BertLayerImpl(const BertConfig& c) {
  attention = register_module("attention", std::make_shared<BertAttentionImpl>(c));
  intermediate = register_module("intermediate", std::make_shared<BertIntermediateImpl>(c));
  output = register_module("output", std::make_shared<BertResidualOutputImpl>(c, c.intermediate_size));
}

std::pair<at::Tensor, at::Tensor> BertLayerImpl::forward(const at::Tensor& hidden, const at::Tensor& extended_mask,
                                                         bool want_probs) {
  auto [context, probs] = attention->self->forward(hidden, extended_mask, want_probs);
  auto attention_output = attention->output->forward(context, hidden);
  auto layer_output = output->forward(intermediate->forward(attention_output), attention_output);
  return {layer_output, probs};
}

BertPoolerImpl::BertPoolerImpl(const BertConfig& c) {
  dense = register_module("dense", nn::Linear(c.hidden_size, c.hidden_size));
}

BertEncoderImpl::BertEncoderImpl(const BertConfig& c) {
  layer = register_module("layer", nn::ModuleList());
  for (int64_t i = 0; i < c.num_hidden_layers; i++) {
    layers.push_back(std::make_shared<BertLayerImpl>(c));
    layer->push_back(layers.back());
  }
}

BertModelImpl::BertModelImpl(const BertConfig& c, bool add_pooling_layer, bool post_init) : BertTask(c) {
  embeddings = register_module("embeddings", std::make_shared<BertEmbeddingsImpl>(c));
  encoder = register_module("encoder", std::make_shared<BertEncoderImpl>(c));
  if (add_pooling_layer) pooler = register_module("pooler", std::make_shared<BertPoolerImpl>(c));
  if (post_init) InitBertWeights(*this, c.initializer_range, nullptr);
}

at::Tensor ExtendedAttentionMask(const at::Tensor& mask, at::ScalarType dtype) {
  double min = 0;
  AT_DISPATCH_FLOATING_TYPES_AND2(at::kHalf, at::kBFloat16, dtype, "ExtendedAttentionMask",
                                  [&] { min = static_cast<double>(std::numeric_limits<scalar_t>::lowest()); });
  // [batch, seq] -> [batch, 1, 1, seq]; [batch, seq, seq] -> [batch, 1, seq, seq]
  auto extended = mask.dim() == 3 ? mask.unsqueeze(1) : mask.unsqueeze(1).unsqueeze(2);
  return at::rsub(extended.to(dtype), 1.0) * min;
}

BertOutputs BertModelImpl::Encode(const BertInputs& in) {
  const auto& ids = in.input_ids;
  int64_t batch = ids.size(0), seq = ids.size(1);
  auto options = ids.options().dtype(at::kLong);
  // transformers' buffers: zeros [1, seq] expanded to the batch, and arange(seq) as [1, seq]
  auto token_type_ids = in.token_type_ids.defined() ? in.token_type_ids : at::zeros({1, seq}, options).expand({batch, seq});
  auto position_ids = in.position_ids.defined() ? in.position_ids : at::arange(seq, options).unsqueeze(0);
  at::Tensor extended_mask;
  if (in.attention_mask.defined())
    extended_mask = ExtendedAttentionMask(in.attention_mask, embeddings->word_embeddings->weight.scalar_type());

  BertOutputs out;
  auto hidden = embeddings->forward(ids, token_type_ids, position_ids);
  for (const auto& layer : encoder->layers) {
    if (in.output_hidden_states) out.hidden_states.push_back(hidden);
    auto [next, probs] = layer->forward(hidden, extended_mask, in.output_attentions);
    hidden = next;
    if (in.output_attentions) out.attentions.push_back(probs);
  }
  if (in.output_hidden_states) out.hidden_states.push_back(hidden);
  out.last_hidden_state = hidden;
  if (pooler) out.pooler_output = pooler->forward(hidden);
  return out;
}

BertOutputs BertModelImpl::Forward(const BertInputs& in) { return Encode(in); }

}  // namespace tstorch
