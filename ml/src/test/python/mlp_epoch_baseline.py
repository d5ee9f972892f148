"""PyTorch baseline for dev.hone.ml.bench.MlpEpochBenchmark.

Trains the same MLP as Hone's MlpTrainer on data the benchmark wrote, and does the same work per
epoch: shuffled mini-batches, softmax cross-entropy, Adam with L2 weight decay on the weights (not
the biases: PyTorch's parameter groups), the batch losses kept as tensors and read once per epoch,
one validation forward pass, and a copy of the parameters whenever the validation loss improves. Prints one JSON object on stdout: per measured epoch its wall time, the
CPU time of this thread, and the wall time of each phase (the timers cost well under 1% of an epoch).

Run by the benchmark with Debian's interpreter (/usr/bin/python3, python3-torch); not on its own.
"""

import argparse
import copy
import json
import os
import statistics
import time

import numpy as np
import torch
from torch import nn

# Phases of one epoch, named as in MlpEpochBenchmark's breakdown.
PHASES = ("batch", "forward", "loss", "backward", "read_loss", "step", "validation", "snapshot")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True,
                   help="directory with x_train.f32, y_train.i32, x_val.f32, y_val.i32")
    p.add_argument("--features", type=int, required=True)
    p.add_argument("--classes", type=int, required=True)
    p.add_argument("--hidden", default="64,64", help="hidden layer widths, comma-separated")
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, required=True)
    p.add_argument("--warmup-epochs", type=int, default=1)
    p.add_argument("--epochs", type=int, default=5, help="measured epochs after the warm-up")
    p.add_argument("--threads", type=int, required=True, help="torch intra-op threads")
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args()


def load(data_dir, name, dtype, columns=None):
    # Raw little-endian arrays, as MlpEpochBenchmark writes them.
    a = np.fromfile(os.path.join(data_dir, name), dtype=dtype)
    return torch.from_numpy(a.reshape(-1, columns) if columns else a)


def build_model(features, hidden, dropout, classes):
    # Same layout as dev.hone.ml.model.MlpBlocks: Linear, activation, Dropout per hidden layer.
    layers, width = [], features
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(dropout)]
        width = h
    layers.append(nn.Linear(width, classes))
    return nn.Sequential(*layers)


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)  # eager training uses none; 1 on the Java side too
    torch.manual_seed(args.seed)

    x_train = load(args.data, "x_train.f32", "<f4", args.features)
    y_train = load(args.data, "y_train.i32", "<i4").long()
    x_val = load(args.data, "x_val.f32", "<f4", args.features)
    y_val = load(args.data, "y_val.i32", "<i4").long()
    n, bs = len(x_train), args.batch_size

    model = build_model(args.features, [int(h) for h in args.hidden.split(",")], args.dropout, args.classes)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    # The L2 decay on the weights only, inside Adam's update, as in MlpTrainer (WeightDecayOnWeights).
    optimizer = torch.optim.Adam([
        {"params": [m.weight for m in linears], "weight_decay": args.weight_decay},
        {"params": [m.bias for m in linears], "weight_decay": 0.0},
    ], lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(args.seed)

    now = time.perf_counter_ns
    epoch_ms, epoch_cpu_ms, phase_ms = [], [], {p: [] for p in PHASES}
    best_loss, best_state = float("inf"), None
    for epoch in range(args.warmup_epochs + args.epochs):
        spent = dict.fromkeys(PHASES, 0)
        start, start_cpu = now(), time.thread_time_ns()
        model.train()
        perm = torch.randperm(n, generator=order)
        spent["batch"] += now() - start
        losses = []
        for b in range(0, n, bs):
            t0 = now()
            rows = perm[b:b + bs]
            xb, yb = x_train[rows], y_train[rows]
            t1 = now()
            out = model(xb)
            t2 = now()
            data_loss = loss_fn(out, yb)
            t3 = now()
            data_loss.backward()
            t4 = now()
            losses.append(data_loss.detach() * len(rows))
            t5 = now()
            optimizer.step()
            optimizer.zero_grad()  # DJL zeroes the gradients inside its Adam update too
            t6 = now()
            spent["batch"] += t1 - t0
            spent["forward"] += t2 - t1
            spent["loss"] += t3 - t2
            spent["backward"] += t4 - t3
            spent["read_loss"] += t5 - t4
            spent["step"] += t6 - t5

        t0 = now()
        loss_sum = torch.stack(losses).sum().item()
        spent["read_loss"] += now() - t0

        t0 = now()
        model.eval()
        with torch.no_grad():
            out = model(x_val)
            val_loss = loss_fn(out, y_val).item()
            accuracy = (out.argmax(1) == y_val).double().mean().item()
        t1 = now()
        if val_loss < best_loss:
            best_loss, best_state = val_loss, copy.deepcopy(model.state_dict())
        t2 = now()
        spent["validation"] += t1 - t0
        spent["snapshot"] += t2 - t1
        elapsed, elapsed_cpu = now() - start, time.thread_time_ns() - start_cpu

        if epoch >= args.warmup_epochs:
            epoch_ms.append(elapsed / 1e6)
            epoch_cpu_ms.append(elapsed_cpu / 1e6)
            for p in PHASES:
                phase_ms[p].append(spent[p] / 1e6)

    print(json.dumps({
        "torch_version": torch.__version__,
        "intra_op_threads": torch.get_num_threads(),
        "inter_op_threads": torch.get_num_interop_threads(),
        "batch_size": bs,
        "epoch_ms": epoch_ms,
        "epoch_cpu_ms": epoch_cpu_ms,
        "median_epoch_ms": statistics.median(epoch_ms),
        "phase_ms": phase_ms,
        "last_train_loss": loss_sum / n,
        "last_validation_loss": val_loss,
        "last_validation_accuracy": accuracy,
        "kept_parameters": best_state is not None,
    }))


if __name__ == "__main__":
    main()
