// A node of the autograd graph whose backward is a JS function: what torch.utils.checkpoint needs (the
// backward recomputes the forward with grad on). JS can only run on the JS thread. libtorch's engine runs the
// nodes of CPU tensors on the thread that called backward() (the JS thread, inside a native call, where calling
// back into JS is allowed); nodes of CUDA tensors run on a device thread, where this node reports an error.
#include <ATen/ATen.h>
#include <algorithm>
#include <mutex>
#include <thread>
#include <torch/csrc/autograd/function.h>
#include "dispatch.h"

using namespace tstorch;

namespace {

// References whose node died where JS may not be touched (a GC finalizer, a device thread): deleted on the next call.
std::mutex g_dead_mutex;
std::vector<std::pair<napi_env, napi_ref>> g_dead_refs;

// Deletes the dead references of `env` (a worker thread's env has its own).
void DeleteDeadRefs(napi_env env) {
  std::vector<napi_ref> mine;
  {
    std::lock_guard<std::mutex> lock(g_dead_mutex);
    auto keep = std::remove_if(g_dead_refs.begin(), g_dead_refs.end(), [&](const auto& d) {
      if (d.first != env) return false;
      mine.push_back(d.second);
      return true;
    });
    g_dead_refs.erase(keep, g_dead_refs.end());
  }
  for (auto ref : mine) napi_delete_reference(env, ref);
}

std::string PendingErrorMessage(napi_env env) {
  napi_value error;
  napi_get_and_clear_last_exception(env, &error);
  return ThrownMessage(env, error, "the backward function threw");
}

struct JsBackward : torch::autograd::Node {
  JsBackward(napi_env env, napi_ref callback) : env_(env), callback_(callback), js_thread_(std::this_thread::get_id()) {}
  ~JsBackward() override {
    std::lock_guard<std::mutex> lock(g_dead_mutex);
    g_dead_refs.emplace_back(env_, callback_);
  }
  std::string name() const override { return "CheckpointFunctionBackward"; }

  // Calls the JS function with the output gradients (null where none) and returns its input gradients.
  torch::autograd::variable_list apply(torch::autograd::variable_list&& grads) override {
    if (std::this_thread::get_id() != js_thread_)
      throw std::runtime_error(
          "a JS backward function (torch.utils.checkpoint) ran on a libtorch worker thread: this happens for CUDA tensors, "
          "where backward runs on a device thread; checkpointing is supported for CPU tensors");
    napi_handle_scope scope;
    napi_open_handle_scope(env_, &scope);
    napi_value fn, result, global;
    napi_get_reference_value(env_, callback_, &fn);
    napi_value list = ToJs(env_, grads);  // undefined gradients become null
    napi_get_global(env_, &global);
    if (napi_call_function(env_, global, fn, 1, &list, &result) != napi_ok) {
      auto message = PendingErrorMessage(env_);
      napi_close_handle_scope(env_, scope);
      throw std::runtime_error(message);
    }
    torch::autograd::variable_list out;
    try {
      auto grads_in = ReadOptTensorList(env_, result, "the backward function's result");
      if (grads_in.size() != num_outputs())
        throw ArgumentError("the backward function must return an array of " + std::to_string(num_outputs()) +
                            " gradients (Tensor or null), got " + std::to_string(grads_in.size()));
      for (auto& g : grads_in) out.push_back(g ? *g : at::Tensor());
    } catch (...) {
      napi_close_handle_scope(env_, scope);
      throw;
    }
    napi_close_handle_scope(env_, scope);
    return out;
  }

 private:
  napi_env env_;
  napi_ref callback_;
  std::thread::id js_thread_;  // the thread of env_, the only one that may call into it
};

}  // namespace

// attachJsBackward(inputs, outputs, backward): new tensors aliasing `outputs` whose gradient flows to `inputs`
// through `backward(gradOutputs) -> gradInputs` (one entry per input, Tensor or null). Call it with grad mode on.
TS_FUNCTION(attachJsBackward) {
  auto inputs = a.tensorList(0);
  auto outputs = a.tensorList(1);
  napi_value backward = a.function(2);
  DeleteDeadRefs(a.env());
  for (size_t i = 0; i < outputs.size(); i++)
    if (!at::isFloatingType(outputs[i].scalar_type()) && !at::isComplexType(outputs[i].scalar_type()))
      throw ArgumentError("output " + std::to_string(i) + " has dtype " + DtypeName(outputs[i].scalar_type()) + "; only floating point outputs carry gradients");
  napi_ref ref;
  napi_create_reference(a.env(), backward, 1, &ref);
  std::shared_ptr<JsBackward> node(new JsBackward(a.env(), ref), torch::autograd::deleteNode);
  node->set_next_edges(torch::autograd::collect_next_edges(inputs));
  std::vector<at::Tensor> wrapped;
  for (auto& o : outputs) {
    auto alias = o.detach();
    torch::autograd::create_gradient_edge(alias, node);
    wrapped.push_back(alias);
  }
  return ToJs(a.env(), wrapped);
}
