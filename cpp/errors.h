// Every native entry point runs its body through Dispatch(), which turns libtorch and C++ exceptions into
// JS errors prefixed with the function that was called: no input may abort the process.
#pragma once
#include "napi_config.h"
#include <stdexcept>
#include <string>

namespace tstorch {

// Bad argument from JS (wrong type, missing, disposed tensor): becomes a JS TypeError.
struct ArgumentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args;
using OpImpl = napi_value (*)(Args&);
napi_value Dispatch(napi_env env, napi_callback_info info, const char* name, OpImpl impl);

// Self-registration of native functions: each op file adds its functions to the module's exports.
struct Registrar {
  Registrar(const char* name, napi_callback cb);
};
struct RegisteredFunction {
  const char* name;
  napi_callback callback;
};
const std::vector<RegisteredFunction>& RegisteredFunctions();

}  // namespace tstorch

// Defines a native function `NAME` exported to JS; the body receives `Args& a` and returns a napi_value.
#define TS_FUNCTION(NAME)                                                            \
  static napi_value NAME##_impl(::tstorch::Args& a);                                 \
  static napi_value NAME##_cb(napi_env env, napi_callback_info info) {               \
    return ::tstorch::Dispatch(env, info, #NAME, &NAME##_impl);                      \
  }                                                                                  \
  static ::tstorch::Registrar NAME##_registrar(#NAME, &NAME##_cb);                   \
  static napi_value NAME##_impl([[maybe_unused]] ::tstorch::Args& a)
