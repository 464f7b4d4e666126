#!/usr/bin/env python3
"""The loops of `tvrlab bench ops` in PyTorch, for a side-by-side comparison on the same libtorch.

`tvrlab bench ops --python /usr/bin/python3` runs this and prints C# beside Python. Each measurement warms up, then
times several repetitions and reports the median. Keep the loops identical to src/TvrLab.Cli/Commands/Bench/OpsBench.cs.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


CLOCK = time.thread_time  # --clock cpu: this thread's CPU time; --clock wall: time.perf_counter


def median_per_call(fn, calls, reps, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        start = CLOCK()
        for _ in range(calls):
            fn()
        times.append((CLOCK() - start) / calls)
    return statistics.median(times)


class Block(nn.Module):
    """A pre-LN transformer block as CLIP's ResidualAttentionBlock (GELU instead of QuickGELU)."""

    def __init__(self, width, heads):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_1 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))
        self.ln_2 = nn.LayerNorm(width)

    def forward(self, x):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.ln_2(x))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the number of calls per repetition")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="cpu: the calling thread's CPU time (robust on a shared machine); wall: elapsed time")
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.thread_time if args.clock == "cpu" else time.perf_counter
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    n = lambda k: max(1, int(k * args.scale))
    results = {"torch": torch.__version__, "threads": torch.get_num_threads()}

    a, b = torch.ones(1), torch.ones(1)
    results["add_us"] = median_per_call(lambda: a + b, n(20000), args.reps, 2000) * 1e6
    results["add_inplace_us"] = median_per_call(lambda: a.add_(b), n(20000), args.reps, 2000) * 1e6
    m1, m2 = torch.randn(64, 64), torch.randn(64, 64)
    results["matmul64_us"] = median_per_call(lambda: m1.matmul(m2), n(5000), args.reps, 500) * 1e6

    mlp = nn.Sequential(nn.Linear(128, 256), nn.GELU(), nn.Linear(256, 256), nn.GELU(),
                        nn.Linear(256, 256), nn.GELU(), nn.Linear(256, 10))
    opt = torch.optim.AdamW(mlp.parameters(), lr=1e-3)
    x, y = torch.randn(64, 128), torch.randint(0, 10, (64,))

    def mlp_step():
        opt.zero_grad()
        nn.functional.cross_entropy(mlp(x), y).backward()
        opt.step()

    results["mlp_step_ms"] = median_per_call(mlp_step, n(20), args.reps, 5) * 1e3

    blocks = nn.Sequential(Block(128, 4), Block(128, 4))
    opt2 = torch.optim.AdamW(blocks.parameters(), lr=1e-3)
    tokens = torch.randn(16, 8, 128)

    def transformer_step():
        opt2.zero_grad()
        blocks(tokens).pow(2).mean().backward()
        opt2.step()

    results["transformer_step_ms"] = median_per_call(transformer_step, n(10), args.reps, 3) * 1e3
    print(json.dumps(results))


if __name__ == "__main__":
    main()
