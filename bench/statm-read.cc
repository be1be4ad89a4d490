// The cost of one /proc/self/statm read as cpp/handle.cc takes it (pread + sscanf), in a loop of 200k.
// Run: g++ -O2 -o /tmp/statm-read bench/statm-read.cc && /tmp/statm-read
#include <fcntl.h>
#include <unistd.h>
#include <chrono>
#include <cstdio>
int64_t ResidentBytes() {
  static const int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  static const int64_t page = sysconf(_SC_PAGESIZE);
  char buf[128];
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return -1;
  buf[n] = 0;
  long long size = 0, resident = 0;
  if (std::sscanf(buf, "%lld %lld", &size, &resident) != 2) return -1;
  return resident * page;
}
int main() {
  int64_t s = 0; const int N = 200000;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < N; i++) s += ResidentBytes();
  auto t1 = std::chrono::steady_clock::now();
  std::printf("%.3f us per read (%lld)\n", std::chrono::duration<double, std::micro>(t1 - t0).count() / N, (long long)(s & 1));
}
