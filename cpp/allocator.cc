// A caching CPU allocator for tensor buffers, installed as libtorch's CPU allocator when the addon loads.
// Why: a training step frees its activations in backward and asks for the same sizes again in the next forward.
// Through malloc those buffers come back as fresh pages (glibc maps big blocks, trims the heap top, and the graph
// of the previous step, freed later by V8's GC in a plain loop, leaves small blocks that split the freed space), so
// every step page-faults its activations in again: 9,000-24,000 faults a step at the small BERT of bench/bert.ts.
// Here buffers of at least kMinBytes get their own page-aligned mapping and go back to a free list when freed; the
// next request of about the same size gets a warm one. Idle buffers are bounded by the peak of live ones (a loop
// keeps one step's worth) plus kIdleSlack, oldest returned first; emptyCpuCache() returns them all. Smaller buffers go to libtorch's
// own allocator. kMinBytes is 16 KiB, not only large buffers: in a plain loop on hf-tiny-bert (activations of
// 16-64 KiB) the uncollected graphs' small blocks split the freed activations in malloc's heap into holes the
// next step could not use, and the heap grew 1 MB a step (issue 16); out of the heap they are reused exactly.
// TSTORCH_CPU_CACHE=0 leaves libtorch's allocator in place.
// The same reuse for what still comes from malloc (V8's ArrayBuffers from tensor.data(), mid-size buffers): glibc's
// adaptive thresholds are fixed at load (mmap above 32 MiB, trim beyond 128 MiB free at the heap top) unless the
// user set MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or GLIBC_TUNABLES.
#include <c10/core/CPUAllocator.h>
#include <sys/mman.h>
#include <torch/csrc/api/include/torch/version.h>
#include <cstdlib>
#include <atomic>
#include <cstring>
#include <list>
#include <map>
#include <mutex>
#include <unordered_map>
#include "allocator.h"
#include "dispatch.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace tstorch;

namespace {

constexpr size_t kMinBytes = 16 << 10;
constexpr size_t kPage = 4096;
// a cached buffer serves a request up to this fraction smaller than itself (shapes that vary a little)
constexpr size_t kSlackDivisor = 8;
// Idle room beyond the live peak. Without it a small model's plain loop (whose graphs the GC frees in batches,
// a few steps late) sat at the bound: every step evicted buffers and mapped fresh ones, 11 misses and 170 page
// faults a step on hf-tiny-bert, and munmap's TLB shootdowns across the BLAS threads doubled its step time.
constexpr size_t kIdleSlack = 16 << 20;

class CachingCpuAllocator final : public c10::Allocator {
 public:
  explicit CachingCpuAllocator(c10::Allocator* fallback) : fallback_(fallback) {}

#if TORCH_VERSION_MAJOR >= 2
  c10::DataPtr allocate(size_t n) override { return Allocate(n); }
  void copy_data(void* dest, const void* src, size_t count) const override { std::memcpy(dest, src, count); }
#else
  c10::DataPtr allocate(size_t n) const override { return Allocate(n); }
#endif
  // raw_allocate/raw_deallocate: the context is the pointer itself, and Release hands back what is not ours
  c10::DeleterFnPtr raw_deleter() const override { return &Release; }

  struct Stats {
    size_t live, idle, peak, hits, misses;
  };
  Stats stats() {
    std::lock_guard<std::mutex> lock(mu_);
    return {live_bytes_, IdleBytes(), peak_live_, hits_, misses_};
  }
  // read without the lock: handle.cc asks for it every few dozen tensor handles
  size_t IdleBytes() const { return idle_bytes_.load(std::memory_order_relaxed); }
  void EmptyCache() {
    std::lock_guard<std::mutex> lock(mu_);
    while (!idle_.empty()) EvictOldest();
  }

 private:
  struct Block {
    void* ptr;
    size_t size;
  };

  c10::DataPtr Allocate(size_t n) const { return const_cast<CachingCpuAllocator*>(this)->Take(n); }

  c10::DataPtr Take(size_t n) {
    if (n < kMinBytes) return fallback_->allocate(n);
    size_t size = (n + kPage - 1) / kPage * kPage;
    void* ptr = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = by_size_.lower_bound(size);
      if (it != by_size_.end() && it->first <= size + size / kSlackDivisor) {
        Block b = *it->second;
        idle_.erase(it->second);
        by_size_.erase(it);
        idle_bytes_ -= b.size;
        ptr = b.ptr;
        size = b.size;
        hits_++;
      } else {
        misses_++;
      }
    }
    if (!ptr) {
      ptr = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (ptr == MAP_FAILED) {
        EmptyCache();  // idle buffers may be what stands in the way
        ptr = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        // out of mappings (vm.max_map_count) rather than memory, say: malloc may still serve it
        if (ptr == MAP_FAILED) return fallback_->allocate(n);
      }
    }
    std::lock_guard<std::mutex> lock(mu_);
    live_[ptr] = size;
    live_bytes_ += size;
    if (live_bytes_ > peak_live_) peak_live_ = live_bytes_;
    return {ptr, ptr, &Release, c10::Device(c10::DeviceType::CPU)};
  }

  static void Release(void* ptr);

  // false when `ptr` is not one of ours (a small buffer freed through raw_deallocate)
  bool Give(void* ptr) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = live_.find(ptr);
    if (it == live_.end()) return false;
    Block b{ptr, it->second};
    live_.erase(it);
    live_bytes_ -= b.size;
    idle_.push_front(b);
    by_size_.emplace(b.size, idle_.begin());
    idle_bytes_ += b.size;
    while (idle_bytes_ > peak_live_ + kIdleSlack && !idle_.empty()) EvictOldest();
    return true;
  }

  void EvictOldest() {
    auto last = std::prev(idle_.end());
    auto range = by_size_.equal_range(last->size);
    for (auto it = range.first; it != range.second; ++it)
      if (it->second == last) {
        by_size_.erase(it);
        break;
      }
    munmap(last->ptr, last->size);
    idle_bytes_ -= last->size;
    idle_.erase(last);
  }

  c10::Allocator* fallback_;
  std::mutex mu_;
  std::unordered_map<void*, size_t> live_;
  std::list<Block> idle_;  // most recently freed first
  std::multimap<size_t, std::list<Block>::iterator> by_size_;
  size_t live_bytes_ = 0, peak_live_ = 0, hits_ = 0, misses_ = 0;
  std::atomic<size_t> idle_bytes_{0};  // changed under mu_ only
};

// Never destroyed: tensors alive at exit still hold its deleter.
CachingCpuAllocator* g_cache = nullptr;

void CachingCpuAllocator::Release(void* ptr) {
  if (!g_cache->Give(ptr)) g_cache->fallback_->raw_deleter()(ptr);
}

bool CacheWanted() {
  const char* v = std::getenv("TSTORCH_CPU_CACHE");
  return !(v && std::strcmp(v, "0") == 0);
}

void FixMallocThresholds() {
#if defined(__GLIBC__)
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") || std::getenv("MALLOC_TRIM_THRESHOLD_") || std::getenv("GLIBC_TUNABLES")) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's own adaptive ceiling on 64-bit systems
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

struct InstallAtLoad {
  InstallAtLoad() {
    FixMallocThresholds();
    if (!CacheWanted()) return;
    g_cache = new CachingCpuAllocator(c10::GetCPUAllocator());
    c10::SetCPUAllocator(g_cache, /*priority=*/1);
  }
} g_install;

}  // namespace

size_t tstorch::CachedCpuIdleBytes() { return g_cache ? g_cache->IdleBytes() : 0; }

// cpuAllocatorStats() -> { enabled, liveBytes, idleBytes, peakLiveBytes, hits, misses } (buffers >= 16 KiB)
TS_FUNCTION(cpuAllocatorStats) {
  napi_value o;
  napi_create_object(a.env(), &o);
  auto set = [&](const char* k, double v) { napi_set_named_property(a.env(), o, k, ToJs(a.env(), v)); };
  napi_set_named_property(a.env(), o, "enabled", ToJs(a.env(), g_cache != nullptr));
  auto s = g_cache ? g_cache->stats() : CachingCpuAllocator::Stats{0, 0, 0, 0, 0};
  set("liveBytes", static_cast<double>(s.live));
  set("idleBytes", static_cast<double>(s.idle));
  set("peakLiveBytes", static_cast<double>(s.peak));
  set("hits", static_cast<double>(s.hits));
  set("misses", static_cast<double>(s.misses));
  return o;
}

// emptyCpuCache(): returns every idle cached buffer to the kernel
TS_FUNCTION(emptyCpuCache) {
  if (g_cache) g_cache->EmptyCache();
  return Undefined(a.env());
}
