// The caching CPU allocator (cpp/allocator.cc), as the rest of the addon sees it.
#pragma once
#include <cstddef>

namespace tstorch {

// Bytes of freed buffers the caching CPU allocator keeps for reuse (0 when it is off): resident, but held by no
// tensor, so memory accounting leaves them out of what handles pin.
size_t CachedCpuIdleBytes();

}  // namespace tstorch
