# Makes test/references/attention-dropout.json: transformers 4.31's eager BERT attention with dropout on, in a
# short training run, for test/attention.test.ts (tstorch's eager path must reproduce it draw for draw).
# Run: PYTHONPATH=/tmp/hfref/site HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 \
#        /usr/bin/python3 scripts/make-attention-dropout-reference.py ../shared/fixtures/hf-tiny-bert
import json
import sys

import torch
import transformers
from transformers import BertForSequenceClassification

fixture = sys.argv[1]
torch.set_num_threads(1)
batch = json.load(open(f"{fixture}/references/forward.json"))["batches"]["b_single_padded"]
inputs = {k: torch.tensor(batch[k]) for k in ("input_ids", "attention_mask", "token_type_ids", "labels")}

runs = {}
for name, overrides in {
    "attention_only": dict(attention_probs_dropout_prob=0.3, hidden_dropout_prob=0.0),
    "all_dropout": dict(attention_probs_dropout_prob=0.1, hidden_dropout_prob=0.1),
}.items():
    model = BertForSequenceClassification.from_pretrained(f"{fixture}/model", **overrides)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    torch.manual_seed(1234)
    losses, first_logits = [], None
    for step in range(4):
        out = model(**inputs)
        if step == 0:
            first_logits = out.logits.detach().tolist()
        out.loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(out.loss.item())
    runs[name] = {"config_overrides": overrides, "losses": losses, "first_step_logits": first_logits}

json.dump(
    {
        "generator": "scripts/make-attention-dropout-reference.py",
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "procedure": "from_pretrained(model, **config_overrides); train(); AdamW(lr=1e-3); manual_seed(1234); "
        "4 steps of forward(b_single_padded with labels), backward, step, zero_grad",
        "runs": runs,
    },
    open("test/references/attention-dropout.json", "w"),
    indent=1,
)
