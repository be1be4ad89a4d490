// Raw little-endian bytes of a tensor (C order, on the CPU), for writers such as savePretrained: unlike
// toTypedArray, float16/bfloat16 stay 2-byte values.
#include <ATen/ATen.h>
#include <cstring>
#include "../args.h"

using namespace tstorch;

// tensorBytes(tensor): a Uint8Array copy of the data
TS_FUNCTION(tensorBytes) {
  auto t = a.tensor(0).detach().to(at::kCPU).contiguous();
  size_t bytes = t.numel() * t.element_size();
  void* data;
  napi_value buffer, result;
  napi_create_arraybuffer(a.env(), bytes, &data, &buffer);
  if (bytes) std::memcpy(data, t.data_ptr(), bytes);
  napi_create_typedarray(a.env(), napi_uint8_array, bytes, buffer, 0, &result);
  return result;
}
