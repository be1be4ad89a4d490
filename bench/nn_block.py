# The Python side of bench/nn-block.ts: the same TransformerEncoder stack built from torch.nn modules, one train
# step (forward, cross-entropy, backward, AdamW step, zero_grad) timed at the shape bench/nn-block.ts passes.
# Usage: /usr/bin/python3 bench/nn_block.py '<json case>'  -> JSON {"train_ms": median, "steps": [...]} on stdout
import json
import statistics
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)
c = json.loads(sys.argv[1])


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(c["hidden"], c["heads"], dim_feedforward=c["intermediate"], dropout=0.1, activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, c["layers"], enable_nested_tensor=False)
        self.head = nn.Linear(c["hidden"], c["labels"])

    def forward(self, x, pad):
        return self.head(self.encoder(x, src_key_padding_mask=pad).mean(1))


torch.manual_seed(0)
net = Net().train()
opt = torch.optim.AdamW(net.parameters(), lr=1e-4)
loss_fn = nn.CrossEntropyLoss()
x = torch.randn(c["batch"], c["seq"], c["hidden"])
pad = torch.zeros(c["batch"], c["seq"], dtype=torch.bool)
pad[: c["batch"] // 2, (c["seq"] * 3) // 4:] = True
y = torch.randint(0, c["labels"], (c["batch"],))


def step():
    loss = loss_fn(net(x, pad), y)
    loss.backward()
    opt.step()
    opt.zero_grad()


for _ in range(c["warmup"]):
    step()
times = []
for _ in range(c["iters"]):
    t = time.perf_counter()
    step()
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"train_ms": statistics.median(times), "steps": times}))
