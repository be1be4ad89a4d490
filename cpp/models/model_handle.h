// JS handles owning a native model: object_handle.h's kind-tagged wrapper around a shared_ptr<BertTask>, so a
// tensor or optimizer handle passed as a model is an error, and the GC-time finalizer only drops the shared_ptr
// (parameters that JS tensors still hold live on).
#pragma once
#include "../napi_config.h"
#include <memory>

namespace tstorch {

class BertTask;

napi_value WrapModel(napi_env env, std::shared_ptr<BertTask> model);
// The model of a live handle; throws ArgumentError naming `what` otherwise (not a model, or disposed).
BertTask& UnwrapModel(napi_env env, napi_value value, const char* what);
// Releases the model now; later use of the handle throws "disposed".
void DisposeModel(napi_env env, napi_value value);

}  // namespace tstorch
