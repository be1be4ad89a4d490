// Native functions over model handles: create a BERT model from a config, run it forward (one call for the
// whole model), and the torch.nn.Module basics lib/nn/module.ts builds on.
#include <ATen/ATen.h>
#include "../args.h"
#include "../handle.h"
#include "bert_heads.h"
#include "model_handle.h"

using namespace tstorch;

namespace {

at::Device ModelDevice(BertTask& m) {
  auto params = m.parameters();
  return params.empty() ? at::Device(at::kCPU) : params.front().device();
}

// A [key, value] pair as a two-element JS array.
napi_value Pair(napi_env env, napi_value a, napi_value b) {
  napi_value pair;
  napi_create_array_with_length(env, 2, &pair);
  napi_set_element(env, pair, 0, a);
  napi_set_element(env, pair, 1, b);
  return pair;
}

std::vector<std::string> StringList(const Args& a, size_t i) {
  if (!a.isArray(i)) a.fail(i, "an array of strings");
  uint32_t n;
  napi_get_array_length(a.env(), a[i], &n);
  std::vector<std::string> out;
  for (uint32_t k = 0; k < n; k++) {
    napi_value el;
    napi_get_element(a.env(), a[i], k, &el);
    napi_valuetype t;
    napi_typeof(a.env(), el, &t);
    if (t != napi_string) a.fail(i, "an array of strings");
    size_t len;
    napi_get_value_string_utf8(a.env(), el, nullptr, 0, &len);
    std::string s(len, '\0');
    napi_get_value_string_utf8(a.env(), el, s.data(), len + 1, &len);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

// bertCreate(className, config, postInit): the model with libtorch's default init, then transformers' `_init_weights`
// when postInit (a new model); without it, the caller loads a checkpoint and calls bertInitWeights for the rest.
TS_FUNCTION(bertCreate) {
  auto config = ParseBertConfig(a.env(), a[1]);
  return WrapModel(a.env(), CreateBertTask(a.string(0), config, a.boolean(2, true)));
}

// bertInitWeights(model, loadedNames | null): transformers' fast init — modules with a parameter not loaded.
TS_FUNCTION(bertInitWeights) {
  auto& m = UnwrapModel(a.env(), a[0], "argument 1");
  if (a.isNullish(1)) {
    m.InitWeights(nullptr);
  } else {
    auto names = StringList(a, 1);
    LoadedNames loaded(names.begin(), names.end());
    m.InitWeights(&loaded);
  }
  return Undefined(a.env());
}

// bertForward(model, className, inputs): {loss?, logits?, startLogits?, endLogits?, lastHiddenState?, poolerOutput?,
// hiddenStates?, attentions?, problemType?}; inputs use transformers' snake_case names.
TS_FUNCTION(bertForward) {
  auto& m = UnwrapModel(a.env(), a[0], "argument 1");
  auto inputs = ReadBertInputs(a.env(), a[2], m.config(), ModelDevice(m), a.string(1));
  return BertOutputsToJs(a.env(), m.Forward(inputs));
}

// moduleNamedParameters(model): [[name, tensor], ...] in registration order; the tensors are the parameters.
TS_FUNCTION(moduleNamedParameters) {
  auto& m = UnwrapModel(a.env(), a[0], "argument 1");
  auto params = m.named_parameters();
  napi_value list;
  napi_create_array_with_length(a.env(), params.size(), &list);
  uint32_t k = 0;
  for (const auto& p : params)
    napi_set_element(a.env(), list, k++, Pair(a.env(), ToJs(a.env(), p.key()), WrapTensor(a.env(), p.value())));
  return list;
}

// moduleTiedParameters(model): [[alias, parameterName], ...]
TS_FUNCTION(moduleTiedParameters) {
  auto& m = UnwrapModel(a.env(), a[0], "argument 1");
  auto tied = m.TiedParameters();
  napi_value list;
  napi_create_array_with_length(a.env(), tied.size(), &list);
  for (uint32_t k = 0; k < tied.size(); k++)
    napi_set_element(a.env(), list, k, Pair(a.env(), ToJs(a.env(), tied[k].first), ToJs(a.env(), tied[k].second)));
  return list;
}

// moduleTrain(model, mode)
TS_FUNCTION(moduleTrain) {
  UnwrapModel(a.env(), a[0], "argument 1").train(a.boolean(1, true));
  return Undefined(a.env());
}

// moduleTo(model, device?, dtype?): in place; parameters keep their identity (set_data), as in PyTorch.
TS_FUNCTION(moduleTo) {
  auto& m = UnwrapModel(a.env(), a[0], "argument 1");
  auto device = a.optDevice(1);
  auto dtype = a.optDtype(2);
  if (dtype && !at::isFloatingType(*dtype))
    throw ArgumentError(std::string("a model can only be converted to a floating point dtype, got ") + DtypeName(*dtype));
  if (device && dtype) m.to(*device, *dtype);
  else if (device) m.to(*device);
  else if (dtype) m.to(*dtype);
  return Undefined(a.env());
}

// moduleDispose(model): frees the model now (parameters still held by JS tensors stay alive).
TS_FUNCTION(moduleDispose) {
  DisposeModel(a.env(), a[0]);
  return Undefined(a.env());
}
