// torch.Generator objects (CPU), so samplers shuffle exactly as torch.utils.data does with the same seeds.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <mutex>
#include "args.h"
#include "object_handle.h"

using namespace tstorch;

namespace {
c10::optional<at::Generator> OptGenerator(const Args& a, size_t i) {
  if (a.isNullish(i)) return c10::nullopt;
  return *UnwrapObject<at::Generator>(a.env(), a[i], "generator");
}

// torch.empty((), dtype=torch.int64).random_(generator=g): how torch.utils.data derives seeds.
int64_t DrawSeed(c10::optional<at::Generator> gen) {
  return at::empty({}, at::kLong).random_(gen).item<int64_t>();
}
}  // namespace

// generatorNew(seed?): a CPU generator; without a seed, seeded from a draw of the default generator
// (what RandomSampler does when it has no generator).
TS_FUNCTION(generatorNew) {
  auto gen = std::make_shared<at::Generator>(at::detail::createCPUGenerator());
  uint64_t seed = a.isNullish(0) ? static_cast<uint64_t>(DrawSeed(c10::nullopt)) : static_cast<uint64_t>(a.int64(0));
  gen->set_current_seed(seed);
  return WrapObject(a.env(), gen);
}
TS_FUNCTION(generatorManualSeed) {
  auto gen = UnwrapObject<at::Generator>(a.env(), a[0], "generator");
  std::lock_guard<std::mutex> lock(gen->mutex());
  gen->set_current_seed(static_cast<uint64_t>(a.int64(1)));
  return Undefined(a.env());
}
TS_FUNCTION(generatorInitialSeed) {
  auto gen = UnwrapObject<at::Generator>(a.env(), a[0], "generator");
  return ToJs(a.env(), static_cast<double>(gen->current_seed()));
}
// generatorDrawSeed(generator?): advances the generator (or the default one) as DataLoader's base-seed draw does.
TS_FUNCTION(generatorDrawSeed) {
  DrawSeed(OptGenerator(a, 0));
  return Undefined(a.env());
}
// generatorGetState(g) / generatorSetState(g, uint8 tensor): for resumable samplers
TS_FUNCTION(generatorGetState) {
  auto gen = UnwrapObject<at::Generator>(a.env(), a[0], "generator");
  std::lock_guard<std::mutex> lock(gen->mutex());
  return ToJs(a.env(), gen->get_state());
}
TS_FUNCTION(generatorSetState) {
  auto gen = UnwrapObject<at::Generator>(a.env(), a[0], "generator");
  std::lock_guard<std::mutex> lock(gen->mutex());
  gen->set_state(a.tensor(1));
  return Undefined(a.env());
}
// randpermWith(n, generator?): int64 permutation of 0..n-1
TS_FUNCTION(randpermWith) {
  return ToJs(a.env(), at::randperm(a.int64(0), OptGenerator(a, 1), at::TensorOptions().dtype(at::kLong)));
}
// randintWith(high, n, generator?): n int64 draws in [0, high), as RandomSampler's replacement draws
TS_FUNCTION(randintWith) {
  return ToJs(a.env(), at::randint(a.int64(0), {a.int64(1)}, OptGenerator(a, 2), at::TensorOptions().dtype(at::kLong)));
}
