// The process's resident memory, as the handle path samples it (cpp/handle.cc); no napi or libtorch, so
// bench/statm-read.cc can time the same read.
#pragma once
#include <cstdint>

namespace tstorch {

// Resident bytes from /proc/self/statm (its second field, in pages); -1 where there is none.
int64_t ResidentBytes();

}  // namespace tstorch
