#!/usr/bin/env python3
"""Reference numbers for tstorch's DDP parity test, from PyTorch's own DistributedDataParallel over Gloo.

Run (Debian's python3-torch 1.13 with transformers 4.31 on the path):
  PYTHONPATH=/tmp/hfref/site HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 \
    /usr/bin/python3 test/ddp/make_reference.py ../shared/fixtures/hf-tiny-bert test/ddp/reference.json

torch 1.13's torchrun fails on Python 3.11, so this script starts its two ranks itself with torchrun's
environment (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK, LOCAL_RANK).
"""
import json
import math
import os
import socket
import subprocess
import sys
import tempfile

WORLD = 2
BATCH = 4  # per rank
EPOCHS = 2
LR = 1e-3
WEIGHT_DECAY = 0.01
WARMUP = 2
MAX_GRAD_NORM = 0.1
SEQ = 32
SEED = 42


def rows(fixture):
    with open(os.path.join(fixture, 'data', 'train.jsonl')) as f:
        return [json.loads(line) for line in f]


def batch_of(data, indices, torch):
    ids = [data[i]['input_ids'] + [0] * (SEQ - len(data[i]['input_ids'])) for i in indices]
    mask = [[1] * len(data[i]['input_ids']) + [0] * (SEQ - len(data[i]['input_ids'])) for i in indices]
    return {
        'input_ids': torch.tensor(ids),
        'attention_mask': torch.tensor(mask),
        'token_type_ids': torch.zeros(len(indices), SEQ, dtype=torch.long),
        'labels': torch.tensor([data[i]['label'] for i in indices]),
    }


def rank_main(fixture, out_path):
    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel
    from torch.utils.data import DistributedSampler
    from transformers import BertForSequenceClassification, get_scheduler

    torch.set_num_threads(1)
    dist.init_process_group('gloo')
    rank = dist.get_rank()
    data = rows(fixture)
    model = BertForSequenceClassification.from_pretrained(os.path.join(fixture, 'model'))
    model.train()
    ddp = DistributedDataParallel(model)
    decay = [p for n, p in model.named_parameters() if not (n.endswith('bias') or 'LayerNorm' in n)]
    no_decay = [p for n, p in model.named_parameters() if n.endswith('bias') or 'LayerNorm' in n]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': WEIGHT_DECAY}, {'params': no_decay, 'weight_decay': 0.0}], lr=LR)
    sampler = DistributedSampler(list(range(len(data))), shuffle=True, seed=SEED)
    steps_per_epoch = math.ceil(len(sampler) / BATCH)
    sched = get_scheduler('linear', opt, num_warmup_steps=WARMUP, num_training_steps=EPOCHS * steps_per_epoch)
    steps = []
    for epoch in range(EPOCHS):
        sampler.set_epoch(epoch)
        order = list(sampler)
        for s in range(0, len(order), BATCH):
            indices = order[s:s + BATCH]
            out = ddp(**batch_of(data, indices, torch))
            out.loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(ddp.parameters(), MAX_GRAD_NORM)
            steps.append({'epoch': epoch, 'indices': indices, 'lr': sched.get_last_lr()[0], 'loss': out.loss.item(), 'grad_norm': norm.item()})
            opt.step()
            sched.step()
            opt.zero_grad()
    final = {}
    for n, p in model.named_parameters():
        flat = p.detach().flatten()
        final[n] = {'norm': flat.norm().item(), 'sum': flat.sum().item(), 'head': flat[:8].tolist()}
    final['classifier.weight']['data'] = model.classifier.weight.detach().flatten().tolist()
    with open(out_path, 'w') as f:
        json.dump({'rank': rank, 'steps': steps, 'final': final}, f)
    dist.destroy_process_group()


def sampler_cases():
    import torch
    from torch.utils.data import DistributedSampler
    cases = []
    for n in (0, 1, 5, 10, 45, 101):
        for replicas in (1, 2, 3, 4):
            for drop_last in (False, True):
                for shuffle, seed in ((True, 0), (True, 42), (False, 0)):
                    for epoch in (0, 1, 3):
                        per_rank = []
                        for rank in range(replicas):
                            s = DistributedSampler(list(range(n)), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=seed, drop_last=drop_last)
                            s.set_epoch(epoch)
                            per_rank.append(list(s))
                        cases.append({'n': n, 'numReplicas': replicas, 'dropLast': drop_last, 'shuffle': shuffle, 'seed': seed, 'epoch': epoch, 'indices': per_rank})
    return cases


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main(fixture, out):
    import torch
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for rank in range(WORLD):
            env = dict(os.environ, MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port), WORLD_SIZE=str(WORLD), RANK=str(rank), LOCAL_RANK=str(rank))
            procs.append(subprocess.Popen([sys.executable, __file__, '--rank', fixture, os.path.join(tmp, f'rank{rank}.json')], env=env))
        if any(p.wait() != 0 for p in procs):
            sys.exit('a rank failed')
        ranks = [json.load(open(os.path.join(tmp, f'rank{r}.json'))) for r in range(WORLD)]
    assert ranks[0]['final'] == ranks[1]['final'], 'DDP ranks ended with different weights'
    reference = {
        'meta': {'torch': torch.__version__, 'generator': 'test/ddp/make_reference.py', 'backend': 'gloo', 'threads': 1},
        'settings': {'worldSize': WORLD, 'batchPerRank': BATCH, 'epochs': EPOCHS, 'lr': LR, 'weightDecay': WEIGHT_DECAY, 'warmupSteps': WARMUP,
                     'maxGradNorm': MAX_GRAD_NORM, 'seqLen': SEQ, 'samplerSeed': SEED, 'scheduler': 'linear',
                     'noDecay': 'parameters ending in bias or containing LayerNorm'},
        'ranks': [{'rank': r['rank'], 'steps': r['steps']} for r in ranks],
        'final': ranks[0]['final'],
        'sampler': sampler_cases(),
    }
    with open(out, 'w') as f:
        json.dump(reference, f)
        f.write('\n')


if __name__ == '__main__':
    if sys.argv[1] == '--rank':
        rank_main(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1], sys.argv[2])
