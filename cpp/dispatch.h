// Every native function runs through Dispatch(): it checks the argument count and each argument's JS kind against
// cpp/natives.table (natives_gen.cc), and turns libtorch and C++ exceptions into JS errors prefixed with the
// function's name, so no input may abort the process.
#pragma once
#include "args.h"
#include "natives_gen.h"

namespace tstorch {

// The napi callback of every native; its data pointer is the function's NativeSpec (natives_gen.cc).
napi_value Dispatch(napi_env env, napi_callback_info info);

}  // namespace tstorch

// Defines the body of native `NAME`, declared in natives_gen.h from its cpp/natives.table entry; it reads its
// arguments through `Args& a` and returns a napi_value.
#define TS_FUNCTION(NAME) napi_value tstorch::natives::NAME([[maybe_unused]] ::tstorch::Args& a)
// Returns a C++ value from a TS_FUNCTION body as its JS value (ToJs, args.h).
#define TS_RETURN(expr) return ::tstorch::ToJs(a.env(), (expr))
