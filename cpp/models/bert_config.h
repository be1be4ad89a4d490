// The BertConfig fields the native model needs, read from the snake_case object lib/transformers passes
// (`config.toDict()` plus `num_labels` and `_attn_implementation`). The defaults are BERT_DEFAULTS
// (lib/transformers/models/bert/configuration_bert.ts) and the checks EncoderConfig.validate: the config arrives
// complete and checked, so every field is read as required and only what this model cannot build is rejected here.
#pragma once
#include "../napi_config.h"
#include <c10/util/Optional.h>
#include <cstdint>
#include <string>

namespace tstorch {

struct BertConfig {
  int64_t vocab_size;
  int64_t hidden_size;
  int64_t num_hidden_layers;
  int64_t num_attention_heads;
  int64_t intermediate_size;
  std::string hidden_act;
  double hidden_dropout_prob;
  double attention_probs_dropout_prob;
  int64_t max_position_embeddings;
  int64_t type_vocab_size;
  double initializer_range;
  double layer_norm_eps;
  c10::optional<int64_t> pad_token_id;
  c10::optional<double> classifier_dropout;
  int64_t num_labels;
  bool tie_word_embeddings;
  // transformers' `_attn_implementation`: "eager" (softmax, dropout, matmul) or "sdpa"
  // (scaled_dot_product_attention, libtorch 2.x), resolved by lib/transformers before building
  std::string attn_implementation;

  int64_t head_size() const { return hidden_size / num_attention_heads; }
  // The head's dropout: `classifier_dropout ?? hidden_dropout_prob`, as transformers.
  double head_dropout() const { return classifier_dropout.value_or(hidden_dropout_prob); }
};

BertConfig ParseBertConfig(napi_env env, napi_value object);

}  // namespace tstorch
