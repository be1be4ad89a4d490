// The one conversion layer between JS values and C++: the readers of single values (each throws ArgumentError
// naming what it read), `Args` over a native's positional arguments and, in js_object.h, `JsObject` over named
// properties; both read through the value readers here. Values out: ToJs.
#pragma once
#include "napi_config.h"
#include "errors.h"
#include "js_kinds.h"
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/Scalar.h>
#include <c10/core/ScalarType.h>
#include <c10/util/Optional.h>
#include <string>
#include <vector>

namespace tstorch {

struct Holder;

// Reads one JS value; `what` names it in errors ("argument 2", "config.vocab_size").
bool IsNullish(napi_env env, napi_value v);
[[noreturn]] void FailValue(napi_env env, napi_value v, const std::string& what, const std::string& expected);
double ReadNumber(napi_env env, napi_value v, const std::string& what);
int64_t ReadInt64(napi_env env, napi_value v, const std::string& what);
bool ReadBoolean(napi_env env, napi_value v, const std::string& what);
std::string ReadString(napi_env env, napi_value v, const std::string& what);
std::vector<std::string> ReadStringList(napi_env env, napi_value v, const std::string& what);
std::vector<double> ReadNumberList(napi_env env, napi_value v, const std::string& what);
std::vector<at::Tensor> ReadTensorList(napi_env env, napi_value v, const std::string& what);
// null entries become undefined tensors
std::vector<c10::optional<at::Tensor>> ReadOptTensorList(napi_env env, napi_value v, const std::string& what);
// The elements of a JS array, unread; anything else fails as not being `expected`.
std::vector<napi_value> ReadArray(napi_env env, napi_value v, const std::string& what, const char* expected);
// The message of a thrown JS value (an Error's `message`, or the value as a string); `fallback` when it has none.
std::string ThrownMessage(napi_env env, napi_value thrown, const char* fallback);

class Args {
 public:
  static constexpr size_t kMaxArgs = 10;
  Args(napi_env env, napi_callback_info info, const char* name);
  // Checks each argument's JS kind against the native's table entry (natives_gen.cc) before its body reads them;
  // the tensor handles it unwraps are kept for tensor(i), so a Tensor argument is unwrapped once.
  void checkKinds(const ParamSpec* params, size_t count);

  napi_env env() const { return env_; }
  const char* name() const { return name_; }
  size_t size() const { return argc_; }
  napi_value operator[](size_t i) const { return i < argc_ ? argv_[i] : undefined_; }
  bool isNullish(size_t i) const;
  bool isTensor(size_t i) const;
  bool isNumber(size_t i) const;
  bool isArray(size_t i) const;

  at::Tensor& tensor(size_t i) const;
  c10::optional<at::Tensor> optTensor(size_t i) const;
  std::vector<at::Tensor> tensorList(size_t i) const;
  // null entries become undefined tensors (advanced indexing: `x[:, idx]`)
  std::vector<c10::optional<at::Tensor>> optTensorList(size_t i) const;
  at::Scalar scalar(size_t i) const;
  double number(size_t i) const;
  int64_t int64(size_t i) const;
  c10::optional<int64_t> optInt64(size_t i) const;
  bool boolean(size_t i, bool fallback) const;
  std::vector<int64_t> intList(size_t i) const;
  c10::optional<std::vector<int64_t>> optIntList(size_t i) const;
  std::string string(size_t i) const;
  std::vector<std::string> stringList(size_t i) const;
  std::vector<double> numberList(size_t i) const;
  at::ScalarType dtype(size_t i) const;
  c10::optional<at::ScalarType> optDtype(size_t i) const;
  at::Device device(size_t i) const;
  c10::optional<at::Device> optDevice(size_t i) const;
  // a loss's reduction: 'mean' (also when absent), 'sum' or 'none', as at::Reduction
  int64_t reduction(size_t i) const;
  napi_value function(size_t i) const;
  std::vector<napi_value> array(size_t i, const char* expected) const;  // the elements, unread

  [[noreturn]] void fail(size_t i, const std::string& expected) const;

 private:
  napi_env env_;
  const char* name_;
  size_t argc_ = kMaxArgs;
  napi_value argv_[kMaxArgs];
  Holder* holders_[kMaxArgs] = {};  // set by checkKinds
  napi_value undefined_;
};

// Values out.
napi_value Undefined(napi_env env);
napi_value Null(napi_env env);
napi_value ToJs(napi_env env, const at::Tensor& t);
napi_value ToJs(napi_env env, double v);
napi_value ToJs(napi_env env, bool v);
napi_value ToJs(napi_env env, const std::string& v);
napi_value ToJs(napi_env env, c10::IntArrayRef v);
napi_value ToJs(napi_env env, const std::vector<at::Tensor>& v);

// Names as the TypeScript API spells them ('float32', 'int64', ...).
const char* DtypeName(at::ScalarType t);
at::ScalarType ParseDtype(const std::string& name);
// Parses 'cpu' | 'cuda' | 'cuda:N' and checks that the device exists here.
at::Device ParseDevice(const std::string& spec);
void CheckDeviceAvailable(const at::Device& d);
std::string DeviceName(const at::Device& d);

}  // namespace tstorch
