// The cost of one resident-memory sample as cpp/handle.cc takes it (cpp/resident_memory.cc: pread of
// /proc/self/statm + sscanf), over 200k reads.
// Run: g++ -O2 -o /tmp/statm-read bench/statm-read.cc cpp/resident_memory.cc && /tmp/statm-read
#include <chrono>
#include <cstdio>
#include "../cpp/resident_memory.h"

int main() {
  const int n = 200000;
  int64_t sink = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; i++) sink += tstorch::ResidentBytes();
  auto t1 = std::chrono::steady_clock::now();
  std::printf("%.3f us per read (%lld)\n", std::chrono::duration<double, std::micro>(t1 - t0).count() / n, static_cast<long long>(sink & 1));
}
