// Whether this libtorch's oneDNN (MKL-DNN) convolutions can be trusted on the CPU (cpp/conv_backend_check.cc).
#pragma once

namespace tstorch {

// Called before every CPU convolution: the first call runs a few small float32 convolution backwards through
// oneDNN against float64 (which never goes through oneDNN) and, when one is wrong, turns oneDNN off for the
// process so ATen's own kernels run instead. Later calls only read a static.
void EnsureTrustedConvBackend();

}  // namespace tstorch
