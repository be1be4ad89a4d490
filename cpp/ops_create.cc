// Tensor creation: from JS typed arrays, from shapes, random. Options arrive positionally from lib/creation.ts.
#include <ATen/ATen.h>
#include "dispatch.h"

using namespace tstorch;

namespace {

at::TensorOptions Options(const Args& a, size_t dtype_i, size_t device_i, at::ScalarType fallback) {
  auto opts = at::TensorOptions().dtype(a.optDtype(dtype_i).value_or(fallback));
  if (auto d = a.optDevice(device_i)) opts = opts.device(*d);
  return opts;
}

napi_value Finish(Args& a, at::Tensor t, size_t requires_grad_i) {
  if (a.boolean(requires_grad_i, false)) t.requires_grad_(true);
  return ToJs(a.env(), t);
}

at::ScalarType TypedArrayDtype(napi_typedarray_type type) {
  switch (type) {
    case napi_float32_array: return at::kFloat;
    case napi_float64_array: return at::kDouble;
    case napi_int32_array: return at::kInt;
    case napi_bigint64_array: return at::kLong;
    case napi_uint8_array: return at::kByte;
    case napi_int8_array: return at::kChar;
    case napi_int16_array: return at::kShort;
    case napi_uint16_array: return at::kShort;  // raw 16-bit payloads (float16/bfloat16 bytes)
    default: throw ArgumentError("unsupported TypedArray; use Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array");
  }
}

}  // namespace

// fromTypedArray(array, shape, dtype?, device?, requiresGrad?, rawDtype?): copies the data. `rawDtype`
// reinterprets the bytes (float16/bfloat16/bool payloads) instead of converting values.
TS_FUNCTION(fromTypedArray) {
  napi_typedarray_type type;
  size_t length;
  void* data;
  bool is_typed = false;
  napi_is_typedarray(a.env(), a[0], &is_typed);
  if (!is_typed) a.fail(0, "a TypedArray");
  napi_get_typedarray_info(a.env(), a[0], &type, &length, &data, nullptr, nullptr);
  auto shape = a.intList(1);
  auto source_dtype = a.optDtype(5).value_or(TypedArrayDtype(type));
  int64_t numel = 1;
  for (auto s : shape) {
    if (s < 0) throw ArgumentError("shape must not contain negative sizes");
    numel *= s;
  }
  size_t itemsize = at::elementSize(source_dtype);
  size_t array_bytes = length * at::elementSize(TypedArrayDtype(type));
  if (static_cast<size_t>(numel) * itemsize != array_bytes)
    throw ArgumentError("data has " + std::to_string(array_bytes / itemsize) + " elements but shape [" +
                        c10::Join(", ", shape) + "] needs " + std::to_string(numel));
  auto src = at::from_blob(data, shape, at::TensorOptions().dtype(source_dtype));
  auto dtype = a.optDtype(2).value_or(source_dtype);
  auto device = a.optDevice(3).value_or(at::Device(at::kCPU));
  auto t = src.to(device, dtype, /*non_blocking=*/false, /*copy=*/true);
  return Finish(a, t, 4);
}

// zeros/ones/empty(shape, dtype?, device?, requiresGrad?)
TS_FUNCTION(zeros) { return Finish(a, at::zeros(a.intList(0), Options(a, 1, 2, at::kFloat)), 3); }
TS_FUNCTION(ones) { return Finish(a, at::ones(a.intList(0), Options(a, 1, 2, at::kFloat)), 3); }
TS_FUNCTION(empty) { return Finish(a, at::empty(a.intList(0), Options(a, 1, 2, at::kFloat)), 3); }
// full(shape, value, dtype?, device?, requiresGrad?): dtype follows the value's kind, as in PyTorch
TS_FUNCTION(full) {
  auto value = a.scalar(1);
  auto fallback = value.isBoolean() ? at::kBool : value.isIntegral(false) ? at::kLong : at::kFloat;
  return Finish(a, at::full(a.intList(0), value, Options(a, 2, 3, fallback)), 4);
}
// arange(start, end, step, dtype?, device?, requiresGrad?)
TS_FUNCTION(arange) {
  auto start = a.scalar(0), end = a.scalar(1), step = a.scalar(2);
  bool integral = start.isIntegral(false) && end.isIntegral(false) && step.isIntegral(false);
  return Finish(a, at::arange(start, end, step, Options(a, 3, 4, integral ? at::kLong : at::kFloat)), 5);
}
// linspace(start, end, steps, dtype?, device?, requiresGrad?)
TS_FUNCTION(linspace) {
  return Finish(a, at::linspace(a.scalar(0), a.scalar(1), a.int64(2), Options(a, 3, 4, at::kFloat)), 5);
}
// eye(n, m?, dtype?, device?, requiresGrad?)
TS_FUNCTION(eye) {
  auto n = a.int64(0);
  return Finish(a, at::eye(n, a.optInt64(1).value_or(n), Options(a, 2, 3, at::kFloat)), 4);
}
// rand/randn(shape, dtype?, device?, requiresGrad?): the default generator, seeded by manualSeed
TS_FUNCTION(rand) { return Finish(a, at::rand(a.intList(0), Options(a, 1, 2, at::kFloat)), 3); }
TS_FUNCTION(randn) { return Finish(a, at::randn(a.intList(0), Options(a, 1, 2, at::kFloat)), 3); }
// randint(low, high, shape, dtype?, device?, requiresGrad?)
TS_FUNCTION(randint) {
  return Finish(a, at::randint(a.int64(0), a.int64(1), a.intList(2), Options(a, 3, 4, at::kLong)), 5);
}
// randperm(n, dtype?, device?)
TS_FUNCTION(randperm) { return ToJs(a.env(), at::randperm(a.int64(0), Options(a, 1, 2, at::kLong))); }
// Distributions of an existing tensor's shape, in place (initializers).
TS_FUNCTION(normal_) {
  a.tensor(0).normal_(a.number(1), a.number(2));
  return Undefined(a.env());
}
TS_FUNCTION(uniform_) {
  a.tensor(0).uniform_(a.number(1), a.number(2));
  return Undefined(a.env());
}
