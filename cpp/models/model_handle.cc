#include "model_handle.h"
#include <string>
#include "../errors.h"
#include "../object_handle.h"

namespace tstorch {

namespace {
ObjectHolder<BertTask>* ModelHolderOf(napi_env env, napi_value value, const char* what) {
  void* data = nullptr;
  napi_valuetype type;
  napi_typeof(env, value, &type);
  if (type != napi_object || napi_unwrap(env, value, &data) != napi_ok || data == nullptr ||
      static_cast<NativeHandle*>(data)->kind != &ObjectHolder<BertTask>::kKind)
    throw ArgumentError(std::string(what) + " must be a native model handle");
  return static_cast<ObjectHolder<BertTask>*>(static_cast<NativeHandle*>(data));
}
}  // namespace

napi_value WrapModel(napi_env env, std::shared_ptr<BertTask> model) { return WrapObject(env, std::move(model)); }

BertTask& UnwrapModel(napi_env env, napi_value value, const char* what) {
  auto* holder = ModelHolderOf(env, value, what);
  if (!holder->ptr) throw ArgumentError(std::string(what) + " is a model that was disposed; it cannot be used any more");
  return *holder->ptr;
}

void DisposeModel(napi_env env, napi_value value) { ModelHolderOf(env, value, "model")->ptr.reset(); }

}  // namespace tstorch
