#!/usr/bin/python3
"""Reference numbers for test/wav2vec2-spec-augment.test.ts, from transformers 4.31 on Debian's torch 1.13 and numpy.

Run: PYTHONPATH=/tmp/hfref/site HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 \
     /usr/bin/python3 scripts/gen-wav2vec2-spec-augment-references.py
Writes test/data/wav2vec2-spec-augment.json:
- mask_indices: `_compute_mask_indices` calls drawn one after the other from `np.random.seed(seed)` (the global
  legacy RNG transformers' set_seed seeds), each mask as rows of 0/1.
- train_forward: the fixture's tiny Wav2Vec2ForSequenceClassification with SpecAugment switched on
  (mask_time_prob 0.3 / length 3, mask_feature_prob 0.25 / length 4, dropouts 0), in train mode after
  np.random.seed(7): logits, loss, the gradient of masked_spec_embed and the grad norms, with and without an
  attention mask; and the time / feature masks that forward drew. The GELUs get a contiguous backward (SafeGELU,
  as the fixture's gradients do) because of torch 1.13's GELU backward bug.
- state_dict_keys: the positional conv's keys as 4.31 saves them on this torch.
"""
import os

import numpy as np
import torch
from reference_json import write_json

from transformers import Wav2Vec2Config, Wav2Vec2ForSequenceClassification
from transformers.models.wav2vec2 import modeling_wav2vec2 as mw

torch.set_num_threads(1)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "test", "data", "wav2vec2-spec-augment.json")
MODEL = os.path.join(ROOT, "..", "shared", "fixtures", "hf-tiny-wav2vec2", "model")


def T(t):
    t = t.detach().float()
    return {"shape": list(t.shape), "dtype": "float32", "data": [float(v) for v in t.flatten().tolist()]}


MASK_CASES = [
    # (batch, length, prob, span, min_masks, lengths or None)
    (3, 50, 0.2, 4, 2, None),
    (3, 50, 0.2, 4, 2, [50, 31, 9]),
    (2, 17, 0.05, 10, 2, None),
    (4, 32, 0.5, 10, 0, None),
    (2, 40, 0.65, 10, 2, [40, 12]),
    (1, 10, 0.9, 10, 0, None),
    (2, 30, 0.0, 3, 0, None),
]


def mask_cases():
    np.random.seed(123)
    out = []
    for b, n, p, span, mn, lengths in MASK_CASES:
        am = None if lengths is None else torch.tensor([[1] * l + [0] * (n - l) for l in lengths])
        m = mw._compute_mask_indices((b, n), mask_prob=p, mask_length=span, attention_mask=am, min_masks=mn)
        out.append({"batch": b, "length": n, "prob": p, "span": span, "min_masks": mn, "lengths": lengths,
                    "mask": m.astype(int).tolist()})
    return {"seed": 123, "cases": out}


def samples(rows):
    wave = torch.sin(torch.arange(2000, dtype=torch.float64) * 0.05) + 0.3 * torch.cos(torch.arange(2000, dtype=torch.float64) * 0.17)
    x = torch.zeros((len(rows), 2000), dtype=torch.float64)
    for i, n in enumerate(rows):
        x[i, :n] = wave[:n]
    return x.float()


SPEC = dict(apply_spec_augment=True, mask_time_prob=0.3, mask_time_length=3, mask_time_min_masks=2,
            mask_feature_prob=0.25, mask_feature_length=4, mask_feature_min_masks=0)


class SafeGELUFn(torch.autograd.Function):
    """torch 1.13's float32 GELU backward is wrong for a non-contiguous incoming gradient
    (../shared/notes/libtorch-1.13-gelu.md): the same forward, a backward on contiguous tensors."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.nn.functional.gelu(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return torch.ops.aten.gelu_backward(grad.contiguous(), x.contiguous())


class SafeGELU(torch.nn.Module):
    def forward(self, x):
        return SafeGELUFn.apply(x)


def safe_gelu(model):
    from transformers.activations import GELUActivation

    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if isinstance(child, GELUActivation):
                setattr(module, name, SafeGELU())
    return model


def train_forward():
    config = Wav2Vec2Config.from_pretrained(MODEL, **SPEC)
    model = safe_gelu(Wav2Vec2ForSequenceClassification.from_pretrained(MODEL, config=config))
    model.train()
    drawn = []
    original = mw._compute_mask_indices

    def spy(*args, **kwargs):
        m = original(*args, **kwargs)
        drawn.append(m.astype(int).tolist())
        return m

    mw._compute_mask_indices = spy
    out = []
    rows = [2000, 1400, 900]
    for with_mask in (False, True):
        drawn.clear()
        model.zero_grad()
        np.random.seed(7)
        x = samples(rows)
        am = torch.tensor([[1] * n + [0] * (2000 - n) for n in rows]) if with_mask else None
        res = model(input_values=x, attention_mask=am, labels=torch.tensor([0, 1, 2]))
        res.loss.backward()
        norms = {n: float(p.grad.norm()) for n, p in model.named_parameters() if p.grad is not None}
        out.append({"attention_mask": with_mask, "rows": rows, "logits": T(res.logits), "loss": float(res.loss),
                    "masked_spec_embed_grad": T(model.wav2vec2.masked_spec_embed.grad),
                    "grad_norms": norms, "time_mask": drawn[0], "feature_mask": drawn[1]})
    mw._compute_mask_indices = original
    return {"config_overrides": SPEC, "wave": "sin(0.05 i) + 0.3 cos(0.17 i), i < 2000, in float64 then float32; rows right-padded with 0",
            "runs": out}


def main():
    import transformers

    model = Wav2Vec2ForSequenceClassification.from_pretrained(MODEL)
    keys = [k for k in model.state_dict() if "pos_conv_embed" in k]
    doc = {
        "meta": {"torch": torch.__version__, "numpy": np.__version__, "transformers": transformers.__version__,
                 "script": "scripts/gen-wav2vec2-spec-augment-references.py",
                 "has_parametrizations_weight_norm": hasattr(torch.nn.utils.parametrizations, "weight_norm")},
        "mask_indices": mask_cases(),
        "train_forward": train_forward(),
        "state_dict_keys": keys,
    }
    write_json(OUT, doc)


if __name__ == "__main__":
    main()
