#!/usr/bin/env bash
# The one device call for the CUDA scoring backend (issue 10): the GPU checks (every *IT with
# -Dactiveseg.test.requireCuda=true, one JVM per class; compute-sanitizer memcheck over the ViewAL and
# RIPU paths) and the benchmark table (JMH backend=cuda beside the torch baselines on the same GPU:
# op, size, ours, torch, ratio, GB/s, % of copy bandwidth), within BUDGET_S seconds (default 290).
#
# Here, first:  benchmarks/device/prepare.sh   (builds .device/: JRE, jars, test classes, library)
# Then one call on the GPU machine, from the repository root, carrying .device and build:
#   bash benchmarks/device/gpu-session.sh
# What comes back ($OUT, at most 8 files): summary.txt (one line per test class / memcheck run, as it
# finished), bench-gpu.md (the README's GPU table), jmh.json, torch.jsonl, logs.tgz (every log and
# JUnit report). Each phase has its own share of the budget; what no longer fits is skipped and
# listed as SKIPPED in summary.txt. Exit status 0 only when everything ran and passed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
start=$(date +%s)
BUDGET_S=${BUDGET_S:-290}
FINAL=${OUT:-$ROOT/.device/out}
WORK=$ROOT/.device/session
rm -rf "$WORK"
mkdir -p "$WORK" "$FINAL"
export OUT=$WORK

pack() { # copies the result files to $FINAL and packs everything else, after every phase
  for f in summary.txt bench-gpu.md jmh.json torch.jsonl; do
    [ -f "$WORK/$f" ] && cp "$WORK/$f" "$FINAL/$f"
  done
  tar czf "$FINAL/logs.tgz.tmp" -C "$WORK" --exclude=./scenes . 2>/dev/null && mv "$FINAL/logs.tgz.tmp" "$FINAL/logs.tgz"
}

# checks: up to 60 % of the budget (tests, then memcheck), the rest for the benchmarks
DEADLINE=$(( start + BUDGET_S * 60 / 100 )) STEPS="tests memcheck" \
  bash benchmarks/device/run-gpu-checks.sh > "$WORK/checks.log" 2>&1
checks=$?
tail -3 "$WORK/checks.log"
pack

left=$(( start + BUDGET_S - $(date +%s) ))
if [ "$left" -lt 45 ]; then
  echo "SKIPPED (deadline): benchmarks, ${left}s left" | tee -a "$WORK/summary.txt"
  pack
  exit 1
fi
# one JMH run per line, "INCLUDE ARGS": a -p value applies to every selected benchmark with that param
JMH_RUNS='org\.activeseg\.bench\.PixelEntropyBenchmark -p backend=cuda-panama-resident,cuda-panama
org\.activeseg\.bench\.PixelOpsBackendBenchmark -p backend=cuda -p size=320x240x40x20 -p op=entropy,mc-entropy,vote-entropy,bald
org\.activeseg\.bench\.ViewAlSceneBenchmark -p backend=cuda -p frames=25
org\.activeseg\.bench\.(RegionOps|KCenter)Benchmark -p backend=cuda -p rows=1000000' \
SCENE_SIZES=25 STEPS="scenes jmh torch report" JMH_TIMEOUT=$(( left / 5 )) TORCH_TIMEOUT=$(( left / 4 )) \
TORCH_ARGS="--viewal-frames 25 --reps 5" \
  bash benchmarks/device/bench-gpu.sh > "$WORK/bench.log" 2>&1
bench=$?
tail -30 "$WORK/bench.log"
echo "session: checks exit $checks, benchmarks exit $bench, $(( $(date +%s) - start ))s of ${BUDGET_S}s" \
  | tee -a "$WORK/summary.txt"
pack
[ $checks -eq 0 ] && [ $bench -eq 0 ]
