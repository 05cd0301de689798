#!/usr/bin/env bash
# Side-by-side CPU benchmark, one run: activeseg's Java reference backend (JMH) vs the numpy
# baselines in benchmarks/python on the same ops and sizes; prints a Markdown table with ratios.
# Ops: the per-pixel family (SIZE = W x H x C x T, default 320x240x40x20), a ViewAL scene (view
# statistics + superpixel coverage of SCENE_FRAMES synthetic frames at SCENE_SIZE) and RIPU RA
# (maps + greedy selection of 1026 windows on a 2048x1024x19 frame).
# Usage (repository root): bash benchmarks/compare-cpu.sh [SIZE]
#   env: SCENE_FRAMES (10), SCENE_SIZE (320x240x40), REPS (numpy repetitions, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-320x240x40x20}
. benchmarks/build-jars.sh
SCENE_FRAMES=${SCENE_FRAMES:-10}; SCENE_SIZE=${SCENE_SIZE:-320x240x40}; REPS=${REPS:-3}
"$JAVA_HOME/bin/java" -cp benchmarks/target/benchmarks.jar org.activeseg.bench.SceneInputs "$tmp/scene" \
  "$SCENE_FRAMES" "${SCENE_SIZE%x*}" "${SCENE_SIZE##*x}"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
  'PixelStatisticsBenchmark|ScoringMethodsBenchmark' -p size="$SIZE" -p scene="$tmp/scene" \
  -rf json -rff "$tmp/jmh.json" >"$tmp/jmh.log" 2>&1 || { tail -30 "$tmp/jmh.log"; exit 1; }
python3 benchmarks/python/bench_cpu.py --size "$SIZE" --reps "$REPS" \
  --ops entropy,least-confidence,margin,mc-entropy,vote-entropy,bald,viewal-scene,ripu-ra \
  --scene "$tmp/scene" >"$tmp/numpy.jsonl"
python3 - "$tmp/jmh.json" "$tmp/numpy.jsonl" "$SIZE" <<'PY'
import json, sys, os
jmh = {r["params"]["op"]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
numpy = {d["op"]: d for d in map(json.loads, open(sys.argv[2]))}
print(f"CPU: {os.cpu_count()} cores. ms per frame (per scene for viewal-scene); numpy: median of its runs\n")
print("| op | size | activeseg java (ms) | numpy (ms) | speed-up |")
print("|---|---|---|---|---|")
for op, m in jmh.items():
    ours, err = m["score"], m.get("scoreError", float("nan"))
    base = numpy.get(op)
    if base:
        print(f"| {op} | {base['size']} | {ours:.2f} ± {err:.2f} | {base['ms']:.1f} | {base['ms'] / ours:.1f}x |")
    else:
        print(f"| {op} | | {ours:.2f} | n/a | n/a |")
PY
