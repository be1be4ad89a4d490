// DistributedDataParallel's engine: c10d's Reducer hooks the parameters' gradient accumulators, fills
// buckets as gradients arrive during backward, all-reduces each full bucket asynchronously (averaging over
// the world size) and writes the averages back before backward returns, the way PyTorch's DDP does.
#include "c10d.h"
#include <torch/csrc/distributed/c10d/reducer.hpp>
#include <algorithm>
#include <type_traits>
#include "../dispatch.h"
#include "../object_handle.h"

using namespace tstorch;

namespace {

using Params = std::vector<at::Tensor>;
using Buckets = std::vector<std::vector<size_t>>;
using Limits = std::vector<size_t>;
using PG = c10::intrusive_ptr<c10d::ProcessGroup>;
using Names = std::unordered_map<size_t, std::string>;

// The constructor's arguments changed across versions: 1.13 (and early 2.x) take the per-bucket size limits;
// later versions drop them and append skip_all_reduce_unused_params, use_python_reducer, then a per-bucket cap
// list. The first signature this libtorch accepts is used.
template <typename R = c10d::Reducer>
std::unique_ptr<R> MakeReducer(Params params, Buckets buckets, Limits limits, PG pg, int64_t cap, bool findUnused,
                               Names names) {
  using Sparse = std::vector<bool>;
  Sparse sparse(params.size(), false);
  const int64_t first = c10d::kDefaultFirstBucketBytes;
  if constexpr (std::is_constructible_v<R, Params, Buckets, Limits, PG, Sparse, int64_t, bool, bool, Names, int64_t>)
    return std::make_unique<R>(std::move(params), std::move(buckets), std::move(limits), std::move(pg), std::move(sparse),
                               cap, findUnused, false, std::move(names), first);
  else if constexpr (std::is_constructible_v<R, Params, Buckets, PG, Sparse, int64_t, bool, bool, Names, int64_t>)
    return std::make_unique<R>(std::move(params), std::move(buckets), std::move(pg), std::move(sparse), cap, findUnused,
                               false, std::move(names), first);
  else if constexpr (std::is_constructible_v<R, Params, Buckets, PG, Sparse, int64_t, bool, bool, Names, int64_t, bool>)
    return std::make_unique<R>(std::move(params), std::move(buckets), std::move(pg), std::move(sparse), cap, findUnused,
                               false, std::move(names), first, false);
  else if constexpr (std::is_constructible_v<R, Params, Buckets, PG, Sparse, int64_t, bool, bool, Names, int64_t, bool, bool>)
    return std::make_unique<R>(std::move(params), std::move(buckets), std::move(pg), std::move(sparse), cap, findUnused,
                               false, std::move(names), first, false, false);
  else
    return std::make_unique<R>(std::move(params), std::move(buckets), std::move(pg), std::move(sparse), cap, findUnused,
                               false, std::move(names), first, false, false, std::vector<int64_t>{});
}

struct DistReducer {
  std::unique_ptr<c10d::Reducer> reducer;
};

c10d::Reducer& Get(const Args& a) {
  auto* r = UnwrapObject<DistReducer>(a.env(), a[0], "reducer")->reducer.get();
  if (r == nullptr) throw ArgumentError("the reducer was destroyed");
  return *r;
}

}  // namespace

// distReducerNew(group, params[], names[], bucketCapBytes, findUnusedParameters)
TS_FUNCTION(distReducerNew) {
  auto pg = LiveGroup(a.env(), a[0]);
  auto params = a.tensorList(1);
  auto given = a.stringList(2);
  if (given.size() != params.size()) a.fail(2, "one name per parameter");
  Names names;
  for (size_t i = 0; i < params.size(); i++) {
    names[i] = given[i];
    if (!params[i].is_leaf() || !params[i].requires_grad())
      throw ArgumentError("parameter '" + given[i] + "' must be a leaf tensor that requires grad");
  }
  auto cap = a.int64(3);
  if (cap <= 0) a.fail(3, "a positive bucket size in bytes");
  // As PyTorch's DDP: a small first bucket (1 MiB) so communication starts early, then buckets of `cap`,
  // filled in reverse registration order (roughly the order in which backward produces gradients).
  std::vector<size_t> sizes{static_cast<size_t>(c10d::kDefaultFirstBucketBytes), static_cast<size_t>(cap)};
  auto [buckets, limits] = c10d::compute_bucket_assignment_by_size(params, sizes, std::vector<bool>(params.size(), false));
  std::reverse(buckets.begin(), buckets.end());
  std::reverse(limits.begin(), limits.end());
  auto r = std::make_shared<DistReducer>();
  r->reducer = MakeReducer(params, buckets, limits, pg, cap, a.boolean(4, false), names);
  return WrapObject(a.env(), r);
}

TS_FUNCTION(distReducerPrepareForForward) {
  Get(a).prepare_for_forward();
  return Undefined(a.env());
}

// After the first iteration, buckets follow the order in which gradients were ready (rank 0's order).
TS_FUNCTION(distReducerRebuildBuckets) {
  return ToJs(a.env(), Get(a).rebuild_buckets());
}

// distReducerPrepareForBackward(reducer, outputs[]): the outputs let find_unused_parameters walk the graph.
TS_FUNCTION(distReducerPrepareForBackward) {
  Get(a).prepare_for_backward(a.tensorList(1));
  return Undefined(a.env());
}

TS_FUNCTION(distReducerDestroy) {
  UnwrapObject<DistReducer>(a.env(), a[0], "reducer")->reducer.reset();
  return Undefined(a.env());
}
