// The error a native function throws for bad input from JS (wrong type, missing, disposed tensor, out of range);
// Dispatch (dispatch.h) turns it into a JS TypeError prefixed with the function's name.
#pragma once
#include <stdexcept>

namespace tstorch {

struct ArgumentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace tstorch
