#!/usr/bin/env python3
"""Markdown tables of an `activeseg run` for the README, from DIR/results.json.

Usage: python3 benchmarks/python/results_table.py RUN_DIR

Prints, per strategy: the mIoU (mean ± standard deviation over seeds) after each round with the
mean labelled fraction, and the labelled fraction at which each seed first reached the target
(95 % of the fully supervised mIoU of the same run), "-" where it never did.
"""
import json
import sys


def main(run_dir):
    d = json.load(open(f"{run_dir}/results.json"))
    full, target = d["fully_supervised_miou"], d["target_miou"]
    strategies = d["strategies"]
    rounds = max(len(s["curve"]) for s in strategies)
    print(f"Fully supervised mIoU {full:.3f}; target {d['target_ratio']:.0%} of it = {target:.3f}.\n")
    head = " | ".join(f"round {r}" for r in range(rounds))
    print(f"| strategy | seeds | {head} | labelled fraction to target, per seed |")
    print("|---|---|" + "---|" * rounds + "---|")
    for s in sorted(strategies, key=lambda s: -s["curve"][-1]["miou_mean"]):
        cells = []
        for c in s["curve"]:
            # one seed has no spread: "n/a", not a misleading 0.000
            std = "n/a" if c["miou_std"] is None or len(s["seeds"]) < 2 else f"{c['miou_std']:.3f}"
            cells.append(f"{c['miou_mean']:.3f} ± {std} ({c['labelled_fraction']:.1%})")
        per_seed = s["fraction_to_target_per_seed"]
        reach = ", ".join("-" if per_seed[k] is None else f"{per_seed[k]:.1%}" for k in sorted(per_seed, key=int))
        print(f"| {s['strategy']} | {len(s['seeds'])} | " + " | ".join(cells) + f" | {reach} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
