// Reductions. Dims arrive as null (all dims), a number or an array; keepdim defaults to false.
#include <ATen/ATen.h>
#include "dispatch.h"

using namespace tstorch;


namespace {
napi_value Pair(Args& a, const std::tuple<at::Tensor, at::Tensor>& p) {
  return ToJs(a.env(), std::vector<at::Tensor>{std::get<0>(p), std::get<1>(p)});
}
}  // namespace

// sum/mean(self, dims?, keepdim?, dtype?)
TS_FUNCTION(sum) {
  auto dims = a.optIntList(1);
  if (!dims) TS_RETURN(at::sum(a.tensor(0), a.optDtype(3)));
  TS_RETURN(at::sum(a.tensor(0), *dims, a.boolean(2, false), a.optDtype(3)));
}
TS_FUNCTION(mean) {
  auto dims = a.optIntList(1);
  if (!dims) TS_RETURN(at::mean(a.tensor(0), a.optDtype(3)));
  TS_RETURN(at::mean(a.tensor(0), *dims, a.boolean(2, false), a.optDtype(3)));
}
// prod(self, dim?, keepdim?)
TS_FUNCTION(prod) {
  auto dim = a.optInt64(1);
  if (!dim) TS_RETURN(at::prod(a.tensor(0)));
  TS_RETURN(at::prod(a.tensor(0), *dim, a.boolean(2, false)));
}
// max/min(self, dim?, keepdim?): without dim the overall value; with dim [values, indices]
TS_FUNCTION(max) {
  auto dim = a.optInt64(1);
  if (!dim) TS_RETURN(at::max(a.tensor(0)));
  return Pair(a, at::max(a.tensor(0), *dim, a.boolean(2, false)));
}
TS_FUNCTION(min) {
  auto dim = a.optInt64(1);
  if (!dim) TS_RETURN(at::min(a.tensor(0)));
  return Pair(a, at::min(a.tensor(0), *dim, a.boolean(2, false)));
}
TS_FUNCTION(argmax) { TS_RETURN(at::argmax(a.tensor(0), a.optInt64(1), a.boolean(2, false))); }
TS_FUNCTION(argmin) { TS_RETURN(at::argmin(a.tensor(0), a.optInt64(1), a.boolean(2, false))); }
// std/var(self, dims?, correction?, keepdim?)
TS_FUNCTION(std) {
  auto dims = a.optIntList(1);
  c10::optional<int64_t> correction = a.optInt64(2).value_or(1);
  TS_RETURN(at::std(a.tensor(0), dims ? c10::optional<at::IntArrayRef>(*dims) : c10::nullopt, correction,
                    a.boolean(3, false)));
}
TS_FUNCTION(var) {
  auto dims = a.optIntList(1);
  c10::optional<int64_t> correction = a.optInt64(2).value_or(1);
  TS_RETURN(at::var(a.tensor(0), dims ? c10::optional<at::IntArrayRef>(*dims) : c10::nullopt, correction,
                    a.boolean(3, false)));
}
// norm(self, p, dims?, keepdim?)
TS_FUNCTION(norm) {
  auto dims = a.optIntList(2);
  at::Scalar p = a.isNullish(1) ? at::Scalar(2.0) : at::Scalar(a.number(1));
  if (!dims) TS_RETURN(at::norm(a.tensor(0), p));
  TS_RETURN(at::norm(a.tensor(0), p, *dims, a.boolean(3, false)));
}
// all/any(self, dim?, keepdim?)
TS_FUNCTION(all) {
  auto dim = a.optInt64(1);
  if (!dim) TS_RETURN(at::all(a.tensor(0)));
  TS_RETURN(at::all(a.tensor(0), *dim, a.boolean(2, false)));
}
TS_FUNCTION(any) {
  auto dim = a.optInt64(1);
  if (!dim) TS_RETURN(at::any(a.tensor(0)));
  TS_RETURN(at::any(a.tensor(0), *dim, a.boolean(2, false)));
}
TS_FUNCTION(logsumexp) { TS_RETURN(at::logsumexp(a.tensor(0), a.intList(1), a.boolean(2, false))); }
TS_FUNCTION(cumsum) { TS_RETURN(at::cumsum(a.tensor(0), a.int64(1), a.optDtype(2))); }
// softmax/logSoftmax(self, dim, dtype?)
TS_FUNCTION(softmax) { TS_RETURN(at::softmax(a.tensor(0), a.int64(1), a.optDtype(2))); }
TS_FUNCTION(logSoftmax) { TS_RETURN(at::log_softmax(a.tensor(0), a.int64(1), a.optDtype(2))); }
// topk(self, k, dim?, largest?, sorted?) -> [values, indices]; sort(self, dim?, descending?) -> [values, indices]
TS_FUNCTION(topk) {
  return Pair(a, at::topk(a.tensor(0), a.int64(1), a.optInt64(2).value_or(-1), a.boolean(3, true), a.boolean(4, true)));
}
TS_FUNCTION(sort) { return Pair(a, at::sort(a.tensor(0), a.optInt64(1).value_or(-1), a.boolean(2, false))); }
TS_FUNCTION(argsort) { TS_RETURN(at::argsort(a.tensor(0), a.optInt64(1).value_or(-1), a.boolean(2, false))); }
