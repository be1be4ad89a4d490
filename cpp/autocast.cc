// Automatic mixed precision (torch.autocast): eligible ops run in float16/bfloat16 on the chosen device type.
// libtorch 2.4 replaced the per-device functions (set_enabled, set_autocast_gpu_dtype, ...) with ones taking a
// DeviceType; both are wrapped here.
#include <ATen/autocast_mode.h>
#include <torch/csrc/api/include/torch/version.h>
#include "dispatch.h"

using namespace tstorch;

namespace {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool IsEnabled(c10::DeviceType t) { return at::autocast::is_autocast_enabled(t); }
void SetEnabled(c10::DeviceType t, bool on) { at::autocast::set_autocast_enabled(t, on); }
at::ScalarType GetDtype(c10::DeviceType t) { return at::autocast::get_autocast_dtype(t); }
void SetDtype(c10::DeviceType t, at::ScalarType d) { at::autocast::set_autocast_dtype(t, d); }
#else
bool IsEnabled(c10::DeviceType t) { return t == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled(); }
void SetEnabled(c10::DeviceType t, bool on) {
  if (t == c10::DeviceType::CUDA) at::autocast::set_enabled(on);
  else at::autocast::set_cpu_enabled(on);
}
at::ScalarType GetDtype(c10::DeviceType t) {
  return t == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype() : at::autocast::get_autocast_cpu_dtype();
}
void SetDtype(c10::DeviceType t, at::ScalarType d) {
  if (t == c10::DeviceType::CUDA) at::autocast::set_autocast_gpu_dtype(d);
  else at::autocast::set_autocast_cpu_dtype(d);
}
#endif

c10::DeviceType DeviceTypeArg(const Args& a, size_t i) {
  auto s = a.string(i);
  if (s == "cuda") return c10::DeviceType::CUDA;
  if (s == "cpu") return c10::DeviceType::CPU;
  throw ArgumentError("autocast device type must be 'cuda' or 'cpu', got '" + s + "'");
}
}  // namespace

// autocastEnter(deviceType, dtype, enabled) -> [previousEnabled, previousDtype] to pass to autocastExit
TS_FUNCTION(autocastEnter) {
  auto type = DeviceTypeArg(a, 0);
  auto dtype = a.dtype(1);
  if (type == c10::DeviceType::CUDA && dtype != at::kHalf && dtype != at::kBFloat16)
    throw ArgumentError("CUDA autocast supports float16 and bfloat16, got " + std::string(DtypeName(dtype)));
  if (type == c10::DeviceType::CPU && dtype != at::kBFloat16 && dtype != at::kHalf)
    throw ArgumentError("CPU autocast supports bfloat16, got " + std::string(DtypeName(dtype)));
  if (type == c10::DeviceType::CUDA && a.boolean(2, true)) CheckDeviceAvailable(at::Device(at::kCUDA));
  napi_value prev;
  napi_create_array_with_length(a.env(), 2, &prev);
  napi_set_element(a.env(), prev, 0, ToJs(a.env(), IsEnabled(type)));
  napi_set_element(a.env(), prev, 1, ToJs(a.env(), std::string(DtypeName(GetDtype(type)))));
  SetEnabled(type, a.boolean(2, true));
  SetDtype(type, dtype);
  at::autocast::increment_nesting();
  return prev;
}

// autocastExit(deviceType, previousEnabled, previousDtype): restores; the cast cache is dropped when the
// outermost region ends, as torch.autocast's __exit__ does.
TS_FUNCTION(autocastExit) {
  auto type = DeviceTypeArg(a, 0);
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  SetEnabled(type, a.boolean(1, false));
  SetDtype(type, a.dtype(2));
  return Undefined(a.env());
}

TS_FUNCTION(isAutocastEnabled) { return ToJs(a.env(), IsEnabled(DeviceTypeArg(a, 0))); }
