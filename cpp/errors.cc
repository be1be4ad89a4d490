#include "errors.h"
#include "args.h"
#include <c10/util/Exception.h>

namespace tstorch {

std::vector<RegisteredFunction>& MutableRegistry() {
  static std::vector<RegisteredFunction> registry;
  return registry;
}
const std::vector<RegisteredFunction>& RegisteredFunctions() { return MutableRegistry(); }
Registrar::Registrar(const char* name, napi_callback cb) { MutableRegistry().push_back({name, cb}); }

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

napi_value Dispatch(napi_env env, napi_callback_info info, const char* name, OpImpl impl) {
  auto prefix = [name] { return std::string("tstorch.") + name + ": "; };
  try {
    Args args(env, info, name);
    return impl(args);
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
