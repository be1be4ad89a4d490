// The rendezvous stores of c10d: TCPStore (rank 0 serves, the others connect, everyone gives up after the
// timeout) and FileStore (a shared file).
#include "c10d.h"
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include "../dispatch.h"
#include "../object_handle.h"

using namespace tstorch;

namespace {
// libtorch 2.4+ asks for a libuv server by default, which Debian's libtorch is built without; the classic
// server is what 1.13 uses. Options that have no such switch (older libtorch) are left as they are.
template <typename O>
auto ClassicServer(O& o, int) -> decltype(o.useLibUV = false, void()) {
  o.useLibUV = false;
}
template <typename O>
void ClassicServer(O&, long) {}
}  // namespace

// distTcpStore(host, port, isServer, worldSize, timeoutMs)
TS_FUNCTION(distTcpStore) {
  auto host = a.string(0);
  auto port = a.int64(1);
  if (port < 1 || port > 65535) a.fail(1, "a TCP port in 1..65535");
  c10d::TCPStoreOptions o;
  o.port = static_cast<std::uint16_t>(port);
  o.isServer = a.boolean(2, false);
  o.numWorkers = static_cast<std::size_t>(a.int64(3));
  o.waitWorkers = true;
  o.timeout = std::chrono::milliseconds(a.int64(4));
  ClassicServer(o, 0);
  auto store = c10::make_intrusive<c10d::TCPStore>(host, o);
  return WrapObject(a.env(), std::make_shared<DistStore>(DistStore{store}));
}

// distFileStore(path, worldSize, timeoutMs)
TS_FUNCTION(distFileStore) {
  auto store = c10::make_intrusive<c10d::FileStore>(a.string(0), static_cast<int>(a.int64(1)));
  store->setTimeout(std::chrono::milliseconds(a.int64(2)));
  return WrapObject(a.env(), std::make_shared<DistStore>(DistStore{store}));
}

// distStoreDestroy(store): drops this handle's reference now (a TCP store's server stops once its group is gone too)
TS_FUNCTION(distStoreDestroy) {
  UnwrapObject<DistStore>(a.env(), a[0], "store")->store.reset();
  return Undefined(a.env());
}
