# The Python side of bench/cold-call.ts: the same small calls, warm and right after a matmul, printed as JSON.
import json
import time

import torch

torch.set_num_threads(1)
m = torch.randn(768, 768)
x = torch.tensor(3.5)
a = torch.ones(4)
calls = {
    "item() of a 0-d tensor": lambda: x.item(),
    "a.add(a), 4 elements": lambda: a.add(a),
    "get_rng_state()": lambda: torch.get_rng_state(),
}
ROUNDS = 300
out = {}
for name, fn in calls.items():
    for _ in range(1000):
        fn()
    start = time.perf_counter()
    for _ in range(20000):
        fn()
    warm = (time.perf_counter() - start) / 20000 * 1e6
    cold = 0.0
    for _ in range(ROUNDS):
        m.matmul(m).relu().sum()  # a kernel that walks ~7 MB, as a training step's do
        start = time.perf_counter()
        fn()
        cold += time.perf_counter() - start
    out[name] = {"warm": warm, "cold": cold / ROUNDS * 1e6}
print(json.dumps(out))
