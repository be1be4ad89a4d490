// JS handles owning native objects other than tensors (modules, optimizers): a shared_ptr kept alive by the
// JS object and dropped by a basic finalizer during GC (no JS is touched there), like tensor handles.
#pragma once
#include <memory>
#include <string>
#include "errors.h"
#include "napi_config.h"
#include "native_handle.h"

namespace tstorch {

template <typename T>
struct ObjectHolder : NativeHandle {
  static inline const char kKind = 0;  // one tag per wrapped type
  explicit ObjectHolder(std::shared_ptr<T> p) : NativeHandle(&kKind), ptr(std::move(p)) {}
  std::shared_ptr<T> ptr;
};

inline void FinalizeNativeHandle(node_api_basic_env, void* data, void*) { delete static_cast<NativeHandle*>(data); }

template <typename T>
napi_value WrapObject(napi_env env, std::shared_ptr<T> object) {
  napi_value result;
  auto* holder = new ObjectHolder<T>(std::move(object));
  if (napi_create_object(env, &result) != napi_ok ||
      napi_wrap(env, result, static_cast<NativeHandle*>(holder), FinalizeNativeHandle, nullptr, nullptr) != napi_ok) {
    delete holder;
    throw Napi::Error::New(env, "tstorch: could not create a native object handle");
  }
  return result;
}

// The holder behind a handle made by WrapObject<T>; any other value is an ArgumentError naming `what`.
template <typename T>
ObjectHolder<T>* UnwrapHolderOf(napi_env env, napi_value value, const char* what) {
  void* data = nullptr;
  napi_valuetype type;
  napi_typeof(env, value, &type);
  if (type != napi_object || napi_unwrap(env, value, &data) != napi_ok || data == nullptr ||
      static_cast<NativeHandle*>(data)->kind != &ObjectHolder<T>::kKind)
    throw ArgumentError(std::string(what) + " is not the expected native handle");
  return static_cast<ObjectHolder<T>*>(static_cast<NativeHandle*>(data));
}

template <typename T>
std::shared_ptr<T> UnwrapObject(napi_env env, napi_value value, const char* what) {
  return UnwrapHolderOf<T>(env, value, what)->ptr;
}

}  // namespace tstorch
