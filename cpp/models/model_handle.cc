#include "model_handle.h"
#include <string>
#include "../errors.h"
#include "../object_handle.h"

namespace tstorch {

namespace {
ObjectHolder<BertTask>* ModelHolderOf(napi_env env, napi_value value, const char* what) {
  return UnwrapHolderOf<BertTask>(env, value, what);
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
