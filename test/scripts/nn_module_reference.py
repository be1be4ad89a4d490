# Reference for test/nn-module.test.ts: what torch.nn.Module reports for a tree that mixes custom modules,
# parameters registered after children, buffers (persistent or not, integer), a shared parameter and the
# containers; and a Block's state dict saved with torch.save (test/data/nn-block.pt) with its values' sums.
# Rerun: /usr/bin/python3 test/scripts/nn_module_reference.py > test/data/nn-module-reference.json
import json
import os
from collections import OrderedDict

import torch
from torch import nn


class Lin(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(o, i))
        self.bias = nn.Parameter(torch.zeros(o))


class Norm(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.register_buffer("running_mean", torch.zeros(n))
        self.register_buffer("scratch", torch.zeros(n), persistent=False)
        self.bias = nn.Parameter(torch.zeros(n))
        self.register_buffer("num_batches_tracked", torch.tensor(0))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = Lin(4, 8)
        self.norm = Norm(8)
        self.fc2 = Lin(8, 4)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = Lin(10, 4)
        self.scale = nn.Parameter(torch.ones(1))
        self.blocks = nn.ModuleList([Block(), Block()])
        self.heads = nn.ModuleDict({"b": Lin(4, 2), "a": Lin(4, 3)})
        self.seq = nn.Sequential(Lin(4, 4), nn.Identity(), nn.Flatten())
        self.named_seq = nn.Sequential(OrderedDict(first=Lin(4, 4), second=Lin(4, 4)))
        self.tied = Lin(10, 4)
        self.tied.weight = self.embed.weight
        self.register_buffer("step", torch.zeros(()))


net = Net()
sd = net.state_dict()
torch.manual_seed(0)
block = Block()
with torch.no_grad():
    for p in block.parameters():
        p.normal_()
    block.norm.running_mean.uniform_()
    block.norm.num_batches_tracked.fill_(5)
torch.save(block.state_dict(), os.path.join(os.path.dirname(__file__), "..", "data", "nn-block.pt"))
print(json.dumps({
    "torch": torch.__version__,
    "named_parameters": [n for n, _ in net.named_parameters()],
    "num_parameters": sum(p.numel() for p in net.parameters()),
    "state_dict": [[k, list(v.shape), str(v.dtype).replace("torch.", "")] for k, v in sd.items()],
    "named_buffers": [n for n, _ in net.named_buffers()],
    "named_modules": [n for n, _ in net.named_modules()],
    "named_children": [n for n, _ in net.named_children()],
    "repr_block": repr(net.blocks[0]),
    "repr_seq": repr(net.seq),
    "block_pt_sums": {k: v.double().sum().item() for k, v in block.state_dict().items()},
}))
