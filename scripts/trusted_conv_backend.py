"""What tstorch does at its first CPU convolution (cpp/conv_backend_check.cc), for the reference generators.

Debian trixie's libtorch 2.6 links a oneDNN whose float32 convolution backward for the input is wrong on
stride-1, ungrouped convolutions (Python torch included). tstorch checks a few small cases against float64 and
turns oneDNN off when one fails; a generator calls use_trusted_conv_backend() so that its references come from
the same, right, kernels.
"""
import torch
import torch.nn.functional as F


def _input_gradient(batch, cin, cout, length, dtype):
    x = torch.arange(batch * cin * length, dtype=dtype).sin().reshape(batch, cin, length).requires_grad_()
    w = torch.arange(cout * cin * 3, dtype=dtype).cos().reshape(cout, cin, 3)
    gy = (torch.arange(batch * cout * length, dtype=dtype) * 0.7).sin().reshape(batch, cout, length)
    (gx,) = torch.autograd.grad(F.conv1d(x, w, padding=1), x, gy)
    return gx


def use_trusted_conv_backend():
    """Turns oneDNN off when its convolution backward is wrong here; returns whether it stays on."""
    if not torch.backends.mkldnn.enabled:
        return False
    for case in [(2, 1, 1, 5), (2, 3, 5, 5), (2, 8, 8, 5)]:
        err = (_input_gradient(*case, torch.float32).double() - _input_gradient(*case, torch.float64)).abs().max()
        if not err < 1e-4:
            torch.backends.mkldnn.enabled = False
            return False
    return True
