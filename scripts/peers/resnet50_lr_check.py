"""ResNet-50 at lr 0.1 in PyTorch, the recipe `reparam train` uses, on an image folder.

The check behind docs/training.md's note that a ResNet-50 at the default `--lr 0.1` without warm-up
blows up in PyTorch too. Run beside
  reparam train --backbone resnet50 --dataset imagenet:<dir> --image-size 64 --limit 1024 --batch 32 --epochs 3
with
  /usr/bin/python3 scripts/peers/resnet50_lr_check.py <dir>
(<dir> holds train/<class>/*, e.g. runs/bench-data/imagenet-like-5000-100 from `reparam bench data`).
Same training as reparam's: torchvision's resnet50, SGD momentum 0.9, weight decay 5e-4 on conv and
dense weights only, a cosine schedule per step from --lr, RandomResizedCrop + flip, 90/10 split of
the first --limit images, and the ImageNet evaluation transform. Prints each step's loss and largest
logit, and each epoch's mean training loss and validation loss and accuracy.
"""
import argparse
import math
import time

import torch
import torchvision as tv
from torchvision import transforms as T

p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
p.add_argument('root')
p.add_argument('--size', type=int, default=64)
p.add_argument('--limit', type=int, default=1024)
p.add_argument('--batch', type=int, default=32)
p.add_argument('--epochs', type=int, default=3)
p.add_argument('--lr', type=float, default=0.1)
p.add_argument('--threads', type=int, default=2)
a = p.parse_args()
torch.manual_seed(0)
torch.set_num_threads(a.threads)

norm = T.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
train = tv.datasets.ImageFolder(f'{a.root}/train', T.Compose([T.RandomResizedCrop(a.size), T.RandomHorizontalFlip(), T.ToTensor(), norm]))
evaluation = tv.datasets.ImageFolder(f'{a.root}/train', T.Compose([T.Resize(int(a.size * 256 / 224)), T.CenterCrop(a.size), T.ToTensor(), norm]))
perm = torch.randperm(len(train), generator=torch.Generator().manual_seed(0)).tolist()
used = perm[: a.limit]
train_ids, val_ids = used[: int(a.limit * 0.9)], used[int(a.limit * 0.9):]

model = tv.models.resnet50(num_classes=len(train.classes))
decay = [w for w in model.parameters() if w.ndim > 1]
no_decay = [w for w in model.parameters() if w.ndim <= 1]
opt = torch.optim.SGD([{'params': decay, 'weight_decay': 5e-4}, {'params': no_decay, 'weight_decay': 0}], lr=a.lr, momentum=0.9)
batches = torch.utils.data.DataLoader(torch.utils.data.Subset(train, train_ids), batch_size=a.batch, shuffle=True, num_workers=1)
steps = a.epochs * len(batches)


def validate():
    model.eval()
    correct = seen = 0
    loss = 0.0
    with torch.no_grad():
        for x, y in torch.utils.data.DataLoader(torch.utils.data.Subset(evaluation, val_ids), batch_size=64):
            out = model(x)
            loss += torch.nn.functional.cross_entropy(out, y, reduction='sum').item()
            correct += (out.argmax(1) == y).sum().item()
            seen += len(y)
    return correct / seen, loss / seen


step = 0
for epoch in range(1, a.epochs + 1):
    model.train()
    total = seen = 0
    started = time.time()
    for x, y in batches:
        for group in opt.param_groups:
            group['lr'] = a.lr * 0.5 * (1 + math.cos(math.pi * step / steps))
        out = model(x)
        loss = torch.nn.functional.cross_entropy(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        total += loss.item() * len(y)
        seen += len(y)
        print(f'step {step} loss {loss.item():.3f} largest |logit| {out.abs().max().item():.1f}', flush=True)
    accuracy, val_loss = validate()
    print(f'epoch {epoch}: training loss {total / seen:.3f}, validation loss {val_loss:.2f}, accuracy {accuracy:.3f} ({time.time() - started:.0f} s)', flush=True)
