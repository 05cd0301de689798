#!/usr/bin/env python3
"""Markdown tables of an `activeseg run` for the README, from DIR/results.json.

Usage: python3 benchmarks/python/results_table.py RUN_DIR

Prints:
- the fully supervised reference: mIoU, pixel accuracy and per-class IoU on the test split;
- per strategy: the mIoU (mean ± standard deviation over seeds) after each round with the mean
  labelled fraction, the labelled fraction at which each seed first reached the target (95 % of the
  fully supervised mIoU of the same run; linear between rounds, "-" where it never did) with the
  mean ± standard deviation of the seeds that reached it, and the area under the learning curve (mIoU
  averaged over the labelled-fraction range the curve spans, trapezoids between rounds): of the mean
  curve, as results.json gives it, and mean ± standard deviation of the seeds' own curves.
"""
import json
import sqlite3
import statistics
import sys


def spread(xs):
    """mean ± sample standard deviation; "n/a" for the spread of fewer than two values."""
    if not xs:
        return "-"
    m = statistics.fmean(xs)
    return f"{m:.3f} ± {statistics.stdev(xs):.3f}" if len(xs) > 1 else f"{m:.3f} ± n/a"


def area(points):
    """Mean mIoU over the labelled-fraction span of (fraction, miou) points sorted by round."""
    a = sum((f1 - f0) * (m0 + m1) / 2 for (f0, m0), (f1, m1) in zip(points, points[1:]))
    span = points[-1][0] - points[0][0]
    return a / span if span > 0 else float("nan")


def full_supervision(run_dir):
    """(mIoU, pixel accuracy, per-class IoU) of the fully supervised track, from the run's state database."""
    db = sqlite3.connect(f"file:{run_dir}/state.db?mode=ro", uri=True)
    try:
        cols = [c[1] for c in db.execute("pragma table_info(track)")]
        name = "strategy" if "strategy" in cols else cols[1]
        row = db.execute(f"select m.miou, m.pixel_accuracy, m.class_iou from metrics m join track t "
                         f"on m.track_id = t.{cols[0]} where t.{name} = 'full-supervision'").fetchone()
    finally:
        db.close()
    return None if row is None else (row[0], row[1], json.loads(row[2]))


def main(run_dir):
    d = json.load(open(f"{run_dir}/results.json"))
    full, target = d["fully_supervised_miou"], d["target_miou"]
    rounds_by = {}
    for r in d["rounds"]:
        rounds_by.setdefault((r["strategy"], r["seed"]), []).append(r)
    full_row = full_supervision(run_dir)
    if full_row:
        miou, acc, ious = full_row
        print(f"Fully supervised: test mIoU {miou:.3f}, pixel accuracy {acc:.3f}; per-class IoU (classes in the "
              f"test split or predicted there):\n")
        present = [(c, v) for c, v in zip(d["classes"], ious) if v is not None]
        print("| " + " | ".join(c for c, _ in present) + " |")
        print("|" + "---|" * len(present))
        print("| " + " | ".join(f"{v:.2f}" for _, v in present) + " |\n")
    print(f"Fully supervised mIoU {full:.3f}; target {d['target_ratio']:.0%} of it = {target:.3f}.\n")
    strategies = d["strategies"]
    rounds = max(len(s["curve"]) for s in strategies)
    head = " | ".join(f"round {r}" for r in range(rounds))
    print(f"| strategy | seeds | {head} | labelled fraction to target, per seed | mean ± sd (seeds reaching) "
          f"| area under curve: mean curve | per seed, mean ± sd |")
    print("|---|---|" + "---|" * rounds + "---|---|---|---|")
    def auc(s):
        return s["area_under_curve"] if s["area_under_curve"] is not None else float("nan")

    for s in sorted(strategies, key=lambda s: (-auc(s) if auc(s) == auc(s) else 0, -s["curve"][-1]["miou_mean"])):
        cells = []
        for c in s["curve"]:
            # one seed has no spread: "n/a", not a misleading 0.000
            std = "n/a" if c["miou_std"] is None or len(s["seeds"]) < 2 else f"{c['miou_std']:.3f}"
            cells.append(f"{c['miou_mean']:.3f} ± {std} ({c['labelled_fraction']:.1%})")
        per_seed = s["fraction_to_target_per_seed"]
        keys = sorted(per_seed, key=int)
        reach = ", ".join("-" if per_seed[k] is None else f"{per_seed[k]:.1%}" for k in keys)
        reached = [per_seed[k] for k in keys if per_seed[k] is not None]
        reached_txt = "-" if not reached else (spread(reached) + f" ({len(reached)}/{len(keys)})")
        seed_areas = []
        for seed in s["seeds"]:
            rs = sorted(rounds_by.get((s["strategy"], seed), []), key=lambda r: r["round"])
            if len(rs) > 1:
                seed_areas.append(area([(r["labelled_fraction"], r["miou"]) for r in rs]))
        print(f"| {s['strategy']} | {len(s['seeds'])} | " + " | ".join(cells)
              + f" | {reach} | {reached_txt} | {auc(s):.3f} | {spread(seed_areas)} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
