# float64 references for test/family-float64.test.ts: each hf-tiny-<family> fixture model loaded by transformers
# 4.31, cast to float64 (`model.double()`), run in eval mode on the batches of the fixture's forward.json; writes
# the logits, the loss and the last hidden state of every batch to test/data/family-float64/<family>.json
# (Python floats, written with repr, so the float64 values round-trip exactly).
# Run: PYTHONPATH=/tmp/hfref/site HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 /usr/bin/python3 scripts/make-family-float64-references.py
import json
import os

import torch
import transformers
from transformers import AutoModelForSequenceClassification

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', '..', 'shared', 'fixtures')
OUT = os.path.join(HERE, '..', 'test', 'data', 'family-float64')
FAMILIES = ['roberta', 'xlm-roberta', 'distilbert', 'electra', 'deberta-v2']

torch.set_num_threads(1)
os.makedirs(OUT, exist_ok=True)
for family in FAMILIES:
    base = os.path.join(FIXTURES, f'hf-tiny-{family}')
    model = AutoModelForSequenceClassification.from_pretrained(os.path.join(base, 'model')).double().eval()
    with open(os.path.join(base, 'references', 'forward.json')) as f:
        batches = json.load(f)['batches']
    out = {'meta': {'torch': torch.__version__, 'transformers': transformers.__version__, 'dtype': 'float64', 'model': f'hf-tiny-{family}/model'}, 'batches': {}}
    for name, b in batches.items():
        inputs = {'input_ids': torch.tensor(b['input_ids']), 'attention_mask': torch.tensor(b['attention_mask'])}
        if b.get('token_type_ids') is not None:
            inputs['token_type_ids'] = torch.tensor(b['token_type_ids'])
        with torch.no_grad():
            r = model(**inputs, labels=torch.tensor(b['labels']), output_hidden_states=True)
        out['batches'][name] = {
            'logits': r.logits.tolist(),
            'loss': r.loss.item(),
            'last_hidden_state': r.hidden_states[-1].tolist(),
        }
    with open(os.path.join(OUT, f'{family}.json'), 'w') as f:
        json.dump(out, f)
    print(family, 'written')
