// The BertConfig fields the native model needs, read from the snake_case object lib/transformers passes
// (`config.toDict()` plus `num_labels`). Unsupported settings are rejected here, before any module is built.
#pragma once
#include "../napi_config.h"
#include <c10/util/Optional.h>
#include <cstdint>
#include <string>

namespace tstorch {

struct BertConfig {
  int64_t vocab_size = 30522;
  int64_t hidden_size = 768;
  int64_t num_hidden_layers = 12;
  int64_t num_attention_heads = 12;
  int64_t intermediate_size = 3072;
  std::string hidden_act = "gelu";
  double hidden_dropout_prob = 0.1;
  double attention_probs_dropout_prob = 0.1;
  int64_t max_position_embeddings = 512;
  int64_t type_vocab_size = 2;
  double initializer_range = 0.02;
  double layer_norm_eps = 1e-12;
  c10::optional<int64_t> pad_token_id = 0;
  c10::optional<double> classifier_dropout;
  int64_t num_labels = 2;
  bool tie_word_embeddings = true;
  // transformers' `_attn_implementation`: "eager" (softmax, dropout, matmul) or "sdpa"
  // (scaled_dot_product_attention, libtorch 2.x); lib/transformers resolves the default before building
  std::string attn_implementation = "eager";

  int64_t head_size() const { return hidden_size / num_attention_heads; }
  // The head's dropout: `classifier_dropout ?? hidden_dropout_prob`, as transformers.
  double head_dropout() const { return classifier_dropout.value_or(hidden_dropout_prob); }
};

BertConfig ParseBertConfig(napi_env env, napi_value object);

}  // namespace tstorch
