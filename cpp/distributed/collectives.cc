// Collectives on a process group. Each returns a work handle at once (the backend runs it on its own threads);
// JS waits on it right away for PyTorch's synchronous calls, or later with `asyncOp`. A peer that never
// answers ends the wait with the backend's timeout error; one that died ends it at once.
#include "c10d.h"
#include <torch/csrc/distributed/c10d/Types.hpp>
#include "../dispatch.h"
#include "../object_handle.h"

using namespace tstorch;

namespace {

c10d::ReduceOp ParseOp(const Args& a, size_t i) {
  auto op = a.string(i);
  if (op == "sum") return c10d::ReduceOp::SUM;
  if (op == "avg") return c10d::ReduceOp::AVG;
  if (op == "product") return c10d::ReduceOp::PRODUCT;
  if (op == "min") return c10d::ReduceOp::MIN;
  if (op == "max") return c10d::ReduceOp::MAX;
  if (op == "band") return c10d::ReduceOp::BAND;
  if (op == "bor") return c10d::ReduceOp::BOR;
  if (op == "bxor") return c10d::ReduceOp::BXOR;
  a.fail(i, "a reduce op: 'sum', 'avg', 'product', 'min', 'max', 'band', 'bor' or 'bxor'");
}

c10::intrusive_ptr<c10d::ProcessGroup> Group(const Args& a) {
  return LiveGroup(a.env(), a[0]);
}

napi_value Work(const Args& a, c10::intrusive_ptr<c10d::Work> work, std::vector<at::Tensor> tensors) {
  return WrapObject(a.env(), std::make_shared<DistWork>(DistWork{std::move(work), std::move(tensors)}));
}

}  // namespace

// distAllReduce(group, tensor, op)
TS_FUNCTION(distAllReduce) {
  std::vector<at::Tensor> tensors{a.tensor(1)};
  c10d::AllreduceOptions o;
  o.reduceOp = ParseOp(a, 2);
  auto work = Group(a)->allreduce(tensors, o);
  return Work(a, work, tensors);
}

// distBroadcast(group, tensor, src)
TS_FUNCTION(distBroadcast) {
  std::vector<at::Tensor> tensors{a.tensor(1)};
  c10d::BroadcastOptions o;
  o.rootRank = a.int64(2);
  auto work = Group(a)->broadcast(tensors, o);
  return Work(a, work, tensors);
}

// distAllGather(group, outputs[], input)
TS_FUNCTION(distAllGather) {
  std::vector<std::vector<at::Tensor>> outputs{a.tensorList(1)};
  std::vector<at::Tensor> inputs{a.tensor(2)};
  auto work = Group(a)->allgather(outputs, inputs);
  auto keep = outputs[0];
  keep.push_back(inputs[0]);
  return Work(a, work, keep);
}

// distReduceScatter(group, output, inputs[], op)
TS_FUNCTION(distReduceScatter) {
  std::vector<at::Tensor> outputs{a.tensor(1)};
  std::vector<std::vector<at::Tensor>> inputs{a.tensorList(2)};
  c10d::ReduceScatterOptions o;
  o.reduceOp = ParseOp(a, 3);
  auto work = Group(a)->reduce_scatter(outputs, inputs, o);
  auto keep = inputs[0];
  keep.push_back(outputs[0]);
  return Work(a, work, keep);
}

TS_FUNCTION(distBarrier) {
  auto work = Group(a)->barrier(c10d::BarrierOptions());
  return Work(a, work, {});
}

// distWorkWait(work): blocks until the collective is done; rethrows its error (timeout, peer gone).
TS_FUNCTION(distWorkWait) {
  auto w = UnwrapObject<DistWork>(a.env(), a[0], "work");
  w->work->wait();
  w->tensors.clear();
  return Undefined(a.env());
}

TS_FUNCTION(distWorkIsCompleted) {
  return ToJs(a.env(), UnwrapObject<DistWork>(a.env(), a[0], "work")->work->isCompleted());
}
