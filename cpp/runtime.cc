// Process-wide libtorch state: grad mode, threads, random seeds and RNG state, live-tensor accounting,
// and build information for `tstorch doctor` and the prebuild/libtorch match check.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/csrc/api/include/torch/version.h>
#include <mutex>
#include <vector>
#include "dispatch.h"
#include "handle.h"
#include "object_handle.h"

using namespace tstorch;

TS_FUNCTION(isGradEnabled) { return ToJs(a.env(), at::GradMode::is_enabled()); }
TS_FUNCTION(setGradEnabled) {
  at::GradMode::set_enabled(a.boolean(0, true));
  return Undefined(a.env());
}

TS_FUNCTION(getNumThreads) { return ToJs(a.env(), static_cast<double>(at::get_num_threads())); }
TS_FUNCTION(setNumThreads) {
  auto n = a.int64(0);
  if (n < 1) throw ArgumentError("setNumThreads needs a positive number of threads, got " + std::to_string(n));
  at::set_num_threads(static_cast<int>(n));
  return Undefined(a.env());
}

// manualSeed(seed): seeds the CPU generator and every CUDA generator, as torch.manual_seed does.
TS_FUNCTION(manualSeed) {
  auto seed = static_cast<uint64_t>(a.int64(0));
  auto cpu = at::detail::getDefaultCPUGenerator();
  {
    std::lock_guard<std::mutex> lock(cpu.mutex());
    cpu.set_current_seed(seed);
  }
  if (at::hasCUDA()) {
    // the Context API exists in 1.13 and 2.x (CUDAHooksInterface's generator getter was renamed in 2.x)
    for (size_t i = 0; i < at::getNumGPUs(); i++) {
      auto gen = at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_current_seed(seed);
    }
  }
  return Undefined(a.env());
}
TS_FUNCTION(initialSeed) {
  return ToJs(a.env(), static_cast<double>(at::detail::getDefaultCPUGenerator().current_seed()));
}
// getRngState(cudaIndex?) -> uint8 tensor (the full state of the CPU generator, or of CUDA device i's);
// setRngState(tensor, cudaIndex?)
namespace {
at::Generator DefaultGenerator(const Args& a, size_t i) {
  auto index = a.optInt64(i);
  if (!index) return at::detail::getDefaultCPUGenerator();
  if (!at::hasCUDA() || *index < 0 || *index >= at::detail::getCUDAHooks().getNumGPUs())
    throw ArgumentError("CUDA device " + std::to_string(*index) + " does not exist");
  // getDefaultCUDAGenerator left CUDAHooksInterface in 2.x; the context's defaultGenerator is in 1.13 and 2.x
  return at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(*index)));
}
}  // namespace
TS_FUNCTION(getRngState) {
  auto gen = DefaultGenerator(a, 0);
  std::lock_guard<std::mutex> lock(gen.mutex());
  return ToJs(a.env(), at::Tensor(gen.get_state()));
}
TS_FUNCTION(setRngState) {
  auto gen = DefaultGenerator(a, 1);
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(a.tensor(0));
  return Undefined(a.env());
}

// A Trainer run's random stream while it is put away (lib/transformers/trainer/rng-scope.ts): the states of every
// default generator, CPU first, then each CUDA device's. Kept natively, so that swapping a run's stream in or out
// at an await is one call with no tensor handles to make and free.
namespace {
struct RngStash {
  std::vector<at::Tensor> states;
};
std::vector<at::Generator> DefaultGenerators() {
  std::vector<at::Generator> gens{at::detail::getDefaultCPUGenerator()};
  int64_t gpus = at::hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0;
  for (int64_t i = 0; i < gpus; i++)
    gens.push_back(at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i))));
  return gens;
}
}  // namespace
// rngStashCapture(): a copy of the default generators' states
TS_FUNCTION(rngStashCapture) {
  auto stash = std::make_shared<RngStash>();
  for (auto& gen : DefaultGenerators()) {
    std::lock_guard<std::mutex> lock(gen.mutex());
    stash->states.push_back(gen.get_state());
  }
  return WrapObject(a.env(), stash);
}
// rngStashSwap(stash): the default generators take the stash's states, and the stash theirs
TS_FUNCTION(rngStashSwap) {
  auto stash = UnwrapObject<RngStash>(a.env(), a[0], "stash");
  auto gens = DefaultGenerators();
  if (gens.size() != stash->states.size())
    throw ArgumentError("the random-state stash holds " + std::to_string(stash->states.size()) + " generators, the process has " +
                        std::to_string(gens.size()));
  for (size_t i = 0; i < gens.size(); i++) {
    std::lock_guard<std::mutex> lock(gens[i].mutex());
    at::Tensor current = gens[i].get_state();
    gens[i].set_state(stash->states[i]);
    stash->states[i] = std::move(current);
  }
  return Undefined(a.env());
}

TS_FUNCTION(memory) {
  auto stats = GetMemoryStats();
  napi_value o;
  napi_create_object(a.env(), &o);
  napi_set_named_property(a.env(), o, "tensors", ToJs(a.env(), static_cast<double>(stats.liveTensors)));
  napi_set_named_property(a.env(), o, "bytes", ToJs(a.env(), static_cast<double>(stats.liveBytes)));
  return o;
}

TS_FUNCTION(buildInfo) {
  napi_value o;
  napi_create_object(a.env(), &o);
  auto set = [&](const char* k, napi_value v) { napi_set_named_property(a.env(), o, k, v); };
  set("torchVersion", ToJs(a.env(), std::string(TORCH_VERSION)));
  set("cxx11Abi", ToJs(a.env(), static_cast<bool>(_GLIBCXX_USE_CXX11_ABI)));
#ifdef TSTORCH_WITH_CUDA
  set("compiledWithCuda", ToJs(a.env(), true));
#else
  set("compiledWithCuda", ToJs(a.env(), false));
#endif
  set("hasCuda", ToJs(a.env(), at::hasCUDA()));
  set("hasCudnn", ToJs(a.env(), at::globalContext().hasCuDNN()));
  set("cudnnVersion", ToJs(a.env(), at::globalContext().hasCuDNN() ? static_cast<double>(at::detail::getCUDAHooks().versionCuDNN()) : 0.0));
  set("parallelInfo", ToJs(a.env(), at::get_parallel_info()));
  set("config", ToJs(a.env(), at::show_config()));
  set("sdpaAvailable", ToJs(a.env(), TORCH_VERSION_MAJOR >= 2));
  return o;
}

// sdpaBackend(dropoutP) -> the kernel scaled_dot_product_attention picks on the CPU for a BERT-like call (float32,
// an additive padding mask), as `tstorch doctor` reports it; undefined on libtorch 1.x, which has no SDPA.
TS_FUNCTION(sdpaBackend) {
#if TORCH_VERSION_MAJOR >= 2
  auto q = at::zeros({1, 2, 8, 16});
  auto mask = at::zeros({1, 1, 1, 8});
  auto choice = at::_fused_sdp_choice(q, q, q, mask, a.isNullish(0) ? 0.0 : a.number(0), false);
  // sdp::SDPBackend's values (ATen/native/transformers/sdp_utils_cpp.h)
  static const char* names[] = {"math", "flash_attention", "efficient_attention", "cudnn_attention", "overrideable"};
  return ToJs(a.env(), std::string(choice >= 0 && choice < 5 ? names[choice] : "unknown (" + std::to_string(choice) + ")"));
#else
  return Undefined(a.env());
#endif
}
