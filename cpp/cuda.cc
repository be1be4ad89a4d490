// torch.cuda: queries always work (false / 0 without CUDA, as PyTorch answers); memory statistics and the
// caching allocator exist only when this addon was compiled against a CUDA libtorch.
#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include "args.h"
#ifdef TSTORCH_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

using namespace tstorch;

namespace {
int64_t DeviceCount() { return at::hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0; }

// The device index an argument names (default: the current device), checked to exist.
[[maybe_unused]] int64_t CheckedIndex(const Args& a, size_t i) {
  auto n = DeviceCount();
  if (n == 0) throw ArgumentError("CUDA is not available (no CUDA libtorch or no GPU); check torch.cuda.isAvailable()");
  int64_t index = 0;
  if (!a.isNullish(i)) {
    if (a.isNumber(i)) index = a.int64(i);
    else index = a.device(i).index();
  }
  if (index < 0) index = 0;
  if (index >= n)
    throw ArgumentError("CUDA device " + std::to_string(index) + " does not exist: " + std::to_string(n) + " device(s) available");
  return index;
}
}  // namespace

TS_FUNCTION(cudaIsAvailable) { return ToJs(a.env(), DeviceCount() > 0); }
TS_FUNCTION(cudaDeviceCount) { return ToJs(a.env(), static_cast<double>(DeviceCount())); }

#ifdef TSTORCH_WITH_CUDA
namespace {
// libtorch 2.5 moved the allocator statistics' types to c10/core, shared by every device's caching allocator
#if __has_include(<c10/core/CachingDeviceAllocator.h>)
using c10::CachingDeviceAllocator::DeviceStats;
using c10::CachingDeviceAllocator::StatType;
#else
using c10::cuda::CUDACachingAllocator::DeviceStats;
using c10::cuda::CUDACachingAllocator::StatType;
#endif
DeviceStats Stats(int64_t index) {
  // 1.13 takes an int, 2.x a c10::DeviceIndex: the narrower type converts implicitly to both.
  return c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(index));
}
constexpr size_t kAggregate = static_cast<size_t>(StatType::AGGREGATE);
}  // namespace

TS_FUNCTION(cudaEmptyCache) {
  if (DeviceCount() > 0) c10::cuda::CUDACachingAllocator::emptyCache();
  return Undefined(a.env());
}
TS_FUNCTION(cudaMemoryAllocated) {
  if (DeviceCount() == 0) return ToJs(a.env(), 0.0);
  return ToJs(a.env(), static_cast<double>(Stats(CheckedIndex(a, 0)).allocated_bytes[kAggregate].current));
}
TS_FUNCTION(cudaMaxMemoryAllocated) {
  if (DeviceCount() == 0) return ToJs(a.env(), 0.0);
  return ToJs(a.env(), static_cast<double>(Stats(CheckedIndex(a, 0)).allocated_bytes[kAggregate].peak));
}
TS_FUNCTION(cudaMemoryReserved) {
  if (DeviceCount() == 0) return ToJs(a.env(), 0.0);
  return ToJs(a.env(), static_cast<double>(Stats(CheckedIndex(a, 0)).reserved_bytes[kAggregate].current));
}
TS_FUNCTION(cudaSynchronize) {
  auto index = CheckedIndex(a, 0);
  c10::cuda::device_synchronize();
  (void)index;
  return Undefined(a.env());
}
TS_FUNCTION(cudaGetDeviceName) {
  auto index = CheckedIndex(a, 0);
  return ToJs(a.env(), std::string(at::cuda::getDeviceProperties(static_cast<c10::DeviceIndex>(index))->name));
}
#else
// Without CUDA compiled in there is no cache and nothing allocated; PyTorch answers the same way.
TS_FUNCTION(cudaEmptyCache) { return Undefined(a.env()); }
TS_FUNCTION(cudaMemoryAllocated) { return ToJs(a.env(), 0.0); }
TS_FUNCTION(cudaMaxMemoryAllocated) { return ToJs(a.env(), 0.0); }
TS_FUNCTION(cudaMemoryReserved) { return ToJs(a.env(), 0.0); }
TS_FUNCTION(cudaSynchronize) {
  CheckedIndex(a, 0);
  return Undefined(a.env());
}
TS_FUNCTION(cudaGetDeviceName) {
  CheckedIndex(a, 0);
  return Undefined(a.env());
}
#endif
