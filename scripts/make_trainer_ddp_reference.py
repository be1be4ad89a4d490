#!/usr/bin/env python3
"""Reference numbers for test/trainer-ddp.test.ts: the real transformers 4.31 Trainer (accelerate 0.21) on 2 Gloo
ranks, fine-tuning hf-tiny-bert on a slice of the SST-2 fixture, evaluating each epoch.

Run from the repository root (Debian's python3-torch 1.13 with transformers 4.31 on the path):
  PYTHONPATH=/tmp/hfref/site HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 \
    /usr/bin/python3 scripts/make_trainer_ddp_reference.py ../shared test/references/trainer-ddp.json

torch 1.13's torchrun fails on Python 3.11, so the script starts its two ranks itself with torchrun's environment
(RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT).
"""
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_json import write_json  # noqa: E402

WORLD = 2
TRAIN_ROWS = 36  # 9 batches of 4: the last step of each epoch is padded by accelerate (BatchSamplerShard)
EVAL_ROWS = 20  # 3 batches of 8 over 2 ranks: the second step carries padding duplicates
MAX_LENGTH = 32
SETTINGS = {
    'per_device_train_batch_size': 4,
    'per_device_eval_batch_size': 8,
    'num_train_epochs': 2,
    'learning_rate': 1e-3,
    'warmup_steps': 2,
    'weight_decay': 0.01,
    'max_grad_norm': 1.0,
    'seed': 42,
    'logging_steps': 1,
}
# The second case accumulates 2 batches per optimizer step: 5 batches per rank and epoch, so the fifth batch of
# the first epoch is summed with the first of the second (transformers 4.31 counts boundaries over the whole run)
# and training stops at max_steps = 2 * (5 // 2) = 4, before the second epoch's last batch.
CASES = {'default': {}, 'gradient_accumulation': {'gradient_accumulation_steps': 2}}


def sst2_rows(shared):
    with open(os.path.join(shared, 'fixtures', 'sst2', 'test.tsv'), newline='') as f:
        rows = list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    return [{'sentence': r['sentence'], 'label': int(r['label'])} for r in rows[: TRAIN_ROWS + EVAL_ROWS]]


def rank_main(shared, case, out_path):
    import torch
    import transformers.models.bert as bert

    class BertTokenizerFast:  # placeholder: 4.31's data_collator imports it (no Rust tokenizers here)
        pass

    bert.BertTokenizerFast = BertTokenizerFast
    from transformers import BertForSequenceClassification, BertTokenizer, Trainer, TrainingArguments, set_seed

    torch.set_num_threads(1)
    model_dir = os.path.join(shared, 'fixtures', 'hf-tiny-bert', 'model')
    tokenizer = BertTokenizer.from_pretrained(model_dir)
    rows = sst2_rows(shared)
    encoded = tokenizer([r['sentence'] for r in rows], padding='max_length', truncation=True, max_length=MAX_LENGTH)
    data = [{k: encoded[k][i] for k in encoded} | {'label': r['label']} for i, r in enumerate(rows)]
    train, evaluation = data[:TRAIN_ROWS], data[TRAIN_ROWS:]

    class RecordingTrainer(Trainer):
        """Records each step's exact local loss, as the TypeScript test does."""

        step_losses = []

        def training_step(self, model, inputs):
            loss = super().training_step(model, inputs)
            self.step_losses.append(loss.item())
            return loss

    with tempfile.TemporaryDirectory() as tmp:
        args = TrainingArguments(
            output_dir=tmp, evaluation_strategy='epoch', save_strategy='no', report_to='none', disable_tqdm=True,
            dataloader_drop_last=False, optim='adamw_torch', ddp_backend='gloo', no_cuda=True, **SETTINGS, **CASES[case])
        set_seed(args.seed)
        model = BertForSequenceClassification.from_pretrained(model_dir)
        trainer = RecordingTrainer(model=model, args=args, train_dataset=train, eval_dataset=evaluation)
        assert args.world_size == WORLD and args.process_index == int(os.environ['RANK'])
        out = trainer.train()
    write_json(out_path, {
        'rank': args.process_index,
        'world_size': args.world_size,
        'step_losses': RecordingTrainer.step_losses,
        'log_history': trainer.state.log_history,
        'global_step': out.global_step,
        'training_loss': out.training_loss,
        'input_ids': [d['input_ids'] for d in data],
    })


def shard_cases():
    """accelerate's BatchSamplerShard (the 4.31 Trainer's data sharding) over sequential batches, rank by rank."""
    from torch.utils.data import BatchSampler
    from accelerate.data_loader import BatchSamplerShard
    cases = []
    for n in (1, 5, 8, 20, 36, 37):
        for batch_size in (1, 3, 4, 8):
            for processes in (2, 3):
                for drop_last in (False, True):
                    ranks = [list(BatchSamplerShard(BatchSampler(range(n), batch_size, drop_last), processes, rank)) for rank in range(processes)]
                    lengths = [len(BatchSamplerShard(BatchSampler(range(n), batch_size, drop_last), processes, rank)) for rank in range(processes)]
                    cases.append({'n': n, 'batchSize': batch_size, 'processes': processes, 'dropLast': drop_last, 'batches': ranks, 'lengths': lengths})
    return cases


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def strip(entry):  # timings differ run to run
    return {k: v for k, v in entry.items() if not k.endswith(('_runtime', '_per_second'))}


def run_case(shared, case):
    """Both ranks of one case, each in a fresh process (accelerate's state is per process)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for rank in range(WORLD):
            env = dict(os.environ, MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port), WORLD_SIZE=str(WORLD), RANK=str(rank),
                       LOCAL_RANK=str(rank), LOCAL_WORLD_SIZE=str(WORLD))
            procs.append(subprocess.Popen([sys.executable, __file__, '--rank', shared, case, os.path.join(tmp, f'rank{rank}.json')], env=env))
        if any(p.wait() != 0 for p in procs):
            sys.exit(f'a rank failed in case {case}')
        ranks = [json.load(open(os.path.join(tmp, f'rank{r}.json'))) for r in range(WORLD)]
    assert [strip(e) for e in ranks[0]['log_history']] == [strip(e) for e in ranks[1]['log_history']], f'the ranks logged differently in case {case}'
    return ranks


def case_results(ranks):
    return {
        'step_losses_per_rank': [r['step_losses'] for r in ranks],
        'log_history': [strip(e) for e in ranks[0]['log_history']],
        'global_step': ranks[0]['global_step'],
        'training_loss_per_rank': [r['training_loss'] for r in ranks],
    }


def main(shared, out):
    import torch
    import transformers
    import accelerate
    ranks = run_case(shared, 'default')
    accumulated = run_case(shared, 'gradient_accumulation')
    write_json(out, {
        'meta': {'torch': torch.__version__, 'transformers': transformers.__version__, 'accelerate': accelerate.__version__,
                 'generator': 'scripts/make_trainer_ddp_reference.py', 'backend': 'gloo', 'threads': 1},
        'settings': dict(SETTINGS, world_size=WORLD, train_rows=TRAIN_ROWS, eval_rows=EVAL_ROWS, max_length=MAX_LENGTH,
                         data='../shared/fixtures/sst2/test.tsv, first train_rows rows train, next eval_rows rows eval'),
        'input_ids': ranks[0]['input_ids'],
        **case_results(ranks),
        # the same run with these settings changed
        'gradient_accumulation': dict(settings=CASES['gradient_accumulation'], **case_results(accumulated)),
        'batch_sampler_shard': shard_cases(),
    }, indent=1)


if __name__ == '__main__':
    if sys.argv[1] == '--rank':
        rank_main(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main(sys.argv[1], sys.argv[2])
