#!/usr/bin/env python3
"""Training throughput of burn+flex (nets) against PyTorch on the CPU, same models.

Runs `cargo run --release -p nets --example throughput` and then the identical models in
PyTorch (dense autoencoder 1024 -> 256 -> 1024 with tanh, MSE on the input; CNN
thermometer: periodic 3x3 conv 1->16, ReLU, 1x1 conv 16->16, ReLU, global mean,
dense 16->64 tanh, 64->1, MSE), batch 256, Adam, random +-1 inputs, with the same thread
count (nets builds flex single-threaded, so --threads 1 is the like-for-like figure).

Needs PyTorch (`pip install torch numpy`; ~5 GB with its CUDA wheels) -- not part of CI.

    python3 bench/torch_compare.py [--steps 30] [--threads 1]
"""
import argparse
import json
import subprocess
import time

import torch
import torch.nn as nn


class DenseAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(1024, 256)
        self.decoder = nn.Linear(256, 1024)

    def forward(self, x):
        return torch.tanh(self.decoder(torch.tanh(self.encoder(x))))


class ThermoCNN(nn.Module):
    def __init__(self, c=16, h=64):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c, 3, padding=1, padding_mode="circular")
        self.conv2 = nn.Conv2d(c, c, 1)
        self.hidden = nn.Linear(c, h)
        self.output = nn.Linear(h, 1)

    def forward(self, x):
        x = x.view(x.shape[0], 1, 32, 32)
        x = torch.relu(self.conv2(torch.relu(self.conv1(x))))
        x = x.mean(dim=(2, 3))
        return self.output(torch.tanh(self.hidden(x)))


def bench(name, model, target_is_input, steps, out):
    gen = torch.Generator().manual_seed(1)
    data = []
    for _ in range(4):
        x = torch.randint(0, 2, (256, 1024), generator=gen).float() * 2 - 1
        y = x if target_is_input else torch.rand(256, out, generator=gen)
        data.append((x, y))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)
    loss_fn = nn.MSELoss()

    def step(i):
        x, y = data[i % 4]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for i in range(3):
        step(i)
    t = time.perf_counter()
    for i in range(steps):
        step(i)
    secs = time.perf_counter() - t
    return {"framework": "pytorch", "model": name, "batch": 256, "steps": steps,
            "samples_per_s": round(steps * 256 / secs, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--no-rust", action="store_true")
    args = ap.parse_args()
    rows = []
    if not args.no_rust:
        out = subprocess.run(
            ["cargo", "run", "--release", "-q", "-p", "nets", "--example", "throughput", "--",
             "--steps", str(args.steps), "--profile"],
            check=True, capture_output=True, text=True).stdout
        rows += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    rows.append(bench("dense-ae-1024-256", DenseAE(), True, args.steps, 1024))
    rows.append(bench("thermo-cnn-L32-c16", ThermoCNN(), False, args.steps, 1))
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    for r in rows:
        print(json.dumps(r))
    burn = {r["model"]: r["samples_per_s"] for r in rows if r["framework"] == "burn-flex"}
    for r in rows:
        if r["framework"] == "pytorch" and r["model"] in burn:
            print(f"{r['model']}: burn {burn[r['model']]:.0f}/s, pytorch {r['samples_per_s']:.0f}/s, "
                  f"ratio {burn[r['model']] / r['samples_per_s']:.2f}")


if __name__ == "__main__":
    main()
