#include "js_object.h"
#include "args.h"
#include "handle.h"

namespace tstorch {

JsObject::JsObject(napi_env env, napi_value object, std::string what)
    : env_(env), object_(object), what_(std::move(what)) {
  napi_valuetype type;
  napi_typeof(env, object, &type);
  if (type != napi_object) throw ArgumentError(what_ + " must be an object");
}

napi_value JsObject::get(const char* key) const {
  napi_value v;
  if (napi_get_named_property(env_, object_, key, &v) != napi_ok) throw ArgumentError("cannot read " + what_ + "." + key);
  return v;
}

std::string JsObject::name(const char* key) const { return what_ + "." + key; }

bool JsObject::has(const char* key) const { return !IsNullish(env_, get(key)); }

bool JsObject::isNull(const char* key) const {
  napi_valuetype type;
  napi_typeof(env_, get(key), &type);
  return type == napi_null;
}

double JsObject::number(const char* key) const { return ReadNumber(env_, get(key), name(key)); }
double JsObject::number(const char* key, double fallback) const { return has(key) ? number(key) : fallback; }
c10::optional<double> JsObject::optNumber(const char* key) const {
  if (!has(key)) return c10::nullopt;
  return number(key);
}

int64_t JsObject::int64(const char* key) const { return ReadInt64(env_, get(key), name(key)); }
int64_t JsObject::int64(const char* key, int64_t fallback) const { return has(key) ? int64(key) : fallback; }
c10::optional<int64_t> JsObject::optInt64(const char* key) const {
  if (!has(key)) return c10::nullopt;
  return int64(key);
}

bool JsObject::boolean(const char* key, bool fallback) const {
  return has(key) ? ReadBoolean(env_, get(key), name(key)) : fallback;
}

std::string JsObject::string(const char* key) const { return ReadString(env_, get(key), name(key)); }
std::string JsObject::string(const char* key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

at::Tensor JsObject::optTensor(const char* key) const {
  if (!has(key)) return at::Tensor();
  return UnwrapTensor(env_, get(key), name(key).c_str());
}

std::vector<at::Tensor> JsObject::tensorList(const char* key) const { return ReadTensorList(env_, get(key), name(key)); }

JsResult::JsResult(napi_env env) : env_(env) { napi_create_object(env, &object_); }

JsResult& JsResult::set(const char* key, const at::Tensor& t) {
  if (t.defined()) napi_set_named_property(env_, object_, key, WrapTensor(env_, t));
  return *this;
}
JsResult& JsResult::set(const char* key, const std::vector<at::Tensor>& list) {
  if (!list.empty()) napi_set_named_property(env_, object_, key, ToJs(env_, list));
  return *this;
}
JsResult& JsResult::set(const char* key, double v) {
  napi_set_named_property(env_, object_, key, ToJs(env_, v));
  return *this;
}
JsResult& JsResult::set(const char* key, const std::string& s) {
  if (!s.empty()) napi_set_named_property(env_, object_, key, ToJs(env_, s));
  return *this;
}

}  // namespace tstorch
