# The Python side of bench/bert.ts: BertForSequenceClassification written in plain PyTorch (transformers is not
# installed here), module for module as transformers 4.31 builds it, timed at the shapes bench/bert.ts passes.
# Usage: /usr/bin/python3 bench/bert.py '<json list of cases>'  -> JSON {case name: {eval_ms, train_ms}} on stdout
import json
import math
import statistics
import sys
import time

import torch
from torch import nn

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


def median_ms(fn, warmup, iters):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(c):
    torch.manual_seed(0)
    model = BertForSequenceClassification(c)
    ids, mask, tt, labels = inputs(c)

    def eval_step():
        with torch.no_grad():
            model(ids, mask, tt)

    def train_step():
        loss, _ = model(ids, mask, tt, labels)
        loss.backward()
        model.zero_grad(set_to_none=True)

    model.eval()
    eval_ms = median_ms(eval_step, c['warmup'], c['iters'])
    model.train()
    train_ms = median_ms(train_step, c['warmup'], c['iters'])
    return {'eval_ms': eval_ms, 'train_ms': train_ms}


if __name__ == '__main__':
    cases = json.loads(sys.argv[1])
    print(json.dumps({c['name']: run(c) for c in cases}))
