// Views, reshaping, joining and indexing.
#include <ATen/ATen.h>
#include "dispatch.h"

using namespace tstorch;


TS_FUNCTION(reshape) { TS_RETURN(at::reshape(a.tensor(0), a.intList(1))); }
TS_FUNCTION(view) { TS_RETURN(a.tensor(0).view(a.intList(1))); }
TS_FUNCTION(transpose) { TS_RETURN(at::transpose(a.tensor(0), a.int64(1), a.int64(2))); }
TS_FUNCTION(permute) { TS_RETURN(a.tensor(0).permute(a.intList(1))); }
TS_FUNCTION(contiguous) { TS_RETURN(a.tensor(0).contiguous()); }
// squeeze(self, dim?)
TS_FUNCTION(squeeze) {
  auto dim = a.optInt64(1);
  TS_RETURN(dim ? at::squeeze(a.tensor(0), *dim) : at::squeeze(a.tensor(0)));
}
TS_FUNCTION(unsqueeze) { TS_RETURN(at::unsqueeze(a.tensor(0), a.int64(1))); }
TS_FUNCTION(flatten) {
  TS_RETURN(at::flatten(a.tensor(0), a.optInt64(1).value_or(0), a.optInt64(2).value_or(-1)));
}
TS_FUNCTION(expand) { TS_RETURN(a.tensor(0).expand(a.intList(1))); }
TS_FUNCTION(repeat) { TS_RETURN(a.tensor(0).repeat(a.intList(1))); }
TS_FUNCTION(cat) { TS_RETURN(at::cat(a.tensorList(0), a.optInt64(1).value_or(0))); }
TS_FUNCTION(stack) { TS_RETURN(at::stack(a.tensorList(0), a.optInt64(1).value_or(0))); }
// split(self, sizeOrSections, dim): a number splits in equal chunks of that size, an array in those sizes
TS_FUNCTION(split) {
  auto dim = a.optInt64(2).value_or(0);
  if (a.isNumber(1)) TS_RETURN(at::split(a.tensor(0), a.int64(1), dim));
  TS_RETURN(at::split_with_sizes(a.tensor(0), a.intList(1), dim));
}
TS_FUNCTION(chunk) { TS_RETURN(at::chunk(a.tensor(0), a.int64(1), a.optInt64(2).value_or(0))); }

// Indexing
TS_FUNCTION(select) { TS_RETURN(at::select(a.tensor(0), a.int64(1), a.int64(2))); }
TS_FUNCTION(narrow) { TS_RETURN(at::narrow(a.tensor(0), a.int64(1), a.int64(2), a.int64(3))); }
// slice(self, dim, start?, end?, step?)
TS_FUNCTION(slice) {
  TS_RETURN(at::slice(a.tensor(0), a.int64(1), a.optInt64(2), a.optInt64(3), a.optInt64(4).value_or(1)));
}
// index(self, indices): one entry per leading dim, null = take the whole dim (advanced indexing)
TS_FUNCTION(index) {
  auto list = a.optTensorList(1);
  c10::List<c10::optional<at::Tensor>> indices;
  for (auto& t : list) indices.push_back(t ? c10::optional<at::Tensor>(*t) : c10::nullopt);
  TS_RETURN(at::index(a.tensor(0), indices));
}
// indexPut_(self, indices, values, accumulate?)
TS_FUNCTION(indexPut_) {
  auto list = a.optTensorList(1);
  c10::List<c10::optional<at::Tensor>> indices;
  for (auto& t : list) indices.push_back(t ? c10::optional<at::Tensor>(*t) : c10::nullopt);
  a.tensor(0).index_put_(indices, a.tensor(2), a.boolean(3, false));
  return Undefined(a.env());
}
TS_FUNCTION(indexSelect) { TS_RETURN(at::index_select(a.tensor(0), a.int64(1), a.tensor(2))); }
TS_FUNCTION(gather) { TS_RETURN(at::gather(a.tensor(0), a.int64(1), a.tensor(2))); }
// A mask must be bool, as in PyTorch 2 (1.13 still takes integer masks silently, which hides a wrong mask).
static const at::Tensor& BoolMask(const Args& a, size_t i) {
  const auto& mask = a.tensor(i);
  if (mask.scalar_type() != at::kBool)
    throw ArgumentError("the mask must be a bool tensor, got " + std::string(DtypeName(mask.scalar_type())) +
                        " (compare, e.g. mask.eq(1), or convert with .to('bool'))");
  return mask;
}
// maskedFill(self, mask, value): value Tensor (0-dim) or number
TS_FUNCTION(maskedFill) {
  const auto& mask = BoolMask(a, 1);
  if (a.isTensor(2)) TS_RETURN(at::masked_fill(a.tensor(0), mask, a.tensor(2)));
  TS_RETURN(at::masked_fill(a.tensor(0), mask, a.scalar(2)));
}
TS_FUNCTION(maskedFill_) {
  const auto& mask = BoolMask(a, 1);
  if (a.isTensor(2)) a.tensor(0).masked_fill_(mask, a.tensor(2));
  else a.tensor(0).masked_fill_(mask, a.scalar(2));
  return Undefined(a.env());
}
TS_FUNCTION(maskedSelect) { TS_RETURN(at::masked_select(a.tensor(0), a.tensor(1))); }
TS_FUNCTION(tril) { TS_RETURN(at::tril(a.tensor(0), a.optInt64(1).value_or(0))); }
TS_FUNCTION(triu) { TS_RETURN(at::triu(a.tensor(0), a.optInt64(1).value_or(0))); }
TS_FUNCTION(nonzero) { TS_RETURN(at::nonzero(a.tensor(0))); }
