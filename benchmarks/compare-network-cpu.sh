#!/usr/bin/env bash
# Side-by-side CPU benchmark of the segmentation network, one run: activeseg's Java engine (JMH
# NetworkBenchmark) vs PyTorch on the CPU (benchmarks/python/torch_network.py bench, the same
# architecture, batch and sizes); prints a Markdown table with ratios.
# Needs python3 with torch (CPU build: pip install torch).
# Usage (repository root): bash benchmarks/compare-network-cpu.sh [SIZES]   (default "80x60 320x240")
#   env: BATCH (8), SAMPLES (MC samples, 20)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-80x60 320x240}
BATCH=${BATCH:-8}; SAMPLES=${SAMPLES:-20}
python3 -c 'import torch' 2>/dev/null || { echo "python3 with torch is needed (pip install torch)" >&2; exit 1; }
. benchmarks/build-jars.sh
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar NetworkBenchmark \
  -p size="$(echo $SIZES | tr ' ' ',')" -p batch="$BATCH" -p samples="$SAMPLES" \
  -rf json -rff "$tmp/jmh.json" >"$tmp/jmh.log" 2>&1 || { tail -30 "$tmp/jmh.log"; exit 1; }
for s in $SIZES; do
  python3 benchmarks/python/torch_network.py bench --batch "$BATCH" --samples "$SAMPLES" \
    --width "${s%x*}" --height "${s#*x}" --iters 10 >>"$tmp/torch.jsonl"
done
python3 - "$tmp/jmh.json" "$tmp/torch.jsonl" "$BATCH" <<'PY'
import json, sys, os
batch = int(sys.argv[3])
jmh = {}
for r in json.load(open(sys.argv[1])):
    jmh[(r["benchmark"].rsplit(".", 1)[1], r["params"]["size"])] = r["primaryMetric"]
torch = {f'{d["width"]}x{d["height"]}': d for d in map(json.loads, open(sys.argv[2]))}
rows = [("trainStep", "train_step_ms", 1, "train step (fwd + bwd + SGD), per batch"),
        ("inference", "inference_ms_per_frame", batch, "inference, per frame"),
        ("mcFull", "mc_full_ms_per_frame", batch, "MC dropout T full passes, per frame"),
        ("mcHead", "mc_head_ms_per_frame", batch, "MC dropout T head-only passes, per frame")]
t0 = next(iter(torch.values()))
print(f"CPU: {os.cpu_count()} cores; batch {batch}; torch {t0['torch']} with {t0['threads']} threads; T = {t0['samples']}\n")
print("| measurement | size | activeseg java (ms) | PyTorch CPU (ms) | ratio (torch / ours) |")
print("|---|---|---|---|---|")
for size, t in torch.items():
    for bench, key, per, label in rows:
        m = jmh.get((bench, size))
        if m is None:
            continue
        ours, err = m["score"] / per, m.get("scoreError", float("nan")) / per
        print(f"| {label} | {size} | {ours:.1f} ± {err:.1f} | {t[key]:.1f} | {t[key] / ours:.2f}x |")
PY
