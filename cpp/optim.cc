// libtorch's own optimizers (AdamW, Adam, SGD): the same update rules as PyTorch's, run in one native call
// per step. Parameter tensors are shared with the model, so updates land in its weights.
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <sstream>
#include <type_traits>
#include "dispatch.h"
#include "js_object.h"
#include "object_handle.h"

using namespace tstorch;

namespace {

// A group's parameters: leaf floating-point tensors (what an optimizer updates).
std::vector<at::Tensor> GroupParams(const JsObject& group, size_t g) {
  auto params = group.tensorList("params");
  for (size_t k = 0; k < params.size(); k++) {
    auto name = "param group " + std::to_string(g) + ".params[" + std::to_string(k) + "]";
    if (!params[k].is_leaf()) throw ArgumentError(name + " is not a leaf tensor; optimizers update leaf parameters");
    if (!params[k].is_floating_point()) throw ArgumentError(name + " is not a floating-point tensor");
  }
  return params;
}

// Options absent from the JS group keep libtorch's defaults.
template <typename Options>
void AdamLikeOptions(const JsObject& group, Options& o) {
  if (auto v = group.optNumber("lr")) o.lr(*v);
  auto b1 = group.optNumber("beta1"), b2 = group.optNumber("beta2");
  if (b1 || b2) o.betas(std::make_tuple(b1.value_or(std::get<0>(o.betas())), b2.value_or(std::get<1>(o.betas()))));
  if (auto v = group.optNumber("eps")) o.eps(*v);
  if (auto v = group.optNumber("weightDecay")) o.weight_decay(*v);
  if (group.has("amsgrad")) o.amsgrad(group.boolean("amsgrad", false));
}

std::unique_ptr<torch::optim::OptimizerOptions> GroupOptions(const std::string& kind, const JsObject& group) {
  if (kind == "adamw") {
    auto o = std::make_unique<torch::optim::AdamWOptions>();
    AdamLikeOptions(group, *o);
    return o;
  }
  if (kind == "adam") {
    auto o = std::make_unique<torch::optim::AdamOptions>();
    AdamLikeOptions(group, *o);
    return o;
  }
  if (kind == "sgd") {
    auto o = std::make_unique<torch::optim::SGDOptions>(group.number("lr"));
    if (auto v = group.optNumber("momentum")) o->momentum(*v);
    if (auto v = group.optNumber("dampening")) o->dampening(*v);
    if (auto v = group.optNumber("weightDecay")) o->weight_decay(*v);
    if (group.has("nesterov")) o->nesterov(group.boolean("nesterov", false));
    return o;
  }
  throw ArgumentError("unknown optimizer '" + kind + "'; expected adamw, adam or sgd");
}

std::shared_ptr<torch::optim::Optimizer> Make(const std::string& kind, std::vector<torch::optim::OptimizerParamGroup> groups) {
  // The first group's options become the defaults; every group carries its own options anyway.
  auto defaults = groups.at(0).options().clone();
  if (kind == "adamw")
    return std::make_shared<torch::optim::AdamW>(std::move(groups), static_cast<torch::optim::AdamWOptions&>(*defaults));
  if (kind == "adam")
    return std::make_shared<torch::optim::Adam>(std::move(groups), static_cast<torch::optim::AdamOptions&>(*defaults));
  return std::make_shared<torch::optim::SGD>(std::move(groups), static_cast<torch::optim::SGDOptions&>(*defaults));
}

torch::optim::OptimizerParamGroup& Group(torch::optim::Optimizer& opt, int64_t g) {
  auto& groups = opt.param_groups();
  if (g < 0 || g >= static_cast<int64_t>(groups.size()))
    throw ArgumentError("param group " + std::to_string(g) + " does not exist (" + std::to_string(groups.size()) + " groups)");
  return groups[g];
}

// libtorch 1.13 keys optimizer state by the parameter's TensorImpl address printed as a string, newer
// releases by the address itself: derive the key from the map's own key type.
template <typename Map>
typename Map::key_type StateKey(const Map&, const at::Tensor& p) {
  if constexpr (std::is_same_v<typename Map::key_type, std::string>) {
    std::ostringstream s;
    s << p.unsafeGetTensorImpl();
    return s.str();
  } else {
    return p.unsafeGetTensorImpl();
  }
}

}  // namespace

// optimCreate(kind, groups: [{ params: Tensor[], lr, beta1, beta2, eps, weightDecay, amsgrad, momentum, ... }])
TS_FUNCTION(optimCreate) {
  auto kind = a.string(0);
  auto elements = a.array(1, "an array of param groups");
  if (elements.empty()) throw ArgumentError("an optimizer needs at least one param group");
  std::vector<torch::optim::OptimizerParamGroup> groups;
  for (size_t g = 0; g < elements.size(); g++) {
    JsObject options(a.env(), elements[g], "param group " + std::to_string(g));
    groups.emplace_back(GroupParams(options, g), GroupOptions(kind, options));
  }
  return WrapObject(a.env(), Make(kind, std::move(groups)));
}

TS_FUNCTION(optimStep) {
  UnwrapObject<torch::optim::Optimizer>(a.env(), a[0], "optimizer")->step();
  return Undefined(a.env());
}

// optimZeroGrad(opt, setToNone): PyTorch 2.x's default is setToNone = true
TS_FUNCTION(optimZeroGrad) {
  auto opt = UnwrapObject<torch::optim::Optimizer>(a.env(), a[0], "optimizer");
  bool to_none = a.boolean(1, true);
  for (auto& group : opt->param_groups()) {
    for (auto& p : group.params()) {
      auto& grad = p.mutable_grad();
      if (!grad.defined()) continue;
      if (to_none) {
        grad.reset();
      } else {
        if (grad.grad_fn()) grad.detach_();
        else grad.requires_grad_(false);
        grad.zero_();
      }
    }
  }
  return Undefined(a.env());
}

TS_FUNCTION(optimGetLr) {
  auto opt = UnwrapObject<torch::optim::Optimizer>(a.env(), a[0], "optimizer");
  return ToJs(a.env(), Group(*opt, a.int64(1)).options().get_lr());
}
TS_FUNCTION(optimSetLr) {
  auto opt = UnwrapObject<torch::optim::Optimizer>(a.env(), a[0], "optimizer");
  double lr = a.number(2);
  if (!(lr >= 0)) throw ArgumentError("learning rate must be >= 0, got " + std::to_string(lr));
  Group(*opt, a.int64(1)).options().set_lr(lr);
  return Undefined(a.env());
}

// optimGetState(opt, group, param) -> { step, exp_avg, exp_avg_sq, max_exp_avg_sq?, momentum_buffer? } | null
TS_FUNCTION(optimGetState) {
  auto opt = UnwrapObject<torch::optim::Optimizer>(a.env(), a[0], "optimizer");
  auto& group = Group(*opt, a.int64(1));
  auto k = a.int64(2);
  if (k < 0 || k >= static_cast<int64_t>(group.params().size())) throw ArgumentError("parameter index out of range");
  auto it = opt->state().find(StateKey(opt->state(), group.params()[k]));
  if (it == opt->state().end()) return Null(a.env());
  // undefined tensors (max_exp_avg_sq without amsgrad) are left out
  JsResult result(a.env());
  auto* state = it->second.get();
  if (auto* s = dynamic_cast<torch::optim::AdamWParamState*>(state)) {
    result.set("step", static_cast<double>(s->step())).set("exp_avg", s->exp_avg()).set("exp_avg_sq", s->exp_avg_sq());
    result.set("max_exp_avg_sq", s->max_exp_avg_sq());
  } else if (auto* s = dynamic_cast<torch::optim::AdamParamState*>(state)) {
    result.set("step", static_cast<double>(s->step())).set("exp_avg", s->exp_avg()).set("exp_avg_sq", s->exp_avg_sq());
    result.set("max_exp_avg_sq", s->max_exp_avg_sq());
  } else if (auto* s = dynamic_cast<torch::optim::SGDParamState*>(state)) {
    result.set("momentum_buffer", s->momentum_buffer());
  }
  return result.value();
}

// optimSetState(opt, group, param, { step, exp_avg, exp_avg_sq, max_exp_avg_sq?, momentum_buffer? }): copies in
TS_FUNCTION(optimSetState) {
  auto opt = UnwrapObject<torch::optim::Optimizer>(a.env(), a[0], "optimizer");
  auto& group = Group(*opt, a.int64(1));
  auto k = a.int64(2);
  if (k < 0 || k >= static_cast<int64_t>(group.params().size())) throw ArgumentError("parameter index out of range");
  const auto& p = group.params()[k];
  JsObject given(a.env(), a[3], "optimizer state");
  auto tensor_prop = [&](const char* key) -> at::Tensor {
    auto t = given.optTensor(key);
    if (!t.defined()) return t;
    t = t.detach().to(p.device(), p.scalar_type()).clone();
    if (t.sizes() != p.sizes())
      throw ArgumentError(std::string("optimizer state '") + key + "' has shape [" + c10::Join(", ", t.sizes()) +
                          "] but its parameter has shape [" + c10::Join(", ", p.sizes()) + "]");
    return t;
  };
  auto step = given.int64("step", 0);
  std::unique_ptr<torch::optim::OptimizerParamState> state;
  if (dynamic_cast<torch::optim::AdamWOptions*>(&group.options())) {
    auto s = std::make_unique<torch::optim::AdamWParamState>();
    s->step(step).exp_avg(tensor_prop("exp_avg")).exp_avg_sq(tensor_prop("exp_avg_sq")).max_exp_avg_sq(tensor_prop("max_exp_avg_sq"));
    state = std::move(s);
  } else if (dynamic_cast<torch::optim::AdamOptions*>(&group.options())) {
    auto s = std::make_unique<torch::optim::AdamParamState>();
    s->step(step).exp_avg(tensor_prop("exp_avg")).exp_avg_sq(tensor_prop("exp_avg_sq")).max_exp_avg_sq(tensor_prop("max_exp_avg_sq"));
    state = std::move(s);
  } else {
    auto s = std::make_unique<torch::optim::SGDParamState>();
    s->momentum_buffer(tensor_prop("momentum_buffer"));
    state = std::move(s);
  }
  opt->state()[StateKey(opt->state(), p)] = std::move(state);
  return Undefined(a.env());
}

// clipGradNorm(params, maxNorm, normType): torch.nn.utils.clip_grad_norm_; returns the total norm before clipping.
TS_FUNCTION(clipGradNorm) {
  auto params = a.tensorList(0);
  double max_norm = a.number(1);
  double norm_type = a.isNullish(2) ? 2.0 : a.number(2);
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> grads;
  for (auto& p : params)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return ToJs(a.env(), at::zeros({}));
  std::vector<at::Tensor> norms;
  at::Tensor total;
  if (std::isinf(norm_type)) {
    for (auto& g : grads) norms.push_back(g.detach().abs().max().to(grads[0].device()));
    total = norms.size() == 1 ? norms[0] : at::stack(norms).max();
  } else {
    for (auto& g : grads) norms.push_back(at::norm(g.detach(), norm_type).to(grads[0].device()));
    total = at::norm(at::stack(norms), norm_type);
  }
  auto coef = at::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0);
  for (auto& g : grads) g.detach().mul_(coef.to(g.device()));
  return ToJs(a.env(), total);
}
