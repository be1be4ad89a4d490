// Module entry: exports every function registered with TS_FUNCTION.
#include "errors.h"

namespace {
napi_value Init(napi_env env, napi_value exports) {
  for (const auto& f : tstorch::RegisteredFunctions()) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.callback, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}
}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
