// Module entry: exports every native of cpp/natives.table (natives_gen.cc), each called through Dispatch.
#include "dispatch.h"

namespace {
napi_value Init(napi_env env, napi_value exports) {
  for (size_t i = 0; i < tstorch::kNativeCount; i++) {
    const auto& spec = tstorch::kNatives[i];
    napi_value fn;
    napi_create_function(env, spec.name, NAPI_AUTO_LENGTH, tstorch::Dispatch, const_cast<tstorch::NativeSpec*>(&spec), &fn);
    napi_set_named_property(env, exports, spec.name, fn);
  }
  return exports;
}
}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
