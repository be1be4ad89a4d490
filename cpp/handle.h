// A JS handle owning one at::Tensor. Freed by dispose() at once, or by a GC-time finalizer otherwise;
// its bytes are reported to V8 so the GC runs when native memory grows.
#pragma once
#include "napi_config.h"
#include <ATen/core/Tensor.h>
#include "native_handle.h"

namespace tstorch {

extern const char kTensorKind;

struct Holder : NativeHandle {
  explicit Holder(at::Tensor t) : NativeHandle(&kTensorKind), tensor(std::move(t)) {}
  at::Tensor tensor;
  int64_t bytes = 0;
};

// Wraps a tensor in a new JS handle object; an undefined tensor becomes null.
napi_value WrapTensor(napi_env env, at::Tensor tensor);
// The holder of a live handle; throws a JS-facing error naming `what` when the value is not a live tensor.
Holder* UnwrapHolder(napi_env env, napi_value value, const char* what);
// The tensor of a holder; throws naming `what` when it was disposed.
at::Tensor& LiveTensor(Holder* holder, const char* what);
at::Tensor& UnwrapTensor(napi_env env, napi_value value, const char* what);
// True for tensor handles, disposed or not.
bool IsTensorHandle(napi_env env, napi_value value);
// The holder behind a tensor handle (disposed or not), or null for any other value.
Holder* TensorHolderOf(napi_env env, napi_value value);
// After a backward pass (its saved activations just freed): samples the memory no handle accounts for and makes
// it the most that is reported to V8 until the next backward (handle.cc).
void NoteBackwardDone(napi_env env);
// Frees the tensor now; later use of the handle throws "disposed".
void DisposeHolder(napi_env env, Holder* holder);

struct MemoryStats {
  int64_t liveTensors;
  int64_t liveBytes;
};
MemoryStats GetMemoryStats();

}  // namespace tstorch
