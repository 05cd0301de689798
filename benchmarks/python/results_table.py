#!/usr/bin/env python3
"""Markdown tables of an `activeseg run` for the README, from DIR/results.json.

Usage: python3 benchmarks/python/results_table.py RUN_DIR [RUN_DIR ...]

Several runs of the same configuration (e.g. one with --semi none,ripu and one with --semi u2pl) are
merged: their fully supervised references must agree, and every strategy track of each run is a row.

Prints:
- the fully supervised reference: mIoU, pixel accuracy and per-class IoU on the test split;
- per strategy: the mIoU (mean ± standard deviation over seeds) after each round with the mean
  labelled fraction, the labelled fraction at which each seed first reached the target (95 % of the
  fully supervised mIoU of the same run; linear between rounds, "-" where it never did) with the
  mean ± standard deviation of the seeds that reached it, and the area under the learning curve (mIoU
  averaged over the labelled-fraction range the curve spans, trapezoids between rounds): of the mean
  curve, as results.json gives it, and mean ± standard deviation of the seeds' own curves;
- with semi-supervised tracks (STRATEGY+MODE), the labelled fraction to target by strategy and
  training mode side by side.
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


def load(run_dirs):
    """The first run's results.json with the strategy tracks and rounds of every run merged in."""
    d = json.load(open(f"{run_dirs[0]}/results.json"))
    for other in run_dirs[1:]:
        e = json.load(open(f"{other}/results.json"))
        if abs(e["fully_supervised_miou"] - d["fully_supervised_miou"]) > 1e-9:
            sys.exit(f"{other}: fully supervised mIoU {e['fully_supervised_miou']} differs from "
                     f"{run_dirs[0]}'s {d['fully_supervised_miou']}: not runs of one configuration")
        known = {s["strategy"] for s in d["strategies"]}
        d["strategies"] += [s for s in e["strategies"] if s["strategy"] not in known]
        d["rounds"] += [r for r in e["rounds"] if r["strategy"] not in known]
    return d


def reached_cell(s):
    per_seed = s["fraction_to_target_per_seed"]
    keys = sorted(per_seed, key=int)
    reached = [per_seed[k] for k in keys if per_seed[k] is not None]
    if not reached:
        return f"- (0/{len(keys)})"
    m = statistics.fmean(reached)
    sd = f" ± {statistics.stdev(reached):.1%}" if len(reached) > 1 else ""
    return f"{m:.1%}{sd} ({len(reached)}/{len(keys)})"


def main(run_dirs):
    d = load(run_dirs)
    full, target = d["fully_supervised_miou"], d["target_miou"]
    rounds_by = {}
    for r in d["rounds"]:
        rounds_by.setdefault((r["strategy"], r["seed"]), []).append(r)
    full_row = full_supervision(run_dirs[0])
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

    by = {}
    for s in strategies:
        method, _, mode = s["strategy"].partition("+")
        by.setdefault(method, {})[mode or "none"] = s
    modes = sorted({m for v in by.values() for m in v}, key=lambda m: (m != "none", m))
    if len(modes) > 1:
        print("\nLabelled fraction to target (mean ± sd of the seeds reaching it, and how many did), and the area "
              "under the mean curve, by strategy and training mode:\n")
        print("| strategy | " + " | ".join(f"--semi {m}" for m in modes) + " |")
        print("|---|" + "---|" * len(modes))
        for method in sorted(by):
            cells = [f"{reached_cell(by[method][m])}, area {auc(by[method][m]):.3f}" if m in by[method] else "n/a"
                     for m in modes]
            print(f"| {method} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
