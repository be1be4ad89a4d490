// Process groups over a store: Gloo (CPU), and NCCL when libtorch was built with it. libtorch 1.13's
// ProcessGroupGloo is itself a ProcessGroup; from 2.0 it is a Backend that a ProcessGroup dispatches to.
#include "c10d.h"
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <type_traits>
#ifdef USE_C10D_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include "../dispatch.h"
#include "../object_handle.h"
#include "../js_object.h"

using namespace tstorch;

namespace {

#if TORCH_VERSION_MAJOR >= 2
// 2.0 took ProcessGroup::Options in the constructor; later versions take only (store, rank, size).
template <typename PG = c10d::ProcessGroup>
c10::intrusive_ptr<c10d::ProcessGroup> Wrap(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                            c10::intrusive_ptr<c10d::Backend> backend,
                                            typename PG::BackendType type, const std::string& name,
                                            std::chrono::milliseconds timeout) {
  c10::intrusive_ptr<PG> pg;
  if constexpr (std::is_constructible_v<PG, const c10::intrusive_ptr<c10d::Store>&, int, int>)
    pg = c10::make_intrusive<PG>(store, rank, size);
  else
    pg = c10::make_intrusive<PG>(store, rank, size, c10::make_intrusive<typename PG::Options>(name, timeout));
  pg->setDefaultBackend(type);
  // Gloo serves CPU tensors, NCCL CUDA ones (as PyTorch registers them).
  pg->setBackend(name == "nccl" ? c10::DeviceType::CUDA : c10::DeviceType::CPU, type, backend);
  return pg;
}
#endif

#ifdef USE_C10D_GLOO
c10::intrusive_ptr<c10d::ProcessGroup> Gloo(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                            std::chrono::milliseconds timeout, const JsObject& net) {
  auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
  // The network device: a named interface (GLOO_SOCKET_IFNAME), an address, or what the host name resolves to.
  if (net.has("iface"))
    opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(net.string("iface")));
  else if (net.has("hostname"))
    opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(net.string("hostname")));
  else
    opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
  opts->threads = 2;
  auto gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, opts);
#if TORCH_VERSION_MAJOR >= 2
  return Wrap(store, rank, size, gloo, c10d::ProcessGroup::BackendType::GLOO, "gloo", timeout);
#else
  return gloo;
#endif
}
#endif

#ifdef USE_C10D_NCCL
c10::intrusive_ptr<c10d::ProcessGroup> Nccl(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                            std::chrono::milliseconds timeout) {
  auto opts = c10d::ProcessGroupNCCL::Options::create();
  opts->timeout = timeout;
  auto nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, opts);
#if TORCH_VERSION_MAJOR >= 2
  return Wrap(store, rank, size, nccl, c10d::ProcessGroup::BackendType::NCCL, "nccl", timeout);
#else
  return nccl;
#endif
}
#endif

}  // namespace

// distBackends(): the backends compiled in.
TS_FUNCTION(distBackends) {
  napi_value list;
  napi_create_array(a.env(), &list);
  uint32_t n = 0;
#ifdef USE_C10D_GLOO
  napi_set_element(a.env(), list, n++, ToJs(a.env(), std::string("gloo")));
#endif
#ifdef USE_C10D_NCCL
  napi_set_element(a.env(), list, n++, ToJs(a.env(), std::string("nccl")));
#endif
  return list;
}

// distNewGroup(store, backend, rank, worldSize, timeoutMs, { hostname?, iface? }, prefix)
TS_FUNCTION(distNewGroup) {
  auto store = UnwrapObject<DistStore>(a.env(), a[0], "store")->store;
  if (!store) a.fail(0, "a store that was not destroyed");
  auto backend = a.string(1);
  int rank = static_cast<int>(a.int64(2)), size = static_cast<int>(a.int64(3));
  auto timeout = std::chrono::milliseconds(a.int64(4));
  JsObject net(a.env(), a[5], "network options");
  auto prefixed = c10::make_intrusive<c10d::PrefixStore>(a.string(6), store);
  c10::intrusive_ptr<c10d::ProcessGroup> pg;
  if (backend == "gloo") {
#ifdef USE_C10D_GLOO
    pg = Gloo(prefixed, rank, size, timeout, net);
#else
    throw ArgumentError("backend 'gloo' is not compiled in: build tstorch with Gloo's headers (Debian: libgloo-dev)");
#endif
  } else if (backend == "nccl") {
#ifdef USE_C10D_NCCL
    pg = Nccl(prefixed, rank, size, timeout);
#else
    throw ArgumentError("backend 'nccl' needs a CUDA libtorch built with NCCL; this tstorch is built without it: use 'gloo'");
#endif
  } else {
    throw ArgumentError("unknown backend '" + backend + "'; expected 'gloo' or 'nccl'");
  }
  return WrapObject(a.env(), std::make_shared<DistGroup>(DistGroup{pg, backend}));
}

TS_FUNCTION(distGroupRank) {
  return ToJs(a.env(), static_cast<double>(LiveGroup(a.env(), a[0])->getRank()));
}
TS_FUNCTION(distGroupSize) {
  return ToJs(a.env(), static_cast<double>(LiveGroup(a.env(), a[0])->getSize()));
}

// distGroupDestroy(group): drops the group's ProcessGroup now (its Gloo pairs and store connection) instead of at GC
TS_FUNCTION(distGroupDestroy) {
  UnwrapObject<DistGroup>(a.env(), a[0], "group")->pg.reset();
  return Undefined(a.env());
}
