// Typed reads of named properties of a JS object (model configs, forward inputs, optimizer groups), through the
// value readers of args.h, and building result objects. Every read names the property in its ArgumentError.
#pragma once
#include "napi_config.h"
#include <ATen/core/Tensor.h>
#include <c10/util/Optional.h>
#include <string>
#include <vector>

namespace tstorch {

class JsObject {
 public:
  // `what` names the object in errors (e.g. "config", "inputs").
  JsObject(napi_env env, napi_value object, std::string what);

  bool has(const char* key) const;  // present and neither undefined nor null
  bool isNull(const char* key) const;  // explicitly null (Python's None in a config)
  double number(const char* key) const;
  double number(const char* key, double fallback) const;
  c10::optional<double> optNumber(const char* key) const;
  int64_t int64(const char* key) const;
  int64_t int64(const char* key, int64_t fallback) const;
  c10::optional<int64_t> optInt64(const char* key) const;
  bool boolean(const char* key, bool fallback) const;
  std::string string(const char* key) const;
  std::string string(const char* key, const std::string& fallback) const;
  at::Tensor optTensor(const char* key) const;  // undefined tensor when absent
  std::vector<at::Tensor> tensorList(const char* key) const;

 private:
  napi_value get(const char* key) const;
  std::string name(const char* key) const;  // "config.vocab_size"
  napi_env env_;
  napi_value object_;
  std::string what_;
};

// Builds `{ key: value, ... }`; undefined tensors are left out, so optional outputs are absent in JS.
class JsResult {
 public:
  explicit JsResult(napi_env env);
  JsResult& set(const char* key, const at::Tensor& t);
  JsResult& set(const char* key, const std::vector<at::Tensor>& list);
  JsResult& set(const char* key, const std::string& s);
  JsResult& set(const char* key, double v);
  napi_value value() const { return object_; }

 private:
  napi_env env_;
  napi_value object_;
};

}  // namespace tstorch
