#!/usr/bin/python3
"""oneDNN's convolutions on this libtorch, in Python torch: are their input gradients right, and are they faster
than ATen's own kernels? (cpp/conv_backend_check.cc turns oneDNN off where the first answer is no.)

Run: OMP_NUM_THREADS=1 /usr/bin/python3 bench/onednn-conv.py                      # 1.13 (host)
     bash scripts/trixie-chroot.sh python3 bench/onednn-conv.py                        # 2.6 (chroot)
"""
import itertools
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def input_grad_error(dims, pad, stride, groups, mkldnn):
    torch.manual_seed(0)
    x = torch.randn(2, 8, *(12,) * dims, requires_grad=True)
    w = torch.randn(8, 8 // groups, *(3,) * dims)
    conv = F.conv1d if dims == 1 else F.conv2d
    g = torch.randn_like(conv(x, w, padding=pad, stride=stride, groups=groups))
    x64 = x.detach().double().requires_grad_()
    (want,) = torch.autograd.grad(conv(x64, w.double(), padding=pad, stride=stride, groups=groups), x64, g.double())
    with torch.backends.mkldnn.flags(enabled=mkldnn):
        (got,) = torch.autograd.grad(conv(x, w, padding=pad, stride=stride, groups=groups), x, g)
    return (got.double() - want).abs().max().item()


print(f"torch {torch.__version__}: float32 input gradient, max abs error against float64 (batch 2, 8 channels)")
for dims, pad, stride, groups in itertools.product((1, 2), (0, 1), (1, 2), (1, 2)):
    on, off = input_grad_error(dims, pad, stride, groups, True), input_grad_error(dims, pad, stride, groups, False)
    print(f"  conv{dims}d padding {pad} stride {stride} groups {groups}: oneDNN {on:.2e}, ATen {off:.2e}")

CASES = {
    "wav2vec2-base conv 0 (1->512, k10, s5), 2 x 16000 samples": ((2, 1, 16000), (512, 1, 10), {"stride": 5}),
    "wav2vec2-base conv 1 (512->512, k3, s2), 2 x 3199": ((2, 512, 3199), (512, 512, 3), {"stride": 2}),
    "vit-base patches (3->768, k16, s16), 2 x 224x224": ((2, 3, 224, 224), (768, 3, 16, 16), {"stride": 16}),
    "3x3 (64->64, s1, p1), 2 x 56x56": ((2, 64, 56, 56), (64, 64, 3, 3), {"padding": 1}),
}
print("forward + backward, ms (best of 2 interleaved rounds of 5 after 2 warm-up)")
for name, (xs, ws, kw) in CASES.items():
    conv = F.conv1d if len(xs) == 3 else F.conv2d
    x, w = torch.randn(*xs, requires_grad=True), torch.randn(*ws, requires_grad=True)
    best = {}
    for mkldnn in (True, False, True, False):
        with torch.backends.mkldnn.flags(enabled=mkldnn):
            for _ in range(2):
                conv(x, w, **kw).sum().backward()
            t = time.perf_counter()
            for _ in range(5):
                conv(x, w, **kw).sum().backward()
            ms = (time.perf_counter() - t) / 5 * 1e3
        best[mkldnn] = min(ms, best.get(mkldnn, ms))
    print(f"  {name}: oneDNN {best[True]:.1f}, ATen {best[False]:.1f}")
