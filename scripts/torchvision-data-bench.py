"""The peer of `reparam bench data`: torchvision ImageFolder + DataLoader with the ImageNet training
transforms (RandomResizedCrop, horizontal flip, ToTensor, Normalize), timed over one epoch.

Usage: /usr/bin/python3 scripts/torchvision-data-bench.py <image-folder> <batch> <workers> <size>
Prints one JSON line: {"images", "seconds", "imgPerSec", "cpuSeconds"} (CPU time of the process and its
workers, start-up included). Run by `reparam bench data`, which samples
this process tree's memory while it runs.
"""
import json
import resource
import sys
import time

import torch
from torchvision import datasets, transforms


def main() -> None:
    root, batch, workers, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.manual_seed(0)
    transform = transforms.Compose([
        transforms.RandomResizedCrop(size, scale=(0.08, 1.0), ratio=(3 / 4, 4 / 3)),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
    ])
    dataset = datasets.ImageFolder(root, transform=transform)
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch, shuffle=True, num_workers=workers, drop_last=True)
    started = time.perf_counter()
    images = 0
    for x, y in loader:
        images += x.shape[0]
    seconds = time.perf_counter() - started
    del loader  # joins the worker processes, so that their CPU time is counted below
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) for f in ("ru_utime", "ru_stime"))
    print(json.dumps({"images": images, "seconds": seconds, "imgPerSec": images / seconds, "cpuSeconds": cpu}))


if __name__ == "__main__":
    main()
