// Tensor properties, conversions, copies out to JS, autograd on a tensor, and explicit disposal.
#include <ATen/ATen.h>
#include <cstring>
#include <torch/csrc/autograd/function.h>
#include "dispatch.h"
#include "handle.h"

using namespace tstorch;


TS_FUNCTION(shape) { TS_RETURN(a.tensor(0).sizes()); }
TS_FUNCTION(stride) { TS_RETURN(a.tensor(0).strides()); }
TS_FUNCTION(dtype) { TS_RETURN(std::string(DtypeName(a.tensor(0).scalar_type()))); }
TS_FUNCTION(device) { TS_RETURN(DeviceName(a.tensor(0).device())); }
TS_FUNCTION(numel) { TS_RETURN(static_cast<double>(a.tensor(0).numel())); }
TS_FUNCTION(isContiguous) { TS_RETURN(a.tensor(0).is_contiguous()); }

// item(self): a number (or boolean for bool tensors); the tensor must have exactly one element.
TS_FUNCTION(item) {
  auto& t = a.tensor(0);
  if (t.numel() != 1)
    throw ArgumentError("item() needs a tensor with exactly one element, got shape [" + c10::Join(", ", t.sizes()) + "]");
  auto v = t.item();
  if (v.isBoolean()) TS_RETURN(v.toBool());
  if (v.isIntegral(false)) TS_RETURN(static_cast<double>(v.toLong()));
  TS_RETURN(v.toDouble());
}

namespace {
// A JS TypedArray of `type` holding a copy of `t`'s elements (moved to the CPU, C order).
napi_value CopyOut(napi_env env, at::Tensor t, napi_typedarray_type type) {
  t = t.to(at::kCPU).contiguous();
  size_t bytes = t.numel() * t.element_size();
  void* data;
  napi_value buffer, result;
  napi_create_arraybuffer(env, bytes, &data, &buffer);
  if (bytes) std::memcpy(data, t.data_ptr(), bytes);
  napi_create_typedarray(env, type, type == napi_uint8_array ? bytes : t.numel(), buffer, 0, &result);
  return result;
}
}  // namespace

// toTypedArray(self): a copy of the data, C order, on the CPU. float16/bfloat16 come out as Float32Array.
TS_FUNCTION(toTypedArray) {
  auto t = a.tensor(0).detach();
  switch (t.scalar_type()) {
    case at::kFloat: return CopyOut(a.env(), t, napi_float32_array);
    case at::kDouble: return CopyOut(a.env(), t, napi_float64_array);
    case at::kHalf:
    case at::kBFloat16: return CopyOut(a.env(), t.to(at::kFloat), napi_float32_array);
    case at::kLong: return CopyOut(a.env(), t, napi_bigint64_array);
    case at::kInt: return CopyOut(a.env(), t, napi_int32_array);
    case at::kShort: return CopyOut(a.env(), t, napi_int16_array);
    case at::kChar: return CopyOut(a.env(), t, napi_int8_array);
    case at::kByte:
    case at::kBool: return CopyOut(a.env(), t, napi_uint8_array);
    default: throw ArgumentError(std::string("cannot copy out a tensor of dtype ") + DtypeName(t.scalar_type()));
  }
}

// tensorBytes(self): the raw bytes as a Uint8Array in the tensor's own dtype (checkpoints keep float16/bfloat16).
TS_FUNCTION(tensorBytes) { return CopyOut(a.env(), a.tensor(0).detach(), napi_uint8_array); }

// to(self, dtype?, device?, copy?)
TS_FUNCTION(to) {
  auto& t = a.tensor(0);
  auto dtype = a.optDtype(1).value_or(t.scalar_type());
  auto device = a.optDevice(2).value_or(t.device());
  TS_RETURN(t.to(device, dtype, /*non_blocking=*/false, a.boolean(3, false)));
}
TS_FUNCTION(clone) { TS_RETURN(a.tensor(0).clone()); }
TS_FUNCTION(detach) { TS_RETURN(a.tensor(0).detach()); }
TS_FUNCTION(detach_) {
  a.tensor(0).detach_();
  return Undefined(a.env());
}

// Autograd
TS_FUNCTION(requiresGrad) { TS_RETURN(a.tensor(0).requires_grad()); }
TS_FUNCTION(setRequiresGrad) {
  a.tensor(0).requires_grad_(a.boolean(1, true));
  return Undefined(a.env());
}
TS_FUNCTION(isLeaf) { TS_RETURN(a.tensor(0).is_leaf()); }
TS_FUNCTION(grad) { TS_RETURN(a.tensor(0).grad()); }
TS_FUNCTION(setGrad) {
  auto& t = a.tensor(0);
  t.mutable_grad() = a.isNullish(1) ? at::Tensor() : a.tensor(1);
  return Undefined(a.env());
}
TS_FUNCTION(gradFn) {
  auto fn = a.tensor(0).grad_fn();
  if (!fn) {
    napi_value n;
    napi_get_null(a.env(), &n);
    return n;
  }
  TS_RETURN(fn->name());
}
TS_FUNCTION(retainGrad) {
  a.tensor(0).retain_grad();
  return Undefined(a.env());
}
// backward(self, gradient?, retainGraph?)
TS_FUNCTION(backward) {
  auto& t = a.tensor(0);
  auto gradient = a.optTensor(1);
  if (!gradient && t.numel() != 1)
    throw ArgumentError("backward() without a gradient needs a scalar (one-element) tensor, got shape [" +
                        c10::Join(", ", t.sizes()) + "]; pass a gradient of the same shape");
  bool retain = a.boolean(2, false);
  t.backward(gradient.value_or(at::Tensor()), retain);
  if (!retain) NoteBackwardDone(a.env());
  return Undefined(a.env());
}

// dispose(handle): frees the tensor now; the JS object stays but any further use throws. Tensor.dispose() calls
// it once and keeps the disposed flag itself (lib/tensor.ts); disposing again does nothing here either.
TS_FUNCTION(dispose) {
  auto* holder = TensorHolderOf(a.env(), a[0]);
  if (!holder) a.fail(0, "a Tensor");
  DisposeHolder(a.env(), holder);
  return Undefined(a.env());
}
