# GPU benchmark, Python side: the same training step as bench/gpu-bert.mjs with (a) BERT written in plain
# PyTorch eager (the same layers as tstorch's C++ model) and (b) transformers' BertForSequenceClassification
# when transformers is installed. Prints JSON. Run by scripts/device-check.sh.
import json
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DEVICE = os.environ.get('DEVICE', 'cuda')
SMALL = os.environ.get('SHAPE') == 'small' or DEVICE == 'cpu'
SHAPE = dict(hidden=128, layers=2, heads=2, inter=512, batch=8, seq=64) if SMALL else dict(hidden=768, layers=12, heads=12, inter=3072, batch=32, seq=128)
STEPS = int(os.environ.get('STEPS', 5 if SMALL else 30))
VOCAB, LABELS = 28996, 5


class Layer(nn.Module):
    def __init__(s, h, heads, inter):
        super().__init__()
        s.heads = heads
        s.qkv = nn.ModuleList([nn.Linear(h, h) for _ in range(3)])
        s.o, s.ln1, s.i, s.out, s.ln2 = nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12), nn.Linear(h, inter), nn.Linear(inter, h), nn.LayerNorm(h, eps=1e-12)
        s.drop = nn.Dropout(0.1)

    def forward(s, x, mask):
        b, t, h = x.shape
        q, k, v = (l(x).view(b, t, s.heads, h // s.heads).transpose(1, 2) for l in s.qkv)
        if hasattr(F, 'scaled_dot_product_attention'):  # torch >= 2.0: fused kernels
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.1 if s.training else 0.0)
        else:  # torch 1.13 (the CPU dry run)
            a = s.drop(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]) + mask, -1)) @ v
        x = s.ln1(x + s.drop(s.o(a.transpose(1, 2).reshape(b, t, h))))
        return s.ln2(x + s.drop(s.out(F.gelu(s.i(x)))))


class Bert(nn.Module):
    def __init__(s, h, layers, heads, inter, **_):
        super().__init__()
        s.word_emb, s.pos_emb, s.type_emb = nn.Embedding(VOCAB, h), nn.Embedding(512, h), nn.Embedding(2, h)
        s.ln, s.drop = nn.LayerNorm(h, eps=1e-12), nn.Dropout(0.1)
        s.layers = nn.ModuleList([Layer(h, heads, inter) for _ in range(layers)])
        s.pool, s.cls = nn.Linear(h, h), nn.Linear(h, LABELS)

    def forward(s, input_ids, attention_mask, labels):
        t = input_ids.shape[1]
        x = s.drop(s.ln(s.word_emb(input_ids) + s.pos_emb(torch.arange(t, device=input_ids.device)) + s.type_emb(torch.zeros_like(input_ids))))
        mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in s.layers:
            x = layer(x, mask)
        logits = s.cls(s.drop(torch.tanh(s.pool(x[:, 0]))))
        return F.cross_entropy(logits, labels)


def bench(make_model, dtype):
    torch.manual_seed(0)
    model = make_model().to(DEVICE).train()
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5)
    ids = torch.randint(0, VOCAB, (SHAPE['batch'], SHAPE['seq']), device=DEVICE)
    mask = torch.ones_like(ids)
    labels = torch.randint(0, LABELS, (SHAPE['batch'],), device=DEVICE)

    def step():
        with torch.autocast(device_type='cuda' if DEVICE.startswith('cuda') else 'cpu', dtype=torch.bfloat16, enabled=dtype == 'bf16'):
            loss = model(input_ids=ids, attention_mask=mask, labels=labels)
            loss = loss if torch.is_tensor(loss) else loss.loss
        loss.backward()
        opt.step()
        opt.zero_grad()

    sync = torch.cuda.synchronize if DEVICE.startswith('cuda') else (lambda: None)
    for _ in range(3):
        step()
    sync()
    t0 = time.perf_counter()
    for _ in range(STEPS):
        step()
    sync()
    s = time.perf_counter() - t0
    return {'samplesPerSecond': STEPS * SHAPE['batch'] / s, 'msPerStep': 1000 * s / STEPS}


result = {'side': 'python', 'torch': torch.__version__, 'device': torch.cuda.get_device_name(0) if DEVICE.startswith('cuda') else 'cpu', 'shape': SHAPE}
eager = lambda: Bert(SHAPE['hidden'], SHAPE['layers'], SHAPE['heads'], SHAPE['inter'])
result['eager'] = {'fp32': bench(eager, 'fp32'), 'bf16': bench(eager, 'bf16')}
try:
    from transformers import BertConfig, BertForSequenceClassification
    cfg = BertConfig(vocab_size=VOCAB, hidden_size=SHAPE['hidden'], num_hidden_layers=SHAPE['layers'], num_attention_heads=SHAPE['heads'], intermediate_size=SHAPE['inter'], num_labels=LABELS)
    hf = lambda: BertForSequenceClassification(cfg)
    result['transformers'] = {'fp32': bench(hf, 'fp32'), 'bf16': bench(hf, 'bf16')}
except ImportError as e:
    result['transformers'] = {'error': str(e)}
print(json.dumps(result))
