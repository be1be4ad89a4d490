// Elementwise arithmetic, comparisons and unary math. Binary ops take a Tensor or a number as `other`,
// with PyTorch's broadcasting and type promotion. In-place variants (name_) return nothing: the JS method
// returns `this`.
#include <ATen/ATen.h>
#include "dispatch.h"

using namespace tstorch;

#define TS_INPLACE(expr) \
  do {                   \
    (expr);              \
    return Undefined(a.env()); \
  } while (0)

// name(self, other): other is a Tensor or a number.
#define TS_BINARY(NAME, FN)                                                           \
  TS_FUNCTION(NAME) {                                                                 \
    if (a.isTensor(1)) TS_RETURN(at::FN(a.tensor(0), a.tensor(1)));                   \
    TS_RETURN(at::FN(a.tensor(0), a.scalar(1)));                                      \
  }

// add/sub take alpha: self + alpha * other
#define TS_BINARY_ALPHA(NAME, FN)                                                     \
  TS_FUNCTION(NAME) {                                                                 \
    auto alpha = a.isNullish(2) ? at::Scalar(1) : a.scalar(2);                        \
    if (a.isTensor(1)) TS_RETURN(at::FN(a.tensor(0), a.tensor(1), alpha));            \
    TS_RETURN(at::FN(a.tensor(0), a.scalar(1), alpha));                               \
  }                                                                                   \
  TS_FUNCTION(NAME##_) {                                                              \
    auto alpha = a.isNullish(2) ? at::Scalar(1) : a.scalar(2);                        \
    if (a.isTensor(1)) TS_INPLACE(a.tensor(0).FN##_(a.tensor(1), alpha));             \
    TS_INPLACE(a.tensor(0).FN##_(a.scalar(1), alpha));                                \
  }

#define TS_UNARY(NAME, FN)                                    \
  TS_FUNCTION(NAME) { TS_RETURN(at::FN(a.tensor(0))); }        \
  TS_FUNCTION(NAME##_) { TS_INPLACE(a.tensor(0).FN##_()); }

#define TS_UNARY_OUT_OF_PLACE(NAME, FN) \
  TS_FUNCTION(NAME) { TS_RETURN(at::FN(a.tensor(0))); }

TS_BINARY_ALPHA(add, add)
TS_BINARY_ALPHA(sub, sub)
TS_BINARY(mul, mul)
TS_FUNCTION(mul_) {
  if (a.isTensor(1)) TS_INPLACE(a.tensor(0).mul_(a.tensor(1)));
  TS_INPLACE(a.tensor(0).mul_(a.scalar(1)));
}
TS_BINARY(remainder, remainder)
TS_BINARY(fmod, fmod)
TS_BINARY(eq, eq)
TS_BINARY(ne, ne)
TS_BINARY(lt, lt)
TS_BINARY(le, le)
TS_BINARY(gt, gt)
TS_BINARY(ge, ge)

// div(self, other, roundingMode?): 'trunc' | 'floor' | undefined (true division)
TS_FUNCTION(div) {
  c10::optional<c10::string_view> mode;
  std::string m;
  if (!a.isNullish(2)) mode = m = a.string(2);
  if (a.isTensor(1)) TS_RETURN(at::div(a.tensor(0), a.tensor(1), mode));
  TS_RETURN(at::div(a.tensor(0), a.scalar(1), mode));
}
TS_FUNCTION(div_) {
  c10::optional<c10::string_view> mode;
  std::string m;
  if (!a.isNullish(2)) mode = m = a.string(2);
  if (a.isTensor(1)) TS_INPLACE(a.tensor(0).div_(a.tensor(1), mode));
  TS_INPLACE(a.tensor(0).div_(a.scalar(1), mode));
}
// pow(self, exponent): exponent Tensor or number; also number ** tensor via powScalarBase
TS_FUNCTION(pow) {
  if (a.isTensor(1)) TS_RETURN(at::pow(a.tensor(0), a.tensor(1)));
  TS_RETURN(at::pow(a.tensor(0), a.scalar(1)));
}
TS_FUNCTION(pow_) {
  if (a.isTensor(1)) TS_INPLACE(a.tensor(0).pow_(a.tensor(1)));
  TS_INPLACE(a.tensor(0).pow_(a.scalar(1)));
}
TS_FUNCTION(maximum) { TS_RETURN(at::maximum(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(minimum) { TS_RETURN(at::minimum(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(logicalAnd) { TS_RETURN(at::logical_and(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(logicalOr) { TS_RETURN(at::logical_or(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(logicalXor) { TS_RETURN(at::logical_xor(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(logicalNot) { TS_RETURN(at::logical_not(a.tensor(0))); }

TS_UNARY(neg, neg)
TS_UNARY(abs, abs)
TS_UNARY(exp, exp)
TS_UNARY(log, log)
TS_UNARY_OUT_OF_PLACE(log1p, log1p)
TS_UNARY(sqrt, sqrt)
TS_UNARY_OUT_OF_PLACE(rsqrt, rsqrt)
TS_UNARY_OUT_OF_PLACE(sin, sin)
TS_UNARY_OUT_OF_PLACE(cos, cos)
TS_UNARY(tanh, tanh)
TS_UNARY(sigmoid, sigmoid)
TS_UNARY(relu, relu)
TS_UNARY_OUT_OF_PLACE(floor, floor)
TS_UNARY_OUT_OF_PLACE(ceil, ceil)
TS_UNARY_OUT_OF_PLACE(round, round)
TS_UNARY_OUT_OF_PLACE(sign, sign)
TS_UNARY_OUT_OF_PLACE(reciprocal, reciprocal)
TS_UNARY_OUT_OF_PLACE(square, square)
TS_UNARY_OUT_OF_PLACE(erf, erf)
TS_UNARY_OUT_OF_PLACE(silu, silu)
TS_UNARY_OUT_OF_PLACE(isnan, isnan)
TS_UNARY_OUT_OF_PLACE(isfinite, isfinite)

// clamp(self, min?, max?)
TS_FUNCTION(clamp) {
  c10::optional<at::Scalar> lo, hi;
  if (!a.isNullish(1)) lo = a.scalar(1);
  if (!a.isNullish(2)) hi = a.scalar(2);
  TS_RETURN(at::clamp(a.tensor(0), lo, hi));
}
TS_FUNCTION(clamp_) {
  c10::optional<at::Scalar> lo, hi;
  if (!a.isNullish(1)) lo = a.scalar(1);
  if (!a.isNullish(2)) hi = a.scalar(2);
  TS_INPLACE(at::clamp_(a.tensor(0), lo, hi));
}
TS_FUNCTION(fill_) {
  if (a.isTensor(1)) TS_INPLACE(a.tensor(0).fill_(a.tensor(1)));
  TS_INPLACE(a.tensor(0).fill_(a.scalar(1)));
}
TS_FUNCTION(zero_) { TS_INPLACE(a.tensor(0).zero_()); }
TS_FUNCTION(copy_) { TS_INPLACE(a.tensor(0).copy_(a.tensor(1))); }
// addcmul/addcdiv(self, t1, t2, value)
TS_FUNCTION(addcmul) { TS_RETURN(at::addcmul(a.tensor(0), a.tensor(1), a.tensor(2), a.isNullish(3) ? 1 : a.scalar(3))); }
TS_FUNCTION(addcdiv) { TS_RETURN(at::addcdiv(a.tensor(0), a.tensor(1), a.tensor(2), a.isNullish(3) ? 1 : a.scalar(3))); }
TS_FUNCTION(lerp) {
  if (a.isTensor(2)) TS_RETURN(at::lerp(a.tensor(0), a.tensor(1), a.tensor(2)));
  TS_RETURN(at::lerp(a.tensor(0), a.tensor(1), a.scalar(2)));
}

// Linear algebra
TS_FUNCTION(matmul) { TS_RETURN(at::matmul(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(mm) { TS_RETURN(at::mm(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(bmm) { TS_RETURN(at::bmm(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(dot) { TS_RETURN(at::dot(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(linear) { TS_RETURN(at::linear(a.tensor(0), a.tensor(1), a.optTensor(2))); }

// where(condition, self, other): self/other Tensor or number
TS_FUNCTION(where) {
  auto& cond = a.tensor(0);
  bool x_t = a.isTensor(1), y_t = a.isTensor(2);
  if (x_t && y_t) TS_RETURN(at::where(cond, a.tensor(1), a.tensor(2)));
  if (x_t) TS_RETURN(at::where(cond, a.tensor(1), a.scalar(2)));
  if (y_t) TS_RETURN(at::where(cond, a.scalar(1), a.tensor(2)));
  TS_RETURN(at::where(cond, a.scalar(1), a.scalar(2)));
}
TS_FUNCTION(allclose) {
  return ToJs(a.env(), at::allclose(a.tensor(0), a.tensor(1), a.isNullish(2) ? 1e-5 : a.number(2),
                                   a.isNullish(3) ? 1e-8 : a.number(3), a.boolean(4, false)));
}
TS_FUNCTION(equal) { return ToJs(a.env(), at::equal(a.tensor(0), a.tensor(1))); }
