#!/usr/bin/python3
"""Reference numbers for test/interpolate.test.ts: torch.nn.functional.interpolate (Debian's python3-torch 1.13,
the libtorch the addon links) and ViT's interpolate_pos_encoding from transformers 4.31.

Run: PYTHONPATH=/tmp/hfref/site HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 \
     /usr/bin/python3 scripts/gen-interpolate-references.py
Writes test/data/nn/interpolate.json. Tensors are {"shape", "dtype", "data" (flat, row-major)}. Each case gives the
input, the options (camelCase, as F.interpolate takes them in TypeScript), the output, and the input's gradient
of sum(out * w) for a stored random w.
"""
import os

import torch
from reference_json import write_json
import torch.nn.functional as F

torch.set_num_threads(1)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "test", "data", "nn", "interpolate.json")
VIT = os.path.join(ROOT, "..", "shared", "fixtures", "hf-tiny-vit", "model")
gen = torch.Generator().manual_seed(20231)


def T(t):
    t = t.detach().float()
    return {"shape": list(t.shape), "dtype": "float32", "data": [float(v) for v in t.flatten().tolist()]}


CASES = [
    # (name, input shape, options)
    ("bicubic_scale_vit", (1, 4, 4, 4), dict(scale_factor=(6.1 / 4, 6.1 / 4), mode="bicubic", align_corners=False)),
    ("bicubic_size", (2, 2, 5, 3), dict(size=(7, 4), mode="bicubic")),
    ("bicubic_align", (1, 3, 4, 5), dict(size=(6, 9), mode="bicubic", align_corners=True)),
    ("bicubic_down_antialias", (1, 2, 9, 8), dict(size=(4, 3), mode="bicubic", antialias=True)),
    ("bilinear_scale", (1, 2, 3, 4), dict(scale_factor=2.5, mode="bilinear")),
    ("bilinear_recompute", (1, 2, 3, 4), dict(scale_factor=2.5, mode="bilinear", recompute_scale_factor=True)),
    ("bilinear_align", (2, 1, 4, 4), dict(size=7, mode="bilinear", align_corners=True)),
    ("bilinear_down_antialias", (1, 1, 8, 10), dict(size=(3, 4), mode="bilinear", antialias=True)),
    ("nearest_2d_scale", (1, 2, 3, 3), dict(scale_factor=1.7)),
    ("nearest_1d_size", (2, 3, 5), dict(size=8, mode="nearest")),
    ("nearest_exact_2d", (1, 1, 5, 4), dict(size=(3, 7), mode="nearest-exact")),
    ("linear_1d", (1, 2, 6), dict(size=10, mode="linear")),
    ("linear_1d_align", (1, 2, 6), dict(scale_factor=1.5, mode="linear", align_corners=True)),
    ("trilinear", (1, 1, 2, 3, 4), dict(size=(3, 4, 2), mode="trilinear")),
    ("nearest_3d", (1, 2, 2, 2, 3), dict(scale_factor=(2, 1.5, 1))),
    ("area_2d", (1, 2, 6, 7), dict(size=(4, 3), mode="area")),
    ("area_scale", (1, 1, 9), dict(scale_factor=0.5, mode="area")),
]

CAMEL = {"scale_factor": "scaleFactor", "align_corners": "alignCorners", "recompute_scale_factor": "recomputeScaleFactor"}


def interpolate_cases():
    out = []
    for name, shape, opts in CASES:
        x = torch.randn(shape, generator=gen).requires_grad_(True)
        y = F.interpolate(x, **opts)
        w = torch.randn(y.shape, generator=gen)
        (y * w).sum().backward()
        options = {CAMEL.get(k, k): (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()}
        out.append({"name": name, "options": options, "input": T(x), "output": T(y), "weight": T(w), "input_grad": T(x.grad)})
    return out


def vit_pixels(batch, h, w):
    """Exact in float32 and easy to rebuild in TypeScript: ((i * 7919) % 255) / 127.5 - 1 over the flat index i."""
    i = torch.arange(batch * 3 * h * w, dtype=torch.float64)
    return (torch.remainder(i * 7919, 255) / 127.5 - 1).float().view(batch, 3, h, w)


def vit_cases():
    from transformers import ViTForImageClassification

    model = ViTForImageClassification.from_pretrained(VIT).eval()
    out = []
    for h, w in [(48, 48), (40, 64)]:
        pixels = vit_pixels(2, h, w)
        model.zero_grad()
        res = model(pixel_values=pixels, interpolate_pos_encoding=True, output_hidden_states=True)
        res.logits.sum().backward()
        pos = model.vit.embeddings.position_embeddings
        out.append({
            "height": h, "width": w, "logits": T(res.logits),
            "hidden_states_0": T(res.hidden_states[0]),
            "interpolated_pos": T(model.vit.embeddings.interpolate_pos_encoding(res.hidden_states[0], h, w)),
            "position_embeddings_grad": T(pos.grad),
        })
    return out


def main():
    import transformers

    doc = {
        "meta": {"torch": torch.__version__, "transformers": transformers.__version__, "script": "scripts/gen-interpolate-references.py"},
        "interpolate": interpolate_cases(),
        "vit_interpolate_pos_encoding": vit_cases(),
    }
    write_json(OUT, doc)


if __name__ == "__main__":
    main()
