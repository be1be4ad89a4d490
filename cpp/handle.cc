#include "handle.h"
#include <malloc.h>
#include <algorithm>
#include <cstdlib>
#include "errors.h"

namespace tstorch {

const char kTensorKind = 0;

namespace {

int64_t g_live_tensors = 0;
int64_t g_live_bytes = 0;

// What a handle reports to V8: its storage, unless someone else owns that storage too (a module's parameter, a
// gradient held by its parameter, a view of a live base), where reporting it again would only make V8 collect
// for memory that no handle frees. Outputs of autograd ops count even when the graph also saves them.
int64_t TensorBytes(const at::Tensor& t) {
  if (!t.defined() || !t.has_storage()) return 0;
  if (t.is_leaf() && t.storage().use_count() > 1) return 0;
  return static_cast<int64_t>(t.storage().nbytes());
}

// Bytes not yet reported to V8: small tensors are reported in batches of at least kReportBytes, which saves a
// call per small op; large ones at once, so V8 sees pressure as soon as it builds up.
int64_t g_unreported = 0;
constexpr int64_t kReportBytes = 256 * 1024;

void Account(napi_env env, int64_t delta_bytes, int64_t delta_tensors) {
  g_live_bytes += delta_bytes;
  g_live_tensors += delta_tensors;
  g_unreported += delta_bytes;
  if (g_unreported >= kReportBytes || g_unreported <= -kReportBytes) {
    int64_t adjusted;
    int64_t delta = g_unreported;
    g_unreported = 0;
    napi_adjust_external_memory(env, delta, &adjusted);
  }
}

// Handles pin native memory that is not their own storage: a loss or logits tensor keeps its step's autograd graph
// alive, about 1 MB per step for hf-tiny-bert, while its own storage is 4-64 bytes. Counted per tensor, V8 saw
// almost nothing, never ran a full GC (scavenges leave wrapped objects alone), and a plain training loop grew
// ~1 MB per step (issue 16: 211 -> 749 MB; 2.2 GB by step 2000 in test/memory-plain-loop.test.ts; forcing gc()
// or disposing the two outputs kept it flat, so it was V8's lag, not the allocator or libtorch's caching). So every
// kSampleEvery new handles the heap malloc reports in use is compared with the tensor bytes already reported and
// the rest is reported too: V8 sees what the handles hold. glibc keeps freed pages, so after a large drop (a GC
// freed handles) malloc_trim gives them back.
constexpr int kSampleEvery = 8;
constexpr int64_t kTrimBytes = 32 * 1024 * 1024;
int g_wraps_since_sample = 0;
int64_t g_reported_untracked = 0;

void ReportUntracked(napi_env env) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 info = mallinfo2();
  // Tensor bytes served by the caching CPU allocator (cpp/allocator.cc) are in g_live_bytes but not in malloc's
  // heap, so the difference can be negative: never report less than the handles' own bytes (a negative total
  // is fatal in V8, and hides the tensors' pressure).
  int64_t untracked = std::max<int64_t>(0, static_cast<int64_t>(info.uordblks + info.hblkhd) - g_live_bytes);
  int64_t delta = untracked - g_reported_untracked;
  if (std::llabs(delta) < kReportBytes) return;
  // A large drop means a GC freed handles: give the freed pages back, or RSS stays at its high-water mark.
  if (delta <= -kTrimBytes) malloc_trim(0);
  g_reported_untracked = untracked;
  int64_t adjusted;
  napi_adjust_external_memory(env, delta, &adjusted);
#else
  (void)env;
#endif
}

// Runs inside V8's GC (basic finalizer): must not call into JS. Only drops the tensor and the accounting.
void FinalizeHolder(node_api_basic_env env, void* data, void*) {
  auto* holder = static_cast<Holder*>(static_cast<NativeHandle*>(data));
  if (holder->tensor.defined()) Account(const_cast<napi_env>(env), -holder->bytes, -1);
  delete holder;
}

}  // namespace

Holder* TensorHolderOf(napi_env env, napi_value value) {
  napi_valuetype type;
  void* data = nullptr;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_object || napi_unwrap(env, value, &data) != napi_ok || !data)
    return nullptr;
  auto* handle = static_cast<NativeHandle*>(data);
  return handle->kind == &kTensorKind ? static_cast<Holder*>(handle) : nullptr;
}

napi_value WrapTensor(napi_env env, at::Tensor tensor) {
  napi_value result;
  if (!tensor.defined()) {
    napi_get_null(env, &result);
    return result;
  }
  auto* holder = new Holder(std::move(tensor));
  holder->bytes = TensorBytes(holder->tensor);
  if (napi_create_object(env, &result) != napi_ok ||
      napi_wrap(env, result, static_cast<NativeHandle*>(holder), FinalizeHolder, nullptr, nullptr) != napi_ok) {
    delete holder;
    throw Napi::Error::New(env, "tstorch: could not create a tensor handle");
  }
  // May run a GC, and with it finalizers of other handles: done last, with this handle already complete.
  Account(env, holder->bytes, 1);
  if (++g_wraps_since_sample >= kSampleEvery) {
    g_wraps_since_sample = 0;
    ReportUntracked(env);
  }
  return result;
}

Holder* UnwrapHolder(napi_env env, napi_value value, const char* what) {
  auto* holder = TensorHolderOf(env, value);
  if (!holder) throw ArgumentError(std::string(what) + " must be a Tensor");
  if (!holder->tensor.defined())
    throw ArgumentError(std::string(what) + " is a Tensor that was disposed; it cannot be used any more");
  return holder;
}

at::Tensor& UnwrapTensor(napi_env env, napi_value value, const char* what) {
  return UnwrapHolder(env, value, what)->tensor;
}

bool IsTensorHandle(napi_env env, napi_value value) { return TensorHolderOf(env, value) != nullptr; }

void DisposeHolder(napi_env env, Holder* holder) {
  if (!holder->tensor.defined()) return;
  holder->tensor = at::Tensor();
  Account(env, -holder->bytes, -1);
}

MemoryStats GetMemoryStats() { return {g_live_tensors, g_live_bytes}; }

}  // namespace tstorch
