#include "dispatch.h"
#include <c10/util/Exception.h>
#include <string>

namespace tstorch {
namespace {
// A pending JS exception (from a napi call) wins; otherwise throw a new error of the given kind.
napi_value ThrowError(napi_env env, bool type_error, const std::string& message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    if (type_error) napi_throw_type_error(env, nullptr, message.c_str());
    else napi_throw_error(env, nullptr, message.c_str());
  }
  return nullptr;
}
}  // namespace

napi_value Dispatch(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  void* data = nullptr;
  napi_get_cb_info(env, info, &argc, nullptr, nullptr, &data);
  const auto& spec = *static_cast<const NativeSpec*>(data);
  auto prefix = [&spec] { return std::string("tstorch.") + spec.name + ": "; };
  try {
    if (argc > spec.arity)
      throw ArgumentError("takes at most " + std::to_string(spec.arity) + " argument(s), got " + std::to_string(argc));
    Args args(env, info, spec.name);
    args.checkKinds(spec.params, spec.arity);
    return spec.impl(args);
  } catch (const ArgumentError& e) {
    return ThrowError(env, true, prefix() + e.what());
  } catch (const Napi::Error& e) {
    return ThrowError(env, false, prefix() + e.Message());
  } catch (const c10::Error& e) {
    return ThrowError(env, false, prefix() + e.what_without_backtrace());
  } catch (const std::exception& e) {
    return ThrowError(env, false, prefix() + e.what());
  } catch (...) {
    return ThrowError(env, false, prefix() + "unknown native error");
  }
}

}  // namespace tstorch
