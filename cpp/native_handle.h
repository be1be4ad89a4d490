// Everything the addon wraps in a JS object derives from NativeHandle, whose `kind` tag lets an unwrap check
// cheaply that a handle is of the expected type (a module passed where a tensor is expected is an error).
#pragma once

namespace tstorch {

struct NativeHandle {
  explicit NativeHandle(const void* k) : kind(k) {}
  virtual ~NativeHandle() = default;
  const void* const kind;
};

}  // namespace tstorch
