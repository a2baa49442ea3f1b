#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The reference for train_epoch_ratio_vs_pytorch: one epoch of the same MLP (784-256-128-10,
# batch 128, Adam, lr 1e-3) on Fashion-MNIST with Debian's python3-torch, which runs on the same
# LibTorch as the worker. The data are prepared as the worker prepares them (each pixel
# standardised on the training rows) and only the training loop is timed, as in the worker:
# shuffle, then per batch gather, forward, loss, backward, step and read the loss.
# Usage: pytorch_mlp_epoch.py THREADS IMAGES.gz LABELS.gz SEED  -> prints the epoch's seconds
import gzip
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    threads, images, labels, seed = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    torch.set_num_threads(threads)
    x = read_idx(images).reshape(-1, 28 * 28).astype(np.float64)
    mean, std = x.mean(0), x.std(0)
    std[std == 0] = 1
    features = torch.from_numpy(((x - mean) / std).astype(np.float32))
    targets = torch.from_numpy(read_idx(labels).astype(np.int64))
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    n, batch = features.shape[0], 128
    start = time.perf_counter()
    order = torch.randperm(n)
    for begin in range(0, n, batch):
        rows = order[begin:begin + batch]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(features.index_select(0, rows)), targets.index_select(0, rows))
        loss.backward()
        optimizer.step()
        loss.item()
    print(time.perf_counter() - start)


if __name__ == "__main__":
    main()
