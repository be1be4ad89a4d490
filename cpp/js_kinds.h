// The JS kinds a native's parameter accepts, as bits: scripts/gen-natives.mjs writes one ParamSpec per parameter
// of cpp/natives.table into natives_gen.cc, and Dispatch checks every argument against it (Args::checkKinds)
// before the body runs, so a wrong kind is a TypeError naming the native, the argument and what it expected.
#pragma once
#include <cstdint>

namespace tstorch {

enum JsKind : uint16_t {
  kJsNullish = 1 << 0,     // undefined or null (an optional parameter)
  kJsNumber = 1 << 1,
  kJsBigint = 1 << 2,
  kJsBoolean = 1 << 3,
  kJsString = 1 << 4,
  kJsArray = 1 << 5,       // elements are checked by the reader
  kJsTensor = 1 << 6,      // a tensor handle (disposed or not: the reader says which)
  kJsTypedArray = 1 << 7,
  kJsFunction = 1 << 8,
  kJsObject = 1 << 9,      // any object (native handles, configs: their readers check further)
};

struct ParamSpec {
  const char* name;
  uint16_t kinds;        // JsKind bits
  const char* expected;  // for the error: "a Tensor, null or undefined"
};

}  // namespace tstorch
