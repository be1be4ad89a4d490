#include "args.h"
#include "handle.h"
#include <ATen/Context.h>
#include <ATen/core/Reduction.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <cmath>

namespace tstorch {
namespace {

std::string Ordinal(size_t i) { return "argument " + std::to_string(i + 1); }

napi_valuetype TypeOf(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  return t;
}

const char* TypeName(napi_env env, napi_value v) {
  bool array = false;
  napi_is_array(env, v, &array);
  if (array) return "array";
  switch (TypeOf(env, v)) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: return "number";
    case napi_string: return "string";
    case napi_bigint: return "bigint";
    case napi_function: return "function";
    default: return "object";
  }
}

// An integer-valued number strictly inside int64's range (2**63 itself is not), or a bigint that fits int64.
bool IntegerValue(napi_env env, napi_value v, int64_t* out) {
  switch (TypeOf(env, v)) {
    case napi_number: {
      double d;
      napi_get_value_double(env, v, &d);
      if (!std::isfinite(d) || d != std::trunc(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0) return false;
      *out = static_cast<int64_t>(d);
      return true;
    }
    case napi_bigint: {
      bool lossless;
      napi_get_value_bigint_int64(env, v, out, &lossless);
      return lossless;
    }
    default:
      return false;
  }
}

}  // namespace

bool IsNullish(napi_env env, napi_value v) {
  auto t = TypeOf(env, v);
  return t == napi_undefined || t == napi_null;
}

void FailValue(napi_env env, napi_value v, const std::string& what, const std::string& expected) {
  throw ArgumentError(what + " must be " + expected + ", got " + TypeName(env, v));
}

double ReadNumber(napi_env env, napi_value v, const std::string& what) {
  if (TypeOf(env, v) != napi_number) FailValue(env, v, what, "a number");
  double d;
  napi_get_value_double(env, v, &d);
  return d;
}

int64_t ReadInt64(napi_env env, napi_value v, const std::string& what) {
  int64_t out;
  if (!IntegerValue(env, v, &out)) FailValue(env, v, what, "an integer (a number or bigint within int64 range)");
  return out;
}

bool ReadBoolean(napi_env env, napi_value v, const std::string& what) {
  if (TypeOf(env, v) != napi_boolean) FailValue(env, v, what, "a boolean");
  bool b;
  napi_get_value_bool(env, v, &b);
  return b;
}

std::string ReadString(napi_env env, napi_value v, const std::string& what) {
  if (TypeOf(env, v) != napi_string) FailValue(env, v, what, "a string");
  size_t len;
  napi_get_value_string_utf8(env, v, nullptr, 0, &len);
  std::string s(len, '\0');
  napi_get_value_string_utf8(env, v, s.data(), len + 1, &len);
  return s;
}

std::vector<napi_value> ReadArray(napi_env env, napi_value v, const std::string& what, const char* expected) {
  bool array = false;
  napi_is_array(env, v, &array);
  if (!array) FailValue(env, v, what, expected);
  uint32_t n;
  napi_get_array_length(env, v, &n);
  std::vector<napi_value> out(n);
  for (uint32_t k = 0; k < n; k++) napi_get_element(env, v, k, &out[k]);
  return out;
}

namespace {
// The elements of a JS array, each read by `read(element, "what[k]")`.
template <typename T, typename Read>
std::vector<T> ReadList(napi_env env, napi_value v, const std::string& what, const char* expected, Read read) {
  auto elements = ReadArray(env, v, what, expected);
  std::vector<T> out;
  out.reserve(elements.size());
  for (size_t k = 0; k < elements.size(); k++) out.push_back(read(elements[k], what + "[" + std::to_string(k) + "]"));
  return out;
}
}  // namespace

std::vector<std::string> ReadStringList(napi_env env, napi_value v, const std::string& what) {
  return ReadList<std::string>(env, v, what, "an array of strings", [env](napi_value el, const std::string& w) { return ReadString(env, el, w); });
}

std::vector<double> ReadNumberList(napi_env env, napi_value v, const std::string& what) {
  return ReadList<double>(env, v, what, "an array of numbers", [env](napi_value el, const std::string& w) { return ReadNumber(env, el, w); });
}

std::vector<at::Tensor> ReadTensorList(napi_env env, napi_value v, const std::string& what) {
  return ReadList<at::Tensor>(env, v, what, "an array of Tensors",
                              [env](napi_value el, const std::string& w) { return UnwrapTensor(env, el, w.c_str()); });
}

std::vector<c10::optional<at::Tensor>> ReadOptTensorList(napi_env env, napi_value v, const std::string& what) {
  return ReadList<c10::optional<at::Tensor>>(env, v, what, "an array of Tensors or nulls",
                                             [env](napi_value el, const std::string& w) -> c10::optional<at::Tensor> {
                                               if (IsNullish(env, el)) return c10::nullopt;
                                               return UnwrapTensor(env, el, w.c_str());
                                             });
}

std::string ThrownMessage(napi_env env, napi_value thrown, const char* fallback) {
  napi_value message = thrown, str;
  if (TypeOf(env, thrown) == napi_object && napi_get_named_property(env, thrown, "message", &message) != napi_ok) return fallback;
  if (IsNullish(env, message)) return fallback;
  if (napi_coerce_to_string(env, message, &str) != napi_ok) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);  // a throwing toString()
    return fallback;
  }
  return ReadString(env, str, "the error message");
}

Args::Args(napi_env env, napi_callback_info info, const char* name) : env_(env), name_(name) {
  napi_get_cb_info(env, info, &argc_, argv_, nullptr, nullptr);
  if (argc_ > kMaxArgs) argc_ = kMaxArgs;
  napi_get_undefined(env, &undefined_);
}

namespace {
// One napi_typeof per argument; objects are looked at further only when the parameter takes some kinds of object.
// A tensor handle's holder goes to `*holder`.
bool HasKind(napi_env env, napi_value v, uint16_t kinds, Holder** holder) {
  switch (TypeOf(env, v)) {
    case napi_undefined:
    case napi_null: return kinds & kJsNullish;
    case napi_number: return kinds & kJsNumber;
    case napi_bigint: return kinds & kJsBigint;
    case napi_boolean: return kinds & kJsBoolean;
    case napi_string: return kinds & kJsString;
    case napi_function: return kinds & kJsFunction;
    case napi_object: {
      if (kinds & kJsObject) return true;
      if ((kinds & kJsTensor) && (*holder = TensorHolderOf(env, v))) return true;
      bool is = false;
      if ((kinds & kJsArray) && napi_is_array(env, v, &is) == napi_ok && is) return true;
      return (kinds & kJsTypedArray) && napi_is_typedarray(env, v, &is) == napi_ok && is;
    }
    default: return false;
  }
}
}  // namespace

void Args::checkKinds(const ParamSpec* params, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (!HasKind(env_, (*this)[i], params[i].kinds, &holders_[i]))
      throw ArgumentError(Ordinal(i) + " (" + params[i].name + ") must be " + params[i].expected + ", got " + TypeName(env_, (*this)[i]));
}

void Args::fail(size_t i, const std::string& expected) const { FailValue(env_, (*this)[i], Ordinal(i), expected); }

bool Args::isNullish(size_t i) const { return IsNullish(env_, (*this)[i]); }
bool Args::isTensor(size_t i) const { return IsTensorHandle(env_, (*this)[i]); }
bool Args::isNumber(size_t i) const { return TypeOf(env_, (*this)[i]) == napi_number; }
bool Args::isArray(size_t i) const {
  bool r = false;
  napi_is_array(env_, (*this)[i], &r);
  return r;
}

at::Tensor& Args::tensor(size_t i) const {
  if (i < kMaxArgs && holders_[i]) {
    if (holders_[i]->tensor.defined()) return holders_[i]->tensor;
    LiveTensor(holders_[i], Ordinal(i).c_str());  // throws: disposed
  }
  if (TypeOf(env_, (*this)[i]) != napi_object) fail(i, "a Tensor");
  return UnwrapTensor(env_, (*this)[i], Ordinal(i).c_str());
}

c10::optional<at::Tensor> Args::optTensor(size_t i) const {
  if (isNullish(i)) return c10::nullopt;
  return tensor(i);
}

std::vector<at::Tensor> Args::tensorList(size_t i) const { return ReadTensorList(env_, (*this)[i], Ordinal(i)); }

std::vector<c10::optional<at::Tensor>> Args::optTensorList(size_t i) const { return ReadOptTensorList(env_, (*this)[i], Ordinal(i)); }

// JS integers become integer scalars, as Python ints do, so int tensors stay int after `x.add(2)`.
at::Scalar Args::scalar(size_t i) const {
  napi_value v = (*this)[i];
  switch (TypeOf(env_, v)) {
    case napi_number: {
      double d;
      napi_get_value_double(env_, v, &d);
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0)
        return at::Scalar(static_cast<int64_t>(d));
      return at::Scalar(d);
    }
    case napi_boolean: {
      bool b;
      napi_get_value_bool(env_, v, &b);
      return at::Scalar(b);
    }
    case napi_bigint: {
      int64_t x;
      bool lossless;
      napi_get_value_bigint_int64(env_, v, &x, &lossless);
      if (!lossless) fail(i, "a bigint within int64 range");
      return at::Scalar(x);
    }
    default:
      fail(i, "a number or boolean");
  }
}

double Args::number(size_t i) const { return ReadNumber(env_, (*this)[i], Ordinal(i)); }

int64_t Args::int64(size_t i) const { return ReadInt64(env_, (*this)[i], Ordinal(i)); }

c10::optional<int64_t> Args::optInt64(size_t i) const {
  if (isNullish(i)) return c10::nullopt;
  return int64(i);
}

bool Args::boolean(size_t i, bool fallback) const {
  if (isNullish(i)) return fallback;
  return ReadBoolean(env_, (*this)[i], Ordinal(i));
}

std::vector<int64_t> Args::intList(size_t i) const {
  if (!isArray(i)) fail(i, "an array of integers");
  uint32_t n;
  napi_get_array_length(env_, (*this)[i], &n);
  std::vector<int64_t> out(n);
  for (uint32_t k = 0; k < n; k++) {
    napi_value el;
    napi_get_element(env_, (*this)[i], k, &el);
    if (!IntegerValue(env_, el, &out[k]))
      throw ArgumentError(Ordinal(i) + " must be an array of integers (numbers or bigints), but element " + std::to_string(k) +
                          " is " + (TypeOf(env_, el) == napi_number ? "not an integer within int64 range" : TypeName(env_, el)));
  }
  return out;
}

c10::optional<std::vector<int64_t>> Args::optIntList(size_t i) const {
  if (isNullish(i)) return c10::nullopt;
  if (isNumber(i)) return std::vector<int64_t>{int64(i)};
  return intList(i);
}

std::string Args::string(size_t i) const { return ReadString(env_, (*this)[i], Ordinal(i)); }
std::vector<std::string> Args::stringList(size_t i) const { return ReadStringList(env_, (*this)[i], Ordinal(i)); }
std::vector<double> Args::numberList(size_t i) const { return ReadNumberList(env_, (*this)[i], Ordinal(i)); }

at::ScalarType Args::dtype(size_t i) const { return ParseDtype(string(i)); }
c10::optional<at::ScalarType> Args::optDtype(size_t i) const {
  if (isNullish(i)) return c10::nullopt;
  return dtype(i);
}
at::Device Args::device(size_t i) const { return ParseDevice(string(i)); }
c10::optional<at::Device> Args::optDevice(size_t i) const {
  if (isNullish(i)) return c10::nullopt;
  return device(i);
}

int64_t Args::reduction(size_t i) const {
  if (isNullish(i)) return at::Reduction::Mean;
  auto r = string(i);
  if (r == "mean") return at::Reduction::Mean;
  if (r == "sum") return at::Reduction::Sum;
  if (r == "none") return at::Reduction::None;
  throw ArgumentError("reduction must be 'mean', 'sum' or 'none', got '" + r + "'");
}

std::vector<napi_value> Args::array(size_t i, const char* expected) const { return ReadArray(env_, (*this)[i], Ordinal(i), expected); }

napi_value Args::function(size_t i) const {
  if (TypeOf(env_, (*this)[i]) != napi_function) fail(i, "a function");
  return (*this)[i];
}

napi_value Undefined(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}
napi_value Null(napi_env env) {
  napi_value v;
  napi_get_null(env, &v);
  return v;
}
napi_value ToJs(napi_env env, const at::Tensor& t) { return WrapTensor(env, t); }
napi_value ToJs(napi_env env, double v) {
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}
napi_value ToJs(napi_env env, bool v) {
  napi_value r;
  napi_get_boolean(env, v, &r);
  return r;
}
napi_value ToJs(napi_env env, const std::string& v) {
  napi_value r;
  napi_create_string_utf8(env, v.data(), v.size(), &r);
  return r;
}
napi_value ToJs(napi_env env, c10::IntArrayRef v) {
  napi_value r;
  napi_create_array_with_length(env, v.size(), &r);
  for (size_t k = 0; k < v.size(); k++) napi_set_element(env, r, k, ToJs(env, static_cast<double>(v[k])));
  return r;
}
napi_value ToJs(napi_env env, const std::vector<at::Tensor>& v) {
  napi_value r;
  napi_create_array_with_length(env, v.size(), &r);
  for (size_t k = 0; k < v.size(); k++) napi_set_element(env, r, k, WrapTensor(env, v[k]));
  return r;
}

namespace {
struct DtypeEntry {
  const char* name;
  at::ScalarType type;
};
constexpr DtypeEntry kDtypes[] = {
    {"float32", at::kFloat}, {"float64", at::kDouble}, {"float16", at::kHalf}, {"bfloat16", at::kBFloat16},
    {"int64", at::kLong},    {"int32", at::kInt},      {"int16", at::kShort},  {"int8", at::kChar},
    {"uint8", at::kByte},    {"bool", at::kBool},
};
}  // namespace

const char* DtypeName(at::ScalarType t) {
  for (const auto& e : kDtypes)
    if (e.type == t) return e.name;
  return c10::toString(t);
}

at::ScalarType ParseDtype(const std::string& name) {
  for (const auto& e : kDtypes)
    if (name == e.name) return e.type;
  throw ArgumentError("unknown dtype '" + name +
                      "'; expected one of float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool");
}

void CheckDeviceAvailable(const at::Device& d) {
  if (d.is_cpu()) return;
  if (d.is_cuda()) {
    if (!at::hasCUDA())
      throw ArgumentError("CUDA is not available: this libtorch has no CUDA support or no GPU/driver was found "
                          "(check torch.cuda.isAvailable() and choose 'cpu' otherwise)");
    int64_t count = at::detail::getCUDAHooks().getNumGPUs();
    if (d.has_index() && d.index() >= count)
      throw ArgumentError("device '" + DeviceName(d) + "' does not exist: " + std::to_string(count) +
                          " CUDA device(s) available (cuda:0 to cuda:" + std::to_string(count - 1) + ")");
    return;
  }
  throw ArgumentError("device type '" + DeviceName(d) + "' is not supported; use 'cpu' or 'cuda[:N]'");
}

at::Device ParseDevice(const std::string& spec) {
  try {
    at::Device d(spec);
    CheckDeviceAvailable(d);
    return d;
  } catch (const c10::Error&) {
    throw ArgumentError("invalid device '" + spec + "'; expected 'cpu', 'cuda' or 'cuda:N'");
  }
}

std::string DeviceName(const at::Device& d) { return d.str(); }

}  // namespace tstorch
