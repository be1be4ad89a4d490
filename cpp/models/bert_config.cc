#include "bert_config.h"
#include "../errors.h"
#include "activations.h"
#include "../js_object.h"
#include <torch/version.h>

namespace tstorch {

BertConfig ParseBertConfig(napi_env env, napi_value object) {
  JsObject o(env, object, "config");
  BertConfig c;
  c.vocab_size = o.int64("vocab_size");
  c.hidden_size = o.int64("hidden_size");
  c.num_hidden_layers = o.int64("num_hidden_layers");
  c.num_attention_heads = o.int64("num_attention_heads");
  c.intermediate_size = o.int64("intermediate_size");
  c.hidden_act = o.string("hidden_act");
  c.hidden_dropout_prob = o.number("hidden_dropout_prob");
  c.attention_probs_dropout_prob = o.number("attention_probs_dropout_prob");
  c.max_position_embeddings = o.int64("max_position_embeddings");
  c.type_vocab_size = o.int64("type_vocab_size");
  c.initializer_range = o.number("initializer_range");
  c.layer_norm_eps = o.number("layer_norm_eps");
  c.pad_token_id = o.optInt64("pad_token_id");  // null: no padding index
  c.classifier_dropout = o.optNumber("classifier_dropout");
  c.num_labels = o.int64("num_labels");
  c.tie_word_embeddings = o.boolean("tie_word_embeddings", true);
  c.attn_implementation = o.string("_attn_implementation");

  // What EncoderConfig.validate allows but this model does not build.
  ParseActivation(c.hidden_act);  // throws, listing the supported names
  if (c.attn_implementation != "eager" && c.attn_implementation != "sdpa")
    throw ArgumentError("config._attn_implementation '" + c.attn_implementation + "' is not supported; use 'eager' or 'sdpa'");
  if (c.attn_implementation == "sdpa" && TORCH_VERSION_MAJOR < 2)
    throw ArgumentError("attnImplementation 'sdpa' needs libtorch 2.x (scaled_dot_product_attention); this libtorch is " +
                        std::string(TORCH_VERSION) + ": use 'eager'");

  auto position = o.string("position_embedding_type");
  if (position != "absolute")
    throw ArgumentError("position_embedding_type '" + position + "' is not supported by tstorch's BERT; only 'absolute' is");
  if (o.boolean("is_decoder", false) || o.boolean("add_cross_attention", false))
    throw ArgumentError("BERT as a decoder (is_decoder / add_cross_attention) is not supported by tstorch");
  return c;
}

}  // namespace tstorch
