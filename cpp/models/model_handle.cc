#include "model_handle.h"
#include <string>
#include "../errors.h"

namespace tstorch {

namespace {
struct ModelHolder {
  std::shared_ptr<BertTask> model;
};

constexpr napi_type_tag kModelTag = {0x7473746f72636831ULL, 0x6d6f64656c6d6f64ULL};

void FinalizeModel(node_api_basic_env, void* data, void*) { delete static_cast<ModelHolder*>(data); }

ModelHolder* Holder(napi_env env, napi_value value, const char* what) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  bool tagged = false;
  if (type != napi_external || napi_check_object_type_tag(env, value, &kModelTag, &tagged) != napi_ok || !tagged)
    throw ArgumentError(std::string(what) + " must be a native model handle");
  void* data = nullptr;
  napi_get_value_external(env, value, &data);
  return static_cast<ModelHolder*>(data);
}
}  // namespace

napi_value WrapModel(napi_env env, std::shared_ptr<BertTask> model) {
  auto* holder = new ModelHolder{std::move(model)};
  napi_value result;
  if (napi_create_external(env, holder, FinalizeModel, nullptr, &result) != napi_ok) {
    delete holder;
    throw Napi::Error::New(env, "tstorch: could not create a model handle");
  }
  napi_type_tag_object(env, result, &kModelTag);
  return result;
}

BertTask& UnwrapModel(napi_env env, napi_value value, const char* what) {
  auto* holder = Holder(env, value, what);
  if (!holder->model) throw ArgumentError(std::string(what) + " is a model that was disposed; it cannot be used any more");
  return *holder->model;
}

void DisposeModel(napi_env env, napi_value value) { Holder(env, value, "model")->model.reset(); }

}  // namespace tstorch
