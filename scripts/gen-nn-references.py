#!/usr/bin/python3
"""Reference numbers for test/nn-*.test.ts, from Python torch (Debian's python3-torch 1.13, and trixie's 2.6).

Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/gen-nn-references.py
Writes test/data/nn/{layers,functional,losses,init,train}.json. Every tensor is {"shape", "dtype", "data" (flat)}.
On torch 2.x it writes layers-torch<major.minor>.json and train-torch<major.minor>.json instead (from the
trixie chroot: bash scripts/trixie-chroot.sh bash -c 'python3 scripts/gen-nn-references.py >&2 && tar c
test/data/nn/*-torch2.6.json' | tar x, since the chroot's writes to the checkout do not outlast it). Dropout of a
non-contiguous tensor draws its mask in another order there (below, test/helpers/nn-data.ts), which changes the two
cases whose batch-first TransformerEncoderLayer drops out the transposed attention output; the tests read the
file of the running libtorch version where there is one.

Layer cases: torch.manual_seed(seed), build the layer (its default init draws from the default generator), record
its parameters; inputs come from a separate generator so the default one is left where the layer left it (dropout
draws from it in forward). The backward is of sum(out_i * w_i) with fixed random w_i.
"""
import math
import os

import torch
from reference_json import write_json
from trusted_conv_backend import use_trusted_conv_backend
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
use_trusted_conv_backend()  # as tstorch does: right convolution gradients on trixie's libtorch 2.6
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "data", "nn")
data_gen = torch.Generator().manual_seed(1234)


def T(t):
    t = t.detach()
    kind = "bool" if t.dtype == torch.bool else str(t.dtype).replace("torch.", "")
    values = t.flatten().tolist()
    return {"shape": list(t.shape), "dtype": kind, "data": [float(v) if kind.startswith("float") else int(v) for v in values]}


def randn(*shape):
    return torch.randn(tuple(shape), generator=data_gen)


def layer_case(seed, build, inputs, call=None, train=True):
    """inputs: list of tensors (float ones get gradients); call(layer, *inputs) -> tensor or tuple."""
    torch.manual_seed(seed)
    layer = build()
    layer.train(train)
    init = {n: T(p) for n, p in layer.state_dict().items()}
    xs = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    out = call(layer, *xs) if call else layer(*xs)
    outs = list(out) if isinstance(out, tuple) else [out]
    outs = [o for o in outs if o is not None]
    weights = [randn(*o.shape) for o in outs]
    sum(((o * w).sum() for o, w in zip(outs, weights)), torch.zeros(())).backward()
    return {
        "seed": seed,
        "init": init,
        "inputs": [T(x) for x in xs],
        "outputs": [T(o) for o in outs],
        "outputWeights": [T(w) for w in weights],
        "inputGrads": [T(x.grad) if x.grad is not None else None for x in xs],
        "paramGrads": {n: T(p.grad) for n, p in layer.named_parameters() if p.grad is not None},
        "stateAfter": {n: T(p) for n, p in layer.state_dict().items()},
    }


def ids(high, *shape):
    return torch.randint(0, high, shape, generator=data_gen)


def layers():
    c = {}
    c["Linear"] = layer_case(1, lambda: nn.Linear(5, 3), [randn(2, 5)])
    c["Linear_noBias"] = layer_case(2, lambda: nn.Linear(5, 3, bias=False), [randn(4, 2, 5)])
    c["Bilinear"] = layer_case(3, lambda: nn.Bilinear(3, 4, 2), [randn(2, 3), randn(2, 4)])
    e_ids = ids(10, 2, 5)
    e_ids[0, 0] = 1
    c["Embedding_paddingIdx"] = layer_case(4, lambda: nn.Embedding(10, 4, padding_idx=1), [e_ids])
    c["LayerNorm"] = layer_case(5, lambda: nn.LayerNorm(6), [randn(2, 3, 6)])
    c["LayerNorm_2d_eps"] = layer_case(6, lambda: nn.LayerNorm([3, 6], eps=1e-3), [randn(2, 3, 6)])
    c["GroupNorm"] = layer_case(7, lambda: nn.GroupNorm(2, 4), [randn(2, 4, 3)])
    c["BatchNorm1d_2d"] = layer_case(8, lambda: nn.BatchNorm1d(3), [randn(4, 3)])
    c["BatchNorm1d_3d_eval"] = layer_case(9, lambda: nn.BatchNorm1d(3), [randn(4, 3, 5)], train=False)
    c["BatchNorm2d"] = layer_case(10, lambda: nn.BatchNorm2d(3, momentum=0.3, eps=1e-3), [randn(2, 3, 4, 4)])
    c["BatchNorm2d_noAffine_noStats"] = layer_case(11, lambda: nn.BatchNorm2d(3, affine=False, track_running_stats=False), [randn(2, 3, 2, 2)])
    c["Conv1d"] = layer_case(12, lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1), [randn(2, 3, 9)])
    c["Conv1d_same_dilation_groups"] = layer_case(13, lambda: nn.Conv1d(4, 6, 3, padding="same", dilation=2, groups=2), [randn(2, 4, 8)])
    c["Conv2d"] = layer_case(14, lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1), [randn(2, 3, 7, 7)])
    c["Conv2d_same_groups_noBias"] = layer_case(15, lambda: nn.Conv2d(2, 4, (3, 2), padding="same", dilation=(2, 1), groups=2, bias=False), [randn(1, 2, 6, 5)])
    c["Conv2d_valid_unbatched"] = layer_case(16, lambda: nn.Conv2d(2, 3, 2, padding="valid"), [randn(2, 5, 4)])
    c["MaxPool1d"] = layer_case(0, lambda: nn.MaxPool1d(3, stride=2, padding=1), [randn(2, 3, 9)])
    c["MaxPool2d"] = layer_case(0, lambda: nn.MaxPool2d(2), [randn(2, 3, 6, 6)])
    c["MaxPool2d_ceil_dilation"] = layer_case(0, lambda: nn.MaxPool2d(3, stride=2, padding=1, dilation=2, ceil_mode=True), [randn(1, 2, 7, 7)])
    c["AvgPool1d"] = layer_case(0, lambda: nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False), [randn(2, 3, 9)])
    c["AvgPool2d"] = layer_case(0, lambda: nn.AvgPool2d(2), [randn(2, 3, 6, 6)])
    c["AvgPool2d_ceil_divisor"] = layer_case(0, lambda: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, divisor_override=4), [randn(1, 2, 7, 7)])
    c["AdaptiveAvgPool1d"] = layer_case(0, lambda: nn.AdaptiveAvgPool1d(4), [randn(2, 3, 10)])
    c["AdaptiveAvgPool2d"] = layer_case(0, lambda: nn.AdaptiveAvgPool2d((3, 2)), [randn(2, 3, 7, 5)])
    for name, build in [
        ("ReLU", nn.ReLU), ("GELU", nn.GELU), ("GELU_tanh", lambda: nn.GELU(approximate="tanh")), ("SiLU", nn.SiLU),
        ("Tanh", nn.Tanh), ("Sigmoid", nn.Sigmoid), ("Softmax", lambda: nn.Softmax(1)), ("LogSoftmax", lambda: nn.LogSoftmax(-1)),
        ("LeakyReLU", lambda: nn.LeakyReLU(0.2)),
    ]:
        c[name] = layer_case(0, build, [randn(3, 5)])
    c["Dropout"] = layer_case(17, lambda: nn.Dropout(0.3), [randn(4, 6)])
    c["Dropout_eval"] = layer_case(17, lambda: nn.Dropout(0.3), [randn(4, 6)], train=False)

    # MultiheadAttention: self-attention with a key padding mask and a causal bool mask, weights averaged
    kpm = torch.zeros(2, 4, dtype=torch.bool)
    kpm[1, 3] = True
    causal = torch.ones(4, 4, dtype=torch.bool).triu(1)
    x = randn(4, 2, 8)
    c["MultiheadAttention_self_masks"] = layer_case(
        18, lambda: nn.MultiheadAttention(8, 2), [x, kpm, causal],
        call=lambda m, q, kp, am: m(q, q, q, key_padding_mask=kp, attn_mask=am))
    # batch first, kdim/vdim, float mask, per-head weights
    fmask = randn(3, 5)
    c["MultiheadAttention_kdim_vdim"] = layer_case(
        19, lambda: nn.MultiheadAttention(8, 2, batch_first=True, kdim=6, vdim=5), [randn(2, 3, 8), randn(2, 5, 6), randn(2, 5, 5), fmask],
        call=lambda m, q, k, v, am: m(q, k, v, attn_mask=am, average_attn_weights=False))
    c["MultiheadAttention_noWeights_noBias"] = layer_case(
        20, lambda: nn.MultiheadAttention(8, 4, bias=False, batch_first=True), [randn(2, 3, 8), randn(2, 4, 8)],
        call=lambda m, q, kv: m(q, kv, kv, need_weights=False))
    c["MultiheadAttention_dropout"] = layer_case(
        21, lambda: nn.MultiheadAttention(8, 2, dropout=0.5, batch_first=True), [randn(2, 3, 8)],
        call=lambda m, q: m(q, q, q))

    kpm5 = torch.zeros(2, 5, dtype=torch.bool)
    kpm5[0, 4] = True
    kpm5[1, 2:] = True
    c["TransformerEncoderLayer"] = layer_case(
        22, lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True), [randn(2, 5, 8), kpm5],
        call=lambda m, x, kp: m(x, src_key_padding_mask=kp))
    c["TransformerEncoderLayer_normFirst_gelu_dropout"] = layer_case(
        23, lambda: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.2, activation="gelu", norm_first=True), [randn(5, 2, 8), torch.ones(5, 5, dtype=torch.bool).triu(1)],
        call=lambda m, x, am: m(x, src_mask=am))
    c["TransformerEncoder"] = layer_case(
        24, lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.1, batch_first=True), 2, norm=nn.LayerNorm(8)),
        [randn(2, 5, 8), kpm5], call=lambda m, x, kp: m(x, src_key_padding_mask=kp))
    return c


def sdpa_math(q, k, v, mask=None, causal=False):
    """Scaled dot-product attention written out (torch 1.13 has no public F.scaled_dot_product_attention)."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if causal:
        mask = torch.ones(q.size(-2), k.size(-2), dtype=torch.bool).tril()
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    return torch.softmax(scores, -1) @ v


def functional_case(fn, inputs):
    xs = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    out = fn(*xs)
    w = randn(*out.shape)
    (out * w).sum().backward()
    return {"inputs": [T(x) for x in xs], "output": T(out), "outputWeight": T(w), "inputGrads": [T(x.grad) if x.grad is not None else None for x in xs]}


def functional():
    c = {}
    q, k, v = randn(2, 2, 3, 4), randn(2, 2, 5, 4), randn(2, 2, 5, 6)
    bool_mask = torch.rand(3, 5, generator=data_gen) > 0.3
    bool_mask[:, 0] = True
    c["sdpa"] = functional_case(sdpa_math, [q, k, v])
    c["sdpa_boolMask"] = functional_case(lambda q, k, v, m: sdpa_math(q, k, v, m), [q, k, v, bool_mask])
    c["sdpa_floatMask"] = functional_case(lambda q, k, v, m: sdpa_math(q, k, v, m), [q, k, v, randn(2, 1, 3, 5)])
    c["sdpa_causal"] = functional_case(lambda q, k, v: sdpa_math(q, k, v, causal=True), [q, k, v])
    x = randn(1, 2, 4, 5)
    c["pad_constant"] = functional_case(lambda x: F.pad(x, [1, 2, 2, 1], value=0.5), [x])
    for mode in ["reflect", "replicate", "circular"]:
        c[f"pad_{mode}"] = functional_case(lambda x: F.pad(x, [1, 2, 2, 1], mode=mode), [x])
    c["flip"] = functional_case(lambda x: torch.flip(x, [1, 3]), [x])
    c["leakyRelu"] = functional_case(lambda x: F.leaky_relu(x, 0.3), [x])
    return c


def batchnorm_steps():
    """Running statistics over several training steps, then an eval forward."""
    out = {}
    for name, build, shape in [
        ("BatchNorm1d_momentum", lambda: nn.BatchNorm1d(3, momentum=0.2), (6, 3)),
        ("BatchNorm1d_cumulative", lambda: nn.BatchNorm1d(3, momentum=None), (4, 3, 2)),
        ("BatchNorm2d", lambda: nn.BatchNorm2d(2), (3, 2, 3, 3)),
    ]:
        torch.manual_seed(0)
        m = build()
        steps = [randn(*shape) * 2 + 1 for _ in range(4)]
        for x in steps:
            m(x)
        m.eval()
        probe = randn(*shape)
        out[name] = {"steps": [T(x) for x in steps], "state": {n: T(t) for n, t in m.state_dict().items()}, "probe": T(probe), "evalOutput": T(m(probe))}
    return out


def loss_case(make, inputs):
    xs = [x.clone().requires_grad_(i == 0) for i, x in enumerate(inputs)]
    loss = make()(*xs)
    w = randn(*loss.shape)
    (loss * w).sum().backward()
    return {"inputs": [T(x) for x in xs], "loss": T(loss), "lossWeight": T(w), "inputGrad": T(xs[0].grad)}


def losses():
    c = {}
    logits, target = randn(5, 4), ids(4, 5)
    target_ignored = target.clone()
    target_ignored[1] = -100
    target_ignored3 = target.clone()
    target_ignored3[2] = 3
    cls_w = torch.rand(4, generator=data_gen) + 0.5
    c["CrossEntropyLoss"] = loss_case(nn.CrossEntropyLoss, [logits, target])
    c["CrossEntropyLoss_weight_ignore_sum"] = loss_case(lambda: nn.CrossEntropyLoss(weight=cls_w, reduction="sum"), [logits, target_ignored])
    c["CrossEntropyLoss_ignoreIndex3_none"] = loss_case(lambda: nn.CrossEntropyLoss(ignore_index=3, reduction="none"), [logits, target_ignored3])
    c["CrossEntropyLoss_labelSmoothing_weight"] = loss_case(lambda: nn.CrossEntropyLoss(weight=cls_w, label_smoothing=0.1), [logits, target_ignored])
    c["CrossEntropyLoss_kdim"] = loss_case(nn.CrossEntropyLoss, [randn(2, 4, 3), ids(4, 2, 3)])
    c["CrossEntropyLoss_probTargets"] = loss_case(lambda: nn.CrossEntropyLoss(label_smoothing=0.2), [logits, torch.softmax(randn(5, 4), 1)])
    logp = torch.log_softmax(randn(5, 4), 1)
    c["NLLLoss"] = loss_case(nn.NLLLoss, [logp, target])
    c["NLLLoss_weight_ignore"] = loss_case(lambda: nn.NLLLoss(weight=cls_w, ignore_index=3), [logp, target_ignored3])
    c["NLLLoss_none"] = loss_case(lambda: nn.NLLLoss(reduction="none"), [logp, target])
    a, b = randn(3, 4), randn(3, 4)
    for red in ["mean", "sum", "none"]:
        c[f"MSELoss_{red}"] = loss_case(lambda: nn.MSELoss(reduction=red), [a, b])
        c[f"L1Loss_{red}"] = loss_case(lambda: nn.L1Loss(reduction=red), [a, b])
    c["SmoothL1Loss"] = loss_case(nn.SmoothL1Loss, [a * 2, b])
    c["SmoothL1Loss_beta_sum"] = loss_case(lambda: nn.SmoothL1Loss(beta=0.5, reduction="sum"), [a * 2, b])
    z, y = randn(4, 3), (torch.rand(4, 3, generator=data_gen) > 0.5).float()
    pos_w, el_w = torch.rand(3, generator=data_gen) + 0.5, torch.rand(4, 3, generator=data_gen)
    c["BCEWithLogitsLoss"] = loss_case(nn.BCEWithLogitsLoss, [z, y])
    c["BCEWithLogitsLoss_posWeight_weight_sum"] = loss_case(lambda: nn.BCEWithLogitsLoss(weight=el_w, pos_weight=pos_w, reduction="sum"), [z, y])
    c["BCELoss"] = loss_case(nn.BCELoss, [torch.sigmoid(z), y])
    c["BCELoss_weight_none"] = loss_case(lambda: nn.BCELoss(weight=el_w, reduction="none"), [torch.sigmoid(z), torch.rand(4, 3, generator=data_gen)])
    return {"cases": c, "classWeight": T(cls_w), "posWeight": T(pos_w), "elementWeight": T(el_w)}


def init():
    c = {}
    fns = {
        "uniform_": lambda t: nn.init.uniform_(t, -0.5, 2.0),
        "normal_": lambda t: nn.init.normal_(t, 1.0, 0.3),
        "xavierUniform_": lambda t: nn.init.xavier_uniform_(t, gain=nn.init.calculate_gain("tanh")),
        "xavierNormal_": lambda t: nn.init.xavier_normal_(t),
        "kaimingUniform_": lambda t: nn.init.kaiming_uniform_(t, a=math.sqrt(5)),
        "kaimingUniform_fanOut_relu": lambda t: nn.init.kaiming_uniform_(t, mode="fan_out", nonlinearity="relu"),
        "kaimingNormal_": lambda t: nn.init.kaiming_normal_(t),
        "kaimingNormal_leaky": lambda t: nn.init.kaiming_normal_(t, a=0.1, mode="fan_out"),
        "truncNormal_": lambda t: nn.init.trunc_normal_(t, 0.5, 1.0, -1.0, 1.5),
        "orthogonal_": lambda t: nn.init.orthogonal_(t, gain=2.0),
    }
    for i, (name, fn) in enumerate(fns.items()):
        for shape in [(5, 4), (3, 2, 2, 3)]:
            torch.manual_seed(100 + i)
            t = torch.empty(*shape)
            fn(t)
            c[f"{name}_{'x'.join(map(str, shape))}"] = T(t)
    gains = {k: nn.init.calculate_gain(k) for k in ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]}
    gains["leaky_relu_0.2"] = nn.init.calculate_gain("leaky_relu", 0.2)
    return {"tensors": c, "gains": gains}


class ContiguousGradGelu(torch.autograd.Function):
    """GELU whose backward gets a contiguous gradient: torch 1.13's float32 GELU backward is wrong otherwise
    (../shared/notes/libtorch-1.13-gelu.md), and Net feeds GELU's output to a transpose."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return F.gelu(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return torch.ops.aten.gelu_backward(grad.contiguous(), x)


class Net(nn.Module):
    """The user-written model of the training parity test (test/nn-train.test.ts builds the same)."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20, 8, padding_idx=0)
        self.enc = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.1, batch_first=True)
        self.conv = nn.Conv1d(8, 8, 3, padding=1)
        self.norm = nn.LayerNorm(8)
        self.drop = nn.Dropout(0.2)
        self.head = nn.Linear(8, 3)

    def forward(self, ids, pad):
        h = self.enc(self.emb(ids), src_key_padding_mask=pad)
        h = ContiguousGradGelu.apply(self.conv(h.transpose(1, 2))).transpose(1, 2)
        return self.head(self.drop(self.norm(h).mean(1)))


def train():
    torch.manual_seed(42)
    net = Net()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=0.01)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    batches, losses = [], []
    for _ in range(6):
        x = ids(19, 4, 6) + 1
        pad = torch.zeros(4, 6, dtype=torch.bool)
        pad[1, 4:] = True
        pad[3, 2:] = True
        x[pad] = 0
        y = ids(3, 4)
        batches.append({"ids": T(x), "pad": T(pad), "labels": T(y)})
        loss = loss_fn(net(x, pad), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    keys = list(net.state_dict().keys())
    return {"batches": batches, "losses": losses, "stateDictKeys": keys,
            "final": {k: T(v) for k, v in net.state_dict().items() if k in ("head.weight", "enc.self_attn.in_proj_weight")}}


def write(name, obj):
    path = os.path.join(OUT, name)
    write_json(path, obj, separators=(",", ":"))
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    major_minor = ".".join(torch.__version__.split(".")[:2])
    assert major_minor == "1.13" or int(major_minor.split(".")[0]) >= 2, torch.__version__
    # per version only the files with such a case (the others are the same on 2.6)
    suffix = "" if major_minor == "1.13" else f"-torch{major_minor}"
    os.makedirs(OUT, exist_ok=True)
    # every generator runs in the order of the 1.13 files: each draws its inputs from data_gen after the previous one
    files = {
        "layers": {"torch": torch.__version__, "cases": layers(), "batchNormSteps": batchnorm_steps()},
        "functional": {"torch": torch.__version__, "cases": functional()},
        "losses": {"torch": torch.__version__, **losses()},
        "init": {"torch": torch.__version__, **init()},
        "train": {"torch": torch.__version__, **train()},
    }
    for name, content in files.items():
        if suffix == "" or name in ("layers", "train"):
            write(f"{name}{suffix}.json", content)
