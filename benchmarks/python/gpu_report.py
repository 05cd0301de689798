#!/usr/bin/env python3
"""Joins JMH results (-rf json) with bench_torch.py's JSON lines into one Markdown table:
op, size, backend, ours (ms, frames/s, GB/s, % of the copy bandwidth), torch (ms), torch / ours.

Usage: gpu_report.py [--strict] JMH.json TORCH.jsonl   (either file may be missing or empty)

--strict: after the table, exit 2 when a JMH result has no MAPPING rule or its rule names a
@Param the result lacks (listed on stderr): bench-gpu.sh reports with it, so a benchmark added to
benchmarks/device/jmh-runs.txt without a rule here fails the GPU run, and GpuScriptsTest feeds it
every planned JMH row on each build.

How a JMH result becomes (op, size): the MAPPING table below, first matching rule by the
benchmark's simple class name. Each rule names where the op comes from (a fixed name, or a JMH
@Param) and which @Params make up the size. Benchmarks with no rule fall back to op = the `op`
param (else the class name without "Benchmark", in kebab case) and size = the `size` param (else
the other params, k=v joined by ' '): they are listed, unmatched, until a rule is added here.
The backend is the `backend` param (absent: "java"). Rows are matched with torch by (op, size)
after OP_ALIASES renames JMH op names to bench_torch.py's, and sizes are normalised: single-map
ops drop a trailing T (PixelStatisticsBenchmark's 320x240x40x20 is the one-map 320x240x40).
GB/s uses the torch row's "bytes" (the least traffic of the same work); frames/s is 1000 / ms
times the frames the op covers (the scene's N for viewal ops, B for u2pl, else 1).
"""
import json
import re
import sys

# class simple name -> (op: a fixed name, "param:NAME" or "method" (the @Benchmark method's name in
# kebab case), size params in order (joined by 'x' or ' '), or a fixed size string). These are the
# benchmark classes benchmarks/src holds; a class without a rule is listed unmatched.
MAPPING = {
    "PixelEntropyBenchmark": ("entropy", ["size"]),
    "PixelStatisticsBenchmark": ("param:op", ["size"]),
    "PixelOpsBackendBenchmark": ("param:op", ["size"]),
    # viewal-scene there is statistics + coverage; torch times the statistics only, so the ratio
    # undercounts our speed-up for that row
    "ScoringMethodsBenchmark": ("param:op", ["ripuSize", "regions"]),
    "ViewAlSceneBenchmark": ("param:op", ["size", "frames"]),
    "RegionOpsBenchmark": ("method", "2048x1024x19 regions=1026"),
    "KCenterBenchmark": ("method", ["rows"]),
    # the fixed cost of one native call per route (panama-abi-version, jcuda-driver-get-version, ...)
    "NativeCallOverheadBenchmark": ("method", "one call"),
}
OP_ALIASES = {
    "entropy-log2": "entropy", "pixel-entropy": "entropy", "lc": "least-confidence",
    "viewal-scene": "viewal-scores", "view-statistics": "viewal-scores",
    "segment-mean": "superpixel-means", "superpixel-mean": "superpixel-means",
    "ra": "ripu-ra", "ripu-select": "ripu-greedy", "greedy-select": "ripu-greedy",
    "u2pl": "u2pl-split", "reliability-split": "u2pl-split",
    "ripu-region-frame": "ripu-ra", "update": "kcenter-update", "greedy": "kcenter-greedy",
    "coverage": "viewal-coverage",
}
SINGLE_MAP = {"entropy", "least-confidence", "margin"}
UNIT_MS = {"ns/op": 1e-6, "us/op": 1e-3, "ms/op": 1.0, "s/op": 1e3}


def number(x):
    """JMH writes "NaN" (a string) for the error of a single measurement; absent counts as NaN too."""
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def normalise_size(op, size):
    parts = size.split("x")
    if op in SINGLE_MAP and len(parts) == 4 and all(p.isdigit() for p in parts):
        return "x".join(parts[:3])
    return size


def mapping_problems(results):
    """What --strict refuses: results of classes without a rule, rules that name missing @Params."""
    problems = []
    for r in results:
        cls = r["benchmark"].rsplit(".", 2)[-2]
        params = r.get("params") or {}
        if cls not in MAPPING:
            problems.append(f"{r['benchmark']}: no rule for {cls} in gpu_report.py MAPPING")
            continue
        op_from, size_params = MAPPING[cls]
        wanted = ([op_from[6:]] if op_from.startswith("param:") else []) + \
            ([] if isinstance(size_params, str) else list(size_params))
        missing = [k for k in wanted if k not in params]
        if missing:
            problems.append(f"{r['benchmark']} {params}: the {cls} rule needs @Param {missing}")
    return problems


def jmh_rows(results):
    rows = []
    for r in results:
        cls = r["benchmark"].rsplit(".", 2)[-2]
        params = dict(r.get("params") or {})
        backend = params.pop("backend", "java")
        method = r["benchmark"].rsplit(".", 1)[-1]
        op_from, size_params = MAPPING.get(cls, (None, None))
        if op_from is None:
            op = params.get("op") or kebab(cls.removesuffix("Benchmark"))
            size = params.get("size") or " ".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "op")
        else:
            if op_from == "method":
                op = kebab(method)
            else:
                op = params.get(op_from[6:], "?") if op_from.startswith("param:") else op_from
            if isinstance(size_params, str):
                size_params, vals = [], [size_params]
            else:
                vals = [params[k] for k in size_params if params.get(k)]
            if size_params and size_params[-1] == "regions" and len(vals) == 2:
                size = f"{vals[0]} regions={vals[1]}"
            elif size_params and size_params[-1] == "frames" and len(vals) == 2:
                size = f"{vals[0]} N={vals[1]}"
            else:
                size = " ".join(vals)
        op = OP_ALIASES.get(op, op)
        if op == "viewal-scores" and not size:
            size = "scene " + params.get("scene", "?")
        m = r["primaryMetric"]
        scale = UNIT_MS.get(m.get("scoreUnit"))
        if scale is None:
            continue  # throughput modes: not comparable here
        rows.append(dict(op=op, size=normalise_size(op, size), backend=backend, ms=number(m["score"]) * scale,
                         err=number(m.get("scoreError")) * scale, benchmark=cls))
    return rows


def frames(op, size):
    m = re.search(r"N=(\d+)", size)
    if m:
        return int(m.group(1))
    if op == "u2pl-split":
        return int(size.split("x")[0])
    return 1


def fmt(x, digits=3):
    if x is None or x != x:
        return "n/a"
    return f"{x:.{digits}g}" if abs(x) < 1000 else f"{x:.0f}"


def report(jmh, torch_rows):
    torch_by = {(t["op"], t["size"]): t for t in torch_rows if t.get("op") not in ("device", None)}
    copy = next((t for t in torch_rows if t.get("op") == "d2d-copy"), None)
    copy_gbps = copy["bytes"] / copy["ms"] / 1e6 if copy else None
    device = next((t for t in torch_rows if t.get("op") == "device"), {})
    lines = [f"GPU: {device.get('name', 'unknown')}, torch {device.get('torch', '?')}. "
             f"Copy bandwidth (torch device-to-device copy of 1 GiB, read + write): "
             f"{fmt(copy_gbps, 4)} GB/s.", "",
             "| op | size | backend | ours (ms) | frames/s | GB/s | % of copy | torch (ms) | torch / ours |",
             "|---|---|---|---|---|---|---|---|---|"]
    seen = set()
    for r in sorted(jmh, key=lambda r: (r["op"], r["size"], r["backend"])):
        t = torch_by.get((r["op"], r["size"]))
        seen.add((r["op"], r["size"]))
        gbps = t["bytes"] / r["ms"] / 1e6 if t else None
        pct = 100 * gbps / copy_gbps if gbps and copy_gbps else None
        lines.append(f"| {r['op']} | {r['size']} | {r['backend']} | {fmt(r['ms'])} ± {fmt(r['err'], 2)} | "
                     f"{fmt(1000 * frames(r['op'], r['size']) / r['ms'])} | {fmt(gbps)} | "
                     f"{fmt(pct)} | {fmt(t['ms']) if t else 'n/a'} | "
                     f"{fmt(t['ms'] / r['ms']) + 'x' if t else 'n/a'} |")
    for (op, size), t in sorted(torch_by.items()):
        if (op, size) not in seen and op != "d2d-copy":
            lines.append(f"| {op} | {size} | (no JMH result) | n/a | n/a | n/a | n/a | {fmt(t['ms'])} | n/a |")
    return "\n".join(lines) + "\n"


def read_json(path):
    try:
        with open(path) as f:
            text = f.read()
        return json.loads(text) if text.strip() else []
    except (FileNotFoundError, json.JSONDecodeError) as e:
        print(f"(no JMH results from {path}: {e})", file=sys.stderr)
        return []


def read_lines(path):
    out = []
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    out.append(json.loads(line))
    except FileNotFoundError:
        print(f"(no torch results: {path} missing)", file=sys.stderr)
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    strict = "--strict" in args
    if strict:
        args.remove("--strict")
    results = read_json(args[0])
    sys.stdout.write(report(jmh_rows(results), read_lines(args[1])))
    problems = mapping_problems(results)
    for p in problems:
        print(f"unmapped JMH result: {p}", file=sys.stderr)
    sys.exit(2 if strict and problems else 0)
