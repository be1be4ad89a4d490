#include "handle.h"
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include "allocator.h"
#include "errors.h"
#include "resident_memory.h"

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
// alive while its own storage is 4-64 bytes. Counted per tensor, V8 saw almost nothing, never ran a full GC
// (scavenges leave wrapped objects alone), and a plain training loop grew ~1 MB per step (issue 16). So every
// kSampleEvery new handles, the process's resident memory beyond the tensor bytes already reported is reported
// too, and V8 collects when it grows. Resident memory, not malloc's in-use bytes: on hf-tiny-bert the graphs not
// yet collected pin ~90 KB a step but split the freed activations into holes the next step cannot use, so the
// heap grew 1 MB a step while in-use bytes grew 0.09 MB, and V8 waited 300-700 steps (+300-700 MB) for a GC.
// After a GC the freed memory stays resident and is reused by the next steps (no page faults), so RSS sits flat.
// Reading /proc/self/statm costs 7-8 us (measured here), a tiny op's whole cost: so the clock (~0.1 us) is looked at
// every kSampleEvery wraps and resident memory read at most once per kSampleInterval, well within one training step.
constexpr int kSampleEvery = 32;
constexpr auto kSampleInterval = std::chrono::milliseconds(2);
int g_wraps_since_sample = 0;
std::chrono::steady_clock::time_point g_last_sample;
int64_t g_reported_untracked = 0;
// Within a training step some of it is not garbage: the activations a graph saves until its backward frees them,
// the gradients until zeroGrad. Reported as it came, a TS-written model's forward (hundreds of handles, so many
// samples) showed 60-100 MB more each step and V8 ran two full GCs a step (63 in 30 steps of the small RoBERTa
// of bench/roberta.ts; 23 with none of it reported). So once a backward has run, the growth is reported once a
// step, at the end of each backward, as the lowest amount seen since the previous one: garbage that outlives its
// step is in every step's low, the step's own memory is not. Drops are reported at once.
int64_t g_step_low = -1;  // the lowest untracked bytes since the last backward; -1 before the first one

void Report(napi_env env, int64_t untracked) {
  int64_t delta = untracked - g_reported_untracked;
  if (std::llabs(delta) < kReportBytes) return;
  g_reported_untracked = untracked;
  int64_t adjusted;
  napi_adjust_external_memory(env, delta, &adjusted);
}

void ReportUntracked(napi_env env, bool after_backward) {
  int64_t resident = ResidentBytes();
  if (resident < 0) return;
  // The caching allocator's idle buffers are resident but pinned by nothing: counted, they kept the reported total
  // high after a GC, V8 raised its limit each time, and the cycles between collections grew (+60 MB each).
  // Clamped at zero: a negative total is fatal in V8 (tensors allocated but not yet touched are not resident).
  int64_t pinned = resident - static_cast<int64_t>(CachedCpuIdleBytes());
  int64_t untracked = std::max<int64_t>(0, pinned - g_live_bytes);
  if (after_backward) {
    int64_t low = g_step_low < 0 ? untracked : std::min(g_step_low, untracked);
    g_step_low = untracked;
    Report(env, low);
  } else if (g_step_low < 0) {
    Report(env, untracked);  // no training (yet): as it comes
  } else {
    g_step_low = std::min(g_step_low, untracked);
    if (untracked < g_reported_untracked) Report(env, untracked);
  }
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
    auto now = std::chrono::steady_clock::now();
    if (now - g_last_sample >= kSampleInterval) {
      g_last_sample = now;
      ReportUntracked(env, false);
    }
  }
  return result;
}

Holder* UnwrapHolder(napi_env env, napi_value value, const char* what) {
  auto* holder = TensorHolderOf(env, value);
  if (!holder) throw ArgumentError(std::string(what) + " must be a Tensor");
  LiveTensor(holder, what);
  return holder;
}

at::Tensor& LiveTensor(Holder* holder, const char* what) {
  if (!holder->tensor.defined())
    throw ArgumentError(std::string(what) + " is a Tensor that was disposed; it cannot be used any more");
  return holder->tensor;
}

at::Tensor& UnwrapTensor(napi_env env, napi_value value, const char* what) {
  return UnwrapHolder(env, value, what)->tensor;
}

bool IsTensorHandle(napi_env env, napi_value value) { return TensorHolderOf(env, value) != nullptr; }

void NoteBackwardDone(napi_env env) {
  g_last_sample = std::chrono::steady_clock::now();
  ReportUntracked(env, true);
}

void DisposeHolder(napi_env env, Holder* holder) {
  if (!holder->tensor.defined()) return;
  holder->tensor = at::Tensor();
  Account(env, -holder->bytes, -1);
}

MemoryStats GetMemoryStats() { return {g_live_tensors, g_live_bytes}; }

}  // namespace tstorch
