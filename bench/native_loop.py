# The Python side of bench/native-loop.ts: the tutorial's native loop (DataLoader with shuffling, forward,
# backward, AdamW, linear schedule, zero_grad) on the same BERT (bench/bert.py), 1 thread.
# Usage: /usr/bin/python3 bench/native_loop.py '<json case>' -> JSON {step_ms} on stdout
import json
import statistics
import sys
import time

import torch
from torch.utils.data import DataLoader, TensorDataset

from bert import BertForSequenceClassification

torch.set_num_threads(1)
c = json.loads(sys.argv[1])
torch.manual_seed(0)
model = BertForSequenceClassification(c)
n = c['batch'] * 8
ids = torch.randint(1, c['vocab'], (n, c['seq']))
data = TensorDataset(ids, torch.ones_like(ids), torch.zeros_like(ids), torch.randint(0, c['labels'], (n,)))
loader = DataLoader(data, batch_size=c['batch'], shuffle=True)
steps = c['warmup'] + c['iters']
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
# transformers' get_linear_schedule_with_warmup with no warmup
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, (steps - s) / steps))
model.train()
times = []
while len(times) < steps:
    for input_ids, attention_mask, token_type_ids, labels in loader:
        start = time.perf_counter()
        loss, _ = model(input_ids, attention_mask, token_type_ids, labels)
        loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        times.append((time.perf_counter() - start) * 1000)
        if len(times) == steps:
            break
print(json.dumps({'step_ms': statistics.median(times[c['warmup']:])}))
