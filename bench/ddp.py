# The PyTorch side of bench/ddp.ts: transformers 4.31's BertForSequenceClassification (4 layers, hidden 256,
# batch 8 per rank, seq 128), DDP over Gloo when WORLD_SIZE is set; the median training step and the median
# all-reduce of the whole gradient, per rank, as one JSON line. torch 1.13's torchrun fails on Python 3.11, so
# the ranks are started by hand with its environment:
#   PYTHONPATH=/tmp/hfref/site /usr/bin/python3 bench/ddp.py                                  (1 process)
#   for r in 0 1; do RANK=$r WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=29611 OMP_NUM_THREADS=1 \
#     PYTHONPATH=/tmp/hfref/site /usr/bin/python3 bench/ddp.py & done; wait                   (2 ranks)
import json
import os
import time

import torch
import torch.distributed as dist
from transformers import BertConfig, BertForSequenceClassification

WARMUP, ITERS = 2, 10
distributed = 'WORLD_SIZE' in os.environ
torch.set_num_threads(1)
if distributed:
    dist.init_process_group('gloo')
rank = dist.get_rank() if distributed else 0


def median_ms(fn):
    for _ in range(WARMUP):
        fn()
    times = []
    for _ in range(ITERS):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return (times[ITERS // 2 - 1] + times[ITERS // 2]) / 2


torch.manual_seed(rank)
config = BertConfig(vocab_size=30522, hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024, num_labels=5)
model = BertForSequenceClassification(config)
model.train()
ddp = torch.nn.parallel.DistributedDataParallel(model) if distributed else None
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
inputs = {
    'input_ids': torch.randint(1, 30522, (8, 128)),
    'attention_mask': torch.ones(8, 128, dtype=torch.int64),
    'token_type_ids': torch.zeros(8, 128, dtype=torch.int64),
    'labels': torch.randint(0, 5, (8,)),
}


def step():
    (ddp or model)(**inputs).loss.backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)


step_ms = median_ms(step)
numel = sum(p.numel() for p in model.parameters())
flat = torch.zeros(numel)
allreduce_ms = median_ms(lambda: dist.all_reduce(flat)) if distributed else 0
print(json.dumps({'ranks': dist.get_world_size() if distributed else 1, 'rank': rank, 'step_ms': round(step_ms, 1), 'allreduce_ms': round(allreduce_ms, 1), 'params': numel}))
if distributed:
    dist.destroy_process_group()
