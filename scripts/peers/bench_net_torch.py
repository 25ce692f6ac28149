"""The PyTorch peer of `reparam bench train`: bench-net trained and run in PyTorch on the same CPU.

bench-net as packages/backbones/src defines it (the ResNet-20 layout: a 3×3 stem slot → 16, then
3 stages of 3 basic blocks at widths 16/32/64, the first block of stages 2 and 3 at stride 2 with a
1×1 conv + BN shortcut; global average pool; a dense layer to 10 classes), on 28×28×1 inputs.
Every 3×3 convolution is a slot: `plain` gives each slot its k×k conv → BN alone; `full` gives each
slot every op of packages/ops/src that applies to it, each its own branch ending in a BN, and the
branches are added (`--aggregation sum`, what pnpm bench:backend compares with this peer):

  conv_kxk      k×k conv, pad k//2, stride s → BN (the main branch, always present)
  conv_1x1      1×1 conv, stride s → BN
  identity      BN(x)                              (cin = cout and stride 1 only)
  conv_1xk      1×k conv, pad (0, k//2), stride s → BN
  conv_kx1      k×1 conv, pad (k//2, 0), stride s → BN
  conv_1x1_kxk  1×1 conv cin→cin (identity start) → padBN(k//2) → k×k conv stride s → BN
  conv_1x1_avg  1×1 conv cin→cout → padBN(k//2) → k×k avg-pool stride s → BN
  avg           k×k avg-pool stride s, zero pad k//2 counted in the mean → BN (cin = cout only)
  conv_1x1_1xk  1×1 conv cin→cin (identity start) → padBN(left/right k//2) → 1×k conv stride s → BN
  conv_1x1_kx1  1×1 conv cin→cin (identity start) → padBN(top/bottom k//2) → k×1 conv stride s → BN
  conv_1xk_kx1  1×k conv cin→cin, pad (0, k//2) → padBN(top/bottom k//2) → k×1 conv stride s → BN

padBN is core's ConvBn `padAfter`: the BN's output padded with the BN's value of a zero input,
β − μγ/σ (batch statistics while training, running ones in eval), not with 0.

Training as `reparam bench train` does it (packages/experiments/src/trainBench.ts and core's
Trainer/Sgd): batch 64 of N(0, 1) images with random labels, softmax cross-entropy, SGD lr 0.1,
momentum 0.9, weight decay 5e-4 on conv and dense weights only; BNs eps 1e-5, momentum 0.1.
Convolutions start He-normal (no bias), the dense layer with PyTorch's default. Timed: the median of
--steps training steps (forward, loss read back, backward, update) after --warmup untimed ones, and
the median of 10 eval-mode forward passes of the batch (the multi-branch network, as reparam runs
it) after --warmup untimed ones.

Usage: /usr/bin/python3 scripts/peers/bench_net_torch.py [--variant plain|full] [--threads N] [--json]
With --json prints one line:
{"peer","version","threads","variant","batch","params","train_step_ms","train_img_per_s","infer_ms"}
(params: trainable values, BN running statistics excluded — reparam's countParameters).
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn

K = 3  # every bench-net slot is 3×3


def he_conv(cin, cout, kh, kw, stride=1, padding=(0, 0), identity=False):
    conv = nn.Conv2d(cin, cout, (kh, kw), stride=stride, padding=padding, bias=False)
    with torch.no_grad():
        if identity:
            conv.weight.zero_()
            conv.weight[:, :, 0, 0].copy_(torch.eye(cin))
        else:
            nn.init.normal_(conv.weight, 0.0, (2.0 / (kh * kw * cin)) ** 0.5)
    return conv


class PadBN(nn.BatchNorm2d):
    """BN, then padding (left, right, top, bottom) with the BN's value of a zero input."""

    def __init__(self, channels, pad):
        super().__init__(channels, eps=1e-5, momentum=0.1)
        self.pad = pad

    def forward(self, x):
        if not self.training:
            # BN of the zero-padded map is the BN's output padded with BN(0).
            return F.batch_norm(F.pad(x, self.pad), self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)
        # Batch mean and biased variance (with gradients, as reparam's BN gives them); E[x²] − μ² is
        # much faster than torch.var_mean over N, H, W on CPU.
        mean = x.mean(dim=(0, 2, 3))
        var = (x * x).mean(dim=(0, 2, 3)) - mean * mean
        with torch.no_grad():
            n = x.numel() // x.shape[1]
            self.running_mean.mul_(1 - self.momentum).add_(mean, alpha=self.momentum)
            self.running_var.mul_(1 - self.momentum).add_(var * (n / (n - 1)), alpha=self.momentum)
        scale = self.weight * torch.rsqrt(var + self.eps)
        shift = self.bias - mean * scale
        # pad(x·scale) + shift: x·scale + shift inside, shift = BN(0) in the padding (and autograd
        # keeps x, which it holds anyway, rather than a padded copy).
        return F.pad(x * scale[None, :, None, None], self.pad) + shift[None, :, None, None]


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)


def conv_bn(cin, cout, kh, kw, stride=1, padding=(0, 0)):
    return nn.Sequential(he_conv(cin, cout, kh, kw, stride, padding), bn(cout))


p = K // 2
BETWEEN = {'all': (p, p, p, p), 'left_right': (p, p, 0, 0), 'top_bottom': (0, 0, p, p)}


def build_branch(op, cin, cout, s):
    if op == 'conv_kxk':
        return conv_bn(cin, cout, K, K, s, (p, p))
    if op == 'conv_1x1':
        return conv_bn(cin, cout, 1, 1, s)
    if op == 'identity':
        return bn(cout)
    if op == 'conv_1xk':
        return conv_bn(cin, cout, 1, K, s, (0, p))
    if op == 'conv_kx1':
        return conv_bn(cin, cout, K, 1, s, (p, 0))
    if op == 'conv_1x1_kxk':
        return nn.Sequential(he_conv(cin, cin, 1, 1, identity=True), PadBN(cin, BETWEEN['all']), conv_bn(cin, cout, K, K, s))
    if op == 'conv_1x1_avg':
        return nn.Sequential(he_conv(cin, cout, 1, 1), PadBN(cout, BETWEEN['all']), nn.AvgPool2d(K, s), bn(cout))
    if op == 'avg':
        return nn.Sequential(nn.AvgPool2d(K, s, padding=p, count_include_pad=True), bn(cout))
    if op == 'conv_1x1_1xk':
        return nn.Sequential(he_conv(cin, cin, 1, 1, identity=True), PadBN(cin, BETWEEN['left_right']), conv_bn(cin, cout, 1, K, s))
    if op == 'conv_1x1_kx1':
        return nn.Sequential(he_conv(cin, cin, 1, 1, identity=True), PadBN(cin, BETWEEN['top_bottom']), conv_bn(cin, cout, K, 1, s))
    if op == 'conv_1xk_kx1':
        return nn.Sequential(he_conv(cin, cin, 1, K, 1, (0, p)), PadBN(cin, BETWEEN['top_bottom']), conv_bn(cin, cout, K, 1, s))
    raise ValueError(op)


# packages/ops/src's catalogue order, the order reparam's `full` preset lists a slot's optional ops in.
OPTIONAL_OPS = ['conv_1x1', 'identity', 'conv_1xk', 'conv_kx1', 'conv_1x1_kxk', 'conv_1x1_avg', 'avg', 'conv_1x1_1xk', 'conv_1x1_kx1', 'conv_1xk_kx1']


def applies(op, cin, cout, s):
    if op == 'identity':
        return cin == cout and s == 1
    if op == 'avg':
        return cin == cout
    return True


class Slot(nn.Module):
    """A k×k slot: its branches (the main k×k first) added."""

    def __init__(self, cin, cout, stride, variant):
        super().__init__()
        ops = ['conv_kxk'] + ([o for o in OPTIONAL_OPS if applies(o, cin, cout, stride)] if variant == 'full' else [])
        self.ops = ops
        self.branches = nn.ModuleList(build_branch(o, cin, cout, stride) for o in ops)

    def forward(self, x):
        y = self.branches[0](x)
        for b in self.branches[1:]:
            y = y + b(x)
        return y


class BasicBlock(nn.Module):
    """slot → ReLU → slot, plus the shortcut (identity, or 1×1 conv + BN on a stride or width change), → ReLU."""

    def __init__(self, cin, cout, stride, variant):
        super().__init__()
        self.conv1 = Slot(cin, cout, stride, variant)
        self.conv2 = Slot(cout, cout, 1, variant)
        self.shortcut = conv_bn(cin, cout, 1, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        h = F.relu(self.conv1(x))
        sc = self.shortcut(x) if self.shortcut is not None else x
        return F.relu(self.conv2(h) + sc)


class BenchNet(nn.Module):
    def __init__(self, variant, in_channels=1, classes=10):
        super().__init__()
        self.stem = Slot(in_channels, 16, 1, variant)
        blocks, c = [], 16
        for width, stride in ((16, 1), (32, 2), (64, 2)):
            for b in range(3):
                blocks.append(BasicBlock(c, width, stride if b == 0 else 1, variant))
                c = width
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(c, classes)

    def forward(self, x):
        h = self.blocks(F.relu(self.stem(x)))
        return self.fc(h.mean(dim=(2, 3)))


def sgd(net, lr=0.1):
    """SGD, momentum 0.9, weight decay 5e-4 on conv and dense weights only (not BN, not biases)."""
    decay = [m.weight for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    decay_ids = {id(w) for w in decay}
    rest = [q for q in net.parameters() if id(q) not in decay_ids]
    return torch.optim.SGD([{'params': decay, 'weight_decay': 5e-4}, {'params': rest, 'weight_decay': 0.0}], lr=lr, momentum=0.9)


def main() -> None:
    ap = argparse.ArgumentParser(description='bench-net training img/s and inference ms in PyTorch (the peer of reparam bench train)')
    ap.add_argument('--variant', choices=['plain', 'full'], default='plain')
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--steps', type=int, default=5, help='timed training steps (default 5)')
    ap.add_argument('--warmup', type=int, default=2, help='untimed training steps, and as many inferences, first (default 2)')
    ap.add_argument('--threads', type=int, default=0, help='0 = PyTorch default')
    ap.add_argument('--json', action='store_true', help='print one JSON line')
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    net = BenchNet(args.variant)
    opt = sgd(net)
    params = sum(q.numel() for q in net.parameters() if q.requires_grad)

    g = torch.Generator().manual_seed(1)
    x = torch.randn(args.batch, 1, 28, 28, generator=g)
    y = torch.randint(0, 10, (args.batch,), generator=g)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.item()  # reparam reads the loss back every step
        loss.backward()
        opt.step()

    net.train()
    for _ in range(args.warmup):
        step()
    step_ms = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        step()
        step_ms.append((time.perf_counter() - t0) * 1000)

    net.eval()
    infer_ms = []
    with torch.no_grad():
        for _ in range(args.warmup):
            net(x)
        for _ in range(10):
            t0 = time.perf_counter()
            net(x)
            infer_ms.append((time.perf_counter() - t0) * 1000)

    train_ms = statistics.median_high(step_ms)
    result = {
        'peer': 'pytorch',
        'version': torch.__version__,
        'threads': torch.get_num_threads(),
        'variant': args.variant,
        'batch': args.batch,
        'params': params,
        'train_step_ms': round(train_ms, 2),
        'train_img_per_s': round(args.batch * 1000 / train_ms, 1),
        'infer_ms': round(statistics.median_high(infer_ms), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f'{k}: {v}')


if __name__ == '__main__':
    main()
