#include "resident_memory.h"
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>

namespace tstorch {

int64_t ResidentBytes() {
#if defined(__linux__)
  static const int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  static const int64_t page = sysconf(_SC_PAGESIZE);
  char buf[128];
  if (fd < 0) return -1;
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return -1;
  buf[n] = 0;
  long long size = 0, resident = 0;
  if (std::sscanf(buf, "%lld %lld", &size, &resident) != 2) return -1;
  return resident * page;
#else
  return -1;
#endif
}

}  // namespace tstorch
