# The Python side of bench/overhead.ts: the same measurements with Python torch, printed as JSON.
import json
import resource
import time

import numpy as np
import torch

torch.set_num_threads(1)


def time_it(fn, min_s=1.0):
    for _ in range(1000):
        fn()
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < min_s:
        for _ in range(1000):
            fn()
        n += 1000
    return (time.perf_counter() - start) / n * 1e6


a = torch.ones(4)
b = torch.ones(4)
big = np.arange(1_000_000, dtype=np.float32)
m1 = torch.ones(1024, 1024)
m2 = torch.ones(1024, 1024)
calls = 0


def fresh_output():
    global calls
    m1.add(m2)
    calls += 1


faults0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
fresh = time_it(fresh_output)
faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults0) / calls
print(json.dumps({
    'no-op call (isGradEnabled)': time_it(torch.is_grad_enabled),
    'small op round trip (a.add(b), 4 elements)': time_it(lambda: a.add(b)),
    'small op + item() (a.add(b).sum().item())': time_it(lambda: a.add(b).sum().item()),
    # torch.tensor copies in, .numpy().copy() copies out, as tstorch's tensor() and data() do
    '1M-element Float32Array -> tensor -> Float32Array': time_it(lambda: torch.tensor(big).numpy().copy(), 2.0),
    'fresh 4 MiB output (a.add(b), 1024x1024)': fresh,
    'page faults per fresh 4 MiB output': faults,
}))
