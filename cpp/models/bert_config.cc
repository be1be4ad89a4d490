#include "bert_config.h"
#include "../errors.h"
#include "activations.h"
#include "js_object.h"
#include <torch/version.h>

namespace tstorch {

namespace {
void CheckPositive(const char* key, int64_t v) {
  if (v <= 0) throw ArgumentError(std::string("config.") + key + " must be a positive integer, got " + std::to_string(v));
}
void CheckProbability(const char* key, double p) {
  if (!(p >= 0 && p <= 1)) throw ArgumentError(std::string("config.") + key + " must be a probability in [0, 1], got " + std::to_string(p));
}
}  // namespace

BertConfig ParseBertConfig(napi_env env, napi_value object) {
  JsObject o(env, object, "config");
  BertConfig c;
  c.vocab_size = o.int64("vocab_size", c.vocab_size);
  c.hidden_size = o.int64("hidden_size", c.hidden_size);
  c.num_hidden_layers = o.int64("num_hidden_layers", c.num_hidden_layers);
  c.num_attention_heads = o.int64("num_attention_heads", c.num_attention_heads);
  c.intermediate_size = o.int64("intermediate_size", c.intermediate_size);
  c.hidden_act = o.string("hidden_act", c.hidden_act);
  c.hidden_dropout_prob = o.number("hidden_dropout_prob", c.hidden_dropout_prob);
  c.attention_probs_dropout_prob = o.number("attention_probs_dropout_prob", c.attention_probs_dropout_prob);
  c.max_position_embeddings = o.int64("max_position_embeddings", c.max_position_embeddings);
  c.type_vocab_size = o.int64("type_vocab_size", c.type_vocab_size);
  c.initializer_range = o.number("initializer_range", c.initializer_range);
  c.layer_norm_eps = o.number("layer_norm_eps", c.layer_norm_eps);
  // null means "no padding index", absent means BertConfig's default 0
  if (o.isNull("pad_token_id")) c.pad_token_id = c10::nullopt;
  else c.pad_token_id = o.int64("pad_token_id", 0);
  c.classifier_dropout = o.optNumber("classifier_dropout");
  c.num_labels = o.int64("num_labels", c.num_labels);
  c.tie_word_embeddings = o.boolean("tie_word_embeddings", c.tie_word_embeddings);

  CheckPositive("vocab_size", c.vocab_size);
  CheckPositive("hidden_size", c.hidden_size);
  CheckPositive("num_hidden_layers", c.num_hidden_layers);
  CheckPositive("num_attention_heads", c.num_attention_heads);
  CheckPositive("intermediate_size", c.intermediate_size);
  CheckPositive("max_position_embeddings", c.max_position_embeddings);
  CheckPositive("type_vocab_size", c.type_vocab_size);
  if (c.num_labels < 0) throw ArgumentError("config.num_labels must be >= 0");
  if (c.hidden_size % c.num_attention_heads != 0)
    throw ArgumentError("the hidden size (" + std::to_string(c.hidden_size) + ") is not a multiple of the number of attention heads (" +
                        std::to_string(c.num_attention_heads) + ")");
  CheckProbability("hidden_dropout_prob", c.hidden_dropout_prob);
  CheckProbability("attention_probs_dropout_prob", c.attention_probs_dropout_prob);
  if (c.classifier_dropout) CheckProbability("classifier_dropout", *c.classifier_dropout);
  if (!(c.layer_norm_eps > 0)) throw ArgumentError("config.layer_norm_eps must be positive");
  if (!(c.initializer_range >= 0)) throw ArgumentError("config.initializer_range must be >= 0");
  if (c.pad_token_id && (*c.pad_token_id < 0 || *c.pad_token_id >= c.vocab_size))
    throw ArgumentError("config.pad_token_id " + std::to_string(*c.pad_token_id) + " is outside the vocabulary (vocab_size " +
                        std::to_string(c.vocab_size) + ")");
  ParseActivation(c.hidden_act);  // throws, listing the supported names
  c.attn_implementation = o.string("_attn_implementation", c.attn_implementation);
  if (c.attn_implementation != "eager" && c.attn_implementation != "sdpa")
    throw ArgumentError("config._attn_implementation '" + c.attn_implementation + "' is not supported; use 'eager' or 'sdpa'");
  if (c.attn_implementation == "sdpa" && TORCH_VERSION_MAJOR < 2)
    throw ArgumentError("attnImplementation 'sdpa' needs libtorch 2.x (scaled_dot_product_attention); this libtorch is " +
                        std::string(TORCH_VERSION) + ": use 'eager'");

  auto position = o.string("position_embedding_type", "absolute");
  if (position != "absolute")
    throw ArgumentError("position_embedding_type '" + position + "' is not supported by tstorch's BERT; only 'absolute' is");
  if (o.boolean("is_decoder", false) || o.boolean("add_cross_attention", false))
    throw ArgumentError("BERT as a decoder (is_decoder / add_cross_attention) is not supported by tstorch");
  return c;
}

}  // namespace tstorch
