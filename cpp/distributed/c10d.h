// What the distributed files share: the c10d build switches, the handles JS holds (store, process group, work)
// and the one place where libtorch 1.13 and 2.x differ in how a backend becomes a ProcessGroup.
#pragma once
// libtorch's c10d headers hide Gloo and NCCL behind these switches (Torch's CMake config sets USE_C10D_GLOO,
// node-gyp does not); Gloo's own headers come from libgloo-dev, and without them Gloo is left out.
#if __has_include(<gloo/algorithm.h>)
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO
#endif
#else
#undef USE_C10D_GLOO
#endif
#if defined(TSTORCH_WITH_CUDA) && __has_include(<nccl.h>) && !defined(USE_C10D_NCCL)
#define USE_C10D_NCCL
#endif
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>
#include <torch/csrc/distributed/c10d/Work.hpp>
#include <torch/version.h>
#include <chrono>
#include "../errors.h"
#include "../object_handle.h"
#include <string>
#include <vector>

namespace tstorch {

struct DistStore {
  c10::intrusive_ptr<c10d::Store> store;
};

// destroyProcessGroup frees `pg` at once (works in flight and a reducer keep their own reference).
struct DistGroup {
  c10::intrusive_ptr<c10d::ProcessGroup> pg;
  std::string backend;
};

// The live process group of a group handle; a destroyed one is an error, not a crash.
inline c10::intrusive_ptr<c10d::ProcessGroup> LiveGroup(napi_env env, napi_value handle) {
  auto pg = UnwrapObject<DistGroup>(env, handle, "group")->pg;
  if (!pg) throw ArgumentError("the process group was destroyed (destroyProcessGroup); call initProcessGroup() for a new one");
  return pg;
}

// A collective in flight; it keeps its tensors alive until it is waited on or collected.
struct DistWork {
  c10::intrusive_ptr<c10d::Work> work;
  std::vector<at::Tensor> tensors;
};

}  // namespace tstorch
