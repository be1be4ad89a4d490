// A JS handle owning a native model (a shared_ptr to a libtorch module). It is a JS "external" with a type tag:
// tensor handles are wrapped objects, so neither can be mistaken for the other. The finalizer is a basic one
// (runs inside V8's GC, no JS) that only drops the shared_ptr; parameters that JS tensors still hold live on.
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
