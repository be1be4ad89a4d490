// What one forward call of a native BERT model takes and returns; read from and written to JS by bert_inputs.cc.
#pragma once
#include <ATen/core/Tensor.h>
#include <string>
#include <vector>
#include "../napi_config.h"
#include "bert_config.h"

namespace tstorch {

struct BertInputs {
  at::Tensor input_ids;       // int64 [batch, seq]
  at::Tensor attention_mask;  // [batch, seq] or [batch, seq, seq]; undefined = attend everywhere
  at::Tensor token_type_ids;  // undefined = zeros
  at::Tensor position_ids;    // undefined = arange(seq)
  at::Tensor labels;
  at::Tensor start_positions;
  at::Tensor end_positions;
  bool output_hidden_states = false;
  bool output_attentions = false;
  std::string problem_type;  // sequence classification; empty = infer as transformers does
};

struct BertOutputs {
  at::Tensor loss, logits, start_logits, end_logits, last_hidden_state, pooler_output;
  std::vector<at::Tensor> hidden_states, attentions;
  std::string problem_type;  // the one the loss used (sequence classification)
};

// Reads `{input_ids, attention_mask, token_type_ids, position_ids, labels, start_positions, end_positions,
// output_hidden_states, output_attentions, problem_type}` and checks what would otherwise fail deep inside
// libtorch or, on CUDA, abort with a device-side assert: ranks, devices and the range of every index.
BertInputs ReadBertInputs(napi_env env, napi_value object, const BertConfig& config, const at::Device& device,
                          const std::string& class_name);
napi_value BertOutputsToJs(napi_env env, const BertOutputs& out);

}  // namespace tstorch
