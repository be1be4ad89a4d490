# The PyTorch side of bench/bert.ts: BertForSequenceClassification written in plain PyTorch (transformers is not
# installed here), module for module as transformers 4.31 builds it, and a long-lived worker that times rounds of
# steps when the driver asks (JSON lines on stdin/stdout; the protocol is in bench/bert-protocol.ts).
# Usage: /usr/bin/python3 bench/bert.py   (started by bench/bert.ts)
import json
import math
import resource
import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.set_num_threads(1)


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c['heads']
        self.head_size = c['hidden'] // c['heads']
        self.query = nn.Linear(c['hidden'], c['hidden'])
        self.key = nn.Linear(c['hidden'], c['hidden'])
        self.value = nn.Linear(c['hidden'], c['hidden'])
        self.dropout = nn.Dropout(0.1)

    def split(self, x):
        return x.view(x.size()[:-1] + (self.heads, self.head_size)).permute(0, 2, 1, 3)

    def forward(self, h, mask):
        q = self.query(h)
        k = self.split(self.key(h))
        v = self.split(self.value(h))
        q = self.split(q)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size)
        scores = scores + mask
        probs = self.dropout(nn.functional.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.size()[:-2] + (self.heads * self.head_size,))


class ResidualOutput(nn.Module):
    def __init__(self, c, inner):
        super().__init__()
        self.dense = nn.Linear(inner, c['hidden'])
        self.LayerNorm = nn.LayerNorm(c['hidden'], eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, h, x):
        return self.LayerNorm(self.dropout(self.dense(h)) + x)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = SelfAttention(c)
        self.output = ResidualOutput(c, c['hidden'])


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c['hidden'], c['intermediate'])

    def forward(self, h):
        return nn.functional.gelu(self.dense(h))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = ResidualOutput(c, c['intermediate'])

    def forward(self, h, mask):
        a = self.attention.output(self.attention.self(h, mask), h)
        return self.output(self.intermediate(a), a)


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c['vocab'], c['hidden'], padding_idx=0)
        self.position_embeddings = nn.Embedding(512, c['hidden'])
        self.token_type_embeddings = nn.Embedding(2, c['hidden'])
        self.LayerNorm = nn.LayerNorm(c['hidden'], eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, ids, token_type_ids):
        positions = torch.arange(ids.size(1)).unsqueeze(0)
        e = self.word_embeddings(ids) + self.token_type_embeddings(token_type_ids)
        e += self.position_embeddings(positions)
        return self.dropout(self.LayerNorm(e))


class BertModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = nn.Module()
        self.encoder.layer = nn.ModuleList([Layer(c) for _ in range(c['layers'])])
        self.pooler = nn.Module()
        self.pooler.dense = nn.Linear(c['hidden'], c['hidden'])

    def forward(self, ids, mask, token_type_ids):
        ext = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        h = self.embeddings(ids, token_type_ids)
        for layer in self.encoder.layer:
            h = layer(h, ext)
        return torch.tanh(self.pooler.dense(h[:, 0]))


class BertForSequenceClassification(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(c['hidden'], c['labels'])

    def forward(self, ids, mask, token_type_ids, labels=None):
        logits = self.classifier(self.dropout(self.bert(ids, mask, token_type_ids)))
        loss = None if labels is None else nn.functional.cross_entropy(logits, labels)
        return loss, logits


def inputs(c):
    g = torch.Generator().manual_seed(0)
    b, s = c['batch'], c['seq']
    ids = torch.randint(1, c['vocab'], (b, s), generator=g)
    mask = torch.ones(b, s, dtype=torch.long)
    mask[b // 2:, s * 3 // 4:] = 0  # half the batch padded: the mask matters
    ids[mask == 0] = 0
    return ids, mask, torch.zeros(b, s, dtype=torch.long), torch.randint(0, c['labels'], (b,), generator=g)


def setup(c):
    torch.manual_seed(0)
    model = BertForSequenceClassification(c)
    ids, mask, tt, labels = inputs(c)
    n = c['batch'] * 8
    loader_ids = torch.randint(1, c['vocab'], (n, c['seq']))
    data = TensorDataset(loader_ids, torch.ones_like(loader_ids), torch.zeros_like(loader_ids), torch.randint(0, c['labels'], (n,)))
    loader = DataLoader(data, batch_size=c['batch'], shuffle=True)
    batches = iter(loader)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    # transformers' get_linear_schedule_with_warmup with no warmup
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, (1_000_000 - s) / 1_000_000))

    def next_batch():
        nonlocal batches
        try:
            return next(batches)
        except StopIteration:
            batches = iter(loader)
            return next(batches)

    def eval_step():
        model.eval()
        with torch.no_grad():
            model(ids, mask, tt)

    def train_step():
        model.train()
        loss, _ = model(ids, mask, tt, labels)
        loss.backward()
        model.zero_grad()

    def adamw_step():
        model.train()
        loss, _ = model(ids, mask, tt, labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    def loop_step():
        model.train()
        loss, _ = model(*next_batch())
        loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()

    return {'eval': eval_step, 'train': train_step, 'adamw': adamw_step, 'loop': loop_step}


def usage():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime, r.ru_minflt


if __name__ == '__main__':
    steps = None
    for line in sys.stdin:
        msg = json.loads(line)
        if 'setup' in msg:
            steps = setup(msg['setup'])
            print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
            continue
        step, k = steps[msg['mode']], msg['steps']
        cpu0, flt0 = usage()
        start = time.perf_counter()
        for _ in range(k):
            step()
        wall = time.perf_counter() - start
        cpu1, flt1 = usage()
        print(json.dumps({'wallMs': wall * 1000 / k, 'cpuMs': (cpu1 - cpu0) * 1000 / k, 'minflt': (flt1 - flt0) / k}), flush=True)
