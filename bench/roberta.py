# The PyTorch side of bench/roberta.ts: transformers 4.31's own RobertaForSequenceClassification (eager, from the
# reference environment at /tmp/hfref, on Debian's torch 1.13 = the libtorch tstorch links), served by
# bench/bert.py's worker loop. Usage: started by bench/roberta.ts (which sets PYTHONPATH to the transformers site).
import torch
from transformers import RobertaConfig, RobertaForSequenceClassification

from bert import serve

torch.set_num_threads(1)


def setup(c):
    torch.manual_seed(0)
    config = RobertaConfig(vocab_size=c['vocab'], hidden_size=c['hidden'], num_hidden_layers=c['layers'], num_attention_heads=c['heads'],
                           intermediate_size=c['intermediate'], num_labels=c['labels'], max_position_embeddings=514, type_vocab_size=1, pad_token_id=1)
    model = RobertaForSequenceClassification(config)
    g = torch.Generator().manual_seed(0)
    b, s = c['batch'], c['seq']
    ids = torch.randint(3, c['vocab'], (b, s), generator=g)
    mask = torch.ones(b, s, dtype=torch.long)
    mask[b // 2:, s * 3 // 4:] = 0  # half the batch padded, as in bench/roberta-worker.ts
    ids[mask == 0] = 1
    labels = torch.randint(0, c['labels'], (b,), generator=g)

    def eval_step():
        model.eval()
        with torch.no_grad():
            model(input_ids=ids, attention_mask=mask)

    def train_step():
        model.train()
        model(input_ids=ids, attention_mask=mask, labels=labels).loss.backward()
        model.zero_grad()

    return {'eval': eval_step, 'train': train_step}


if __name__ == '__main__':
    serve(setup)
