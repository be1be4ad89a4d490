#!/usr/bin/python3
"""A Wav2Vec2 checkpoint as transformers 4.31 saves it on torch >= 2.1, for test/wav2vec2-weight-norm.test.ts.

On torch >= 2.1, 4.31 wraps the positional conv with nn.utils.parametrizations.weight_norm, so save_pretrained
writes `...pos_conv_embed.conv.parametrizations.weight.original0` (g) and `original1` (v) instead of the
`weight_g` / `weight_v` that torch 1.13 gives (the shared hf-tiny-wav2vec2 fixture). 4.31 does not rename between
the two, so this script copies g and v across by hand.

Run in the trixie chroot (python3-torch 2.6) with transformers 4.31 on PYTHONPATH (a copy of /tmp/hfref/site plus
the pure-Python deps it needs: tqdm, packaging, filelock, requests and its deps, yaml; without accelerate):
  bash scripts/trixie-chroot.sh env PYTHONPATH=<site> HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 \
       python3 scripts/gen-wav2vec2-parametrizations-checkpoint.py
The chroot drops writes into the checkout, so there give OUT=/tmp/x and carry the files out, e.g.
  ... sh -c 'OUT=/tmp/x python3 scripts/gen-...py && tar c -C /tmp/x .' | tar x -C test/data/wav2vec2-parametrizations
Writes test/data/wav2vec2-parametrizations/ (config.json, model.safetensors, reference.json: eval logits of a fixed
input for this checkpoint and the state-dict keys of its positional conv).
"""
import os

import torch
from reference_json import write_json
from safetensors.torch import load_file

from transformers import Wav2Vec2ForSequenceClassification

torch.set_num_threads(1)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = os.path.join(ROOT, "..", "shared", "fixtures", "hf-tiny-wav2vec2", "model")
OUT = os.environ.get("OUT") or os.path.join(ROOT, "test", "data", "wav2vec2-parametrizations")
PREFIX = "wav2vec2.encoder.pos_conv_embed.conv."


def main():
    import transformers

    assert hasattr(torch.nn.utils.parametrizations, "weight_norm"), "needs torch >= 2.1"
    model = Wav2Vec2ForSequenceClassification.from_pretrained(SRC).eval()
    old = load_file(os.path.join(SRC, "model.safetensors"))
    with torch.no_grad():
        p = model.wav2vec2.encoder.pos_conv_embed.conv.parametrizations.weight
        p.original0.copy_(old[PREFIX + "weight_g"])
        p.original1.copy_(old[PREFIX + "weight_v"])
    x = (torch.sin(torch.arange(2 * 1600, dtype=torch.float64) * 0.03)).float().view(2, 1600)
    with torch.no_grad():
        logits = model(input_values=x).logits
    model.save_pretrained(OUT, safe_serialization=True)
    keys = [k for k in model.state_dict() if "pos_conv_embed" in k]
    ref = {
        "meta": {"torch": torch.__version__, "transformers": transformers.__version__,
                 "script": "scripts/gen-wav2vec2-parametrizations-checkpoint.py"},
        "input": "sin(0.03 i) over i < 3200 in float64, then float32, as [2, 1600]",
        "logits": {"shape": list(logits.shape), "dtype": "float32", "data": [float(v) for v in logits.flatten().tolist()]},
        "pos_conv_keys": keys,
    }
    write_json(os.path.join(OUT, "reference.json"), ref, indent=1)


if __name__ == "__main__":
    main()
