#!/usr/bin/env bash
# The one device call for the CUDA scoring backend: the GPU checks of run-gpu-checks.sh
# (every cuda/dev harness; every *IT with -Dactiveseg.test.requireCuda=true, one JVM per class; the
# torch parity tests; the backend and device unit tests; compute-sanitizer memcheck over the ViewAL,
# RIPU and JCuda paths) and the benchmark table of bench-gpu.sh (the JMH runs of jmh-runs.txt beside
# the torch baselines on the same GPU: op, size, ours, torch, ratio, GB/s, % of copy bandwidth),
# within BUDGET_S seconds (default 540: a device command may run 10 minutes).
#
# Here, first:  benchmarks/device/prepare.sh   (builds .device/: JRE, jars, test classes, harnesses)
# Then one call on the GPU machine, from the repository root, carrying .device:
#   bash benchmarks/device/gpu-session.sh
# What comes back ($OUT, at most 8 files): summary.txt (one line per harness, test class and
# memcheck run, as it finished), bench-gpu.md (the README's GPU table), jmh.json, torch.jsonl,
# logs.tgz (every log and JUnit report). Each phase has its own share of the budget; what no longer
# fits is skipped and listed as SKIPPED in summary.txt. Exit status 0 only when everything ran and
# passed. PLAN=1 prints both scripts' plans ("PLAN <step> <what>") and exits, touching nothing.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
start=$(date +%s)
BUDGET_S=${BUDGET_S:-540}
CHECK_STEPS="harness tests parity unit memcheck"
BENCH_STEPS="scenes jmh torch report"
export SCENE_SIZES=25 TORCH_ARGS="--viewal-frames 25 --reps 5"
if [ "${PLAN:-0}" = 1 ]; then
  echo "PLAN session checks, 60 % of ${BUDGET_S}s: $CHECK_STEPS"
  STEPS=$CHECK_STEPS bash benchmarks/device/run-gpu-checks.sh || exit
  echo "PLAN session benchmarks, the rest: $BENCH_STEPS"
  STEPS=$BENCH_STEPS bash benchmarks/device/bench-gpu.sh
  exit
fi
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

# checks: up to 60 % of the budget, the rest for the benchmarks
DEADLINE=$(( start + BUDGET_S * 60 / 100 )) STEPS=$CHECK_STEPS \
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
# torch gets a quarter of what is left, each JMH run (benchmarks/device/jmh-runs.txt) a share of the rest
runs=$(PLAN=1 STEPS=jmh bash benchmarks/device/bench-gpu.sh | grep -c '^PLAN jmh ')
STEPS=$BENCH_STEPS JMH_TIMEOUT=$(( left * 3 / 4 / runs )) TORCH_TIMEOUT=$(( left / 4 )) \
  bash benchmarks/device/bench-gpu.sh > "$WORK/bench.log" 2>&1
bench=$?
tail -30 "$WORK/bench.log"
echo "session: checks exit $checks, benchmarks exit $bench, $(( $(date +%s) - start ))s of ${BUDGET_S}s" \
  | tee -a "$WORK/summary.txt"
pack
[ $checks -eq 0 ] && [ $bench -eq 0 ]
