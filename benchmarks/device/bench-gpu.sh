#!/usr/bin/env bash
# GPU benchmark: activeseg's CUDA backends (JMH) against the PyTorch baselines in the
# reference code's formulation (benchmarks/python/torch_baselines.py, timed by bench_torch.py) on the
# same GPU, at the same sizes; prints one Markdown table (op, size, backend, ours: ms, frames/s,
# GB/s, % of the measured device copy bandwidth; torch ms; torch / ours) and writes it to
# $OUT/bench-gpu.md when OUT is set.
#
# Run on the GPU machine from the repository root, after benchmarks/device/prepare.sh here
# (carry: .device):  bash benchmarks/device/bench-gpu.sh
# env: STEPS (default "check scenes jmh torch report"), JMH_RUNS (the JMH runs, one per line
#      "INCLUDE ARGS", results merged; default: the lines of benchmarks/device/jmh-runs.txt, the one
#      list of the GPU scripts), JMH_INCLUDE + JMH_ARGS (one run instead, e.g. JMH_INCLUDE=PixelEntropy
#      JMH_ARGS="-p backend=cuda-panama-resident"), SCENE_SIZES (default "25 200"), TORCH_ARGS
#      (extra bench_torch.py options), JMH_TIMEOUT (s, 420, per run), TORCH_TIMEOUT (s, 420),
#      PLAN=1 (print what would run, one "PLAN <step> ..." line each, and exit: no Java, GPU or torch
#      needed; GpuScriptsTest checks the plan here).
# A device call is limited to 10 minutes: split the run, e.g. STEPS="check scenes jmh" then
# STEPS="torch report" (the second call reuses $OUT's jmh.json only if OUT persists between calls;
# otherwise keep both in one call and trim JMH_RUNS).
#
# Matching JMH to torch: benchmarks/python/gpu_report.py holds the mapping table (benchmark class ->
# op and size params, op aliases); torch ops without a JMH result are listed with "(no JMH result)".
# JMH runs with -foe true: a benchmark that fails (a cuda backend that cannot open, a kernel error)
# fails the step instead of silently dropping out of the table.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
D=$ROOT/.device
OUT_DIR=${OUT:-$D/out}
[ "${PLAN:-0}" = 1 ] || mkdir -p "$OUT_DIR"
STEPS=${STEPS:-check scenes jmh torch report}
wants() { [[ " $STEPS " == *" $1 "* ]]; }
if [ -n "${JMH_INCLUDE:-}" ]; then
  JMH_RUNS="$JMH_INCLUDE ${JMH_ARGS:-}"
fi
JMH_RUNS=${JMH_RUNS:-$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' benchmarks/device/jmh-runs.txt | grep -v '^$')}
SCENE_SIZES=${SCENE_SIZES:-25 200}
SCENES=$OUT_DIR/scenes
status=0

if [ "${PLAN:-0}" = 1 ]; then
  wants check && echo "PLAN check benchmarks/python/check_torch_baselines.py"
  if wants scenes; then for n in $SCENE_SIZES; do echo "PLAN scenes org.activeseg.bench.SceneInputs $n 320x240 40"; done; fi
  if wants jmh; then
    while read -r line; do [ -n "$line" ] && echo "PLAN jmh $line"; done <<< "$JMH_RUNS"
  fi
  wants torch && echo "PLAN torch benchmarks/python/bench_torch.py ${TORCH_ARGS:-}"
  wants report && echo "PLAN report benchmarks/python/gpu_report.py --strict"
  exit 0
fi

JAVA=$D/jre/bin/java
if wants scenes || wants jmh; then
  if [ ! -x "$JAVA" ]; then
    tar xzf "$D/jre.tgz" -C "$D" || { echo "cannot unpack $D/jre.tgz (run benchmarks/device/prepare.sh first)"; exit 2; }
  fi
  # shellcheck source=native-library.sh
  . benchmarks/device/native-library.sh
  find_native "$OUT_DIR/cmake.log" \
    || { echo "cmake build failed (tail of $OUT_DIR/cmake.log):"; tail -20 "$OUT_DIR/cmake.log"; status=1; }
fi

if wants check; then
  echo "=== torch baselines vs numpy re-statements (cpu and cuda)"
  timeout 300 python3 benchmarks/python/check_torch_baselines.py 2>&1 | tee "$OUT_DIR/check-torch.log" | tail -3
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "!!! torch baseline check failed: timings below compare different work"; status=1; }
fi

if wants scenes; then
  echo "=== ViewAL scenes (SceneInputs: 25 and 200 frames at 320x240x40)"
  for n in $SCENE_SIZES; do
    [ -f "$SCENES/n$n/scene0_probs.npy" ] || timeout 300 "$JAVA" -Xmx24g -cp "$D/bench-classes:$D/lib/*" \
      org.activeseg.bench.SceneInputs "$SCENES/n$n" "$n" 320x240 40 || { echo "SceneInputs $n failed"; status=1; }
  done
fi
SCENE_ARGS=()
for n in 25 200; do [ -f "$SCENES/n$n/scene0_probs.npy" ] && SCENE_ARGS+=("--scene$n" "$SCENES/n$n"); done

if wants jmh; then
  # scene=: ScoringMethodsBenchmark's viewal-scene needs a SceneInputs directory (the 25-frame one)
  SCENE_PARAM=()
  [ -d "$SCENES/n25" ] && SCENE_PARAM=(-p "scene=$SCENES/n25")
  run=0
  rm -f "$OUT_DIR"/jmh-run*.json
  while read -r line; do
    [ -n "$line" ] || continue
    include=${line%% *}
    args=""
    [[ "$line" == *" "* ]] && args=${line#* }
    run=$((run + 1))
    echo "=== JMH run $run: $include $args"
    # -foe true: a benchmark that fails (a cuda backend that cannot open, a kernel error) is a failure
    # shellcheck disable=SC2086
    timeout "${JMH_TIMEOUT:-420}" "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx8g "${NATIVE_OPTS[@]}" \
      -cp "$D/bench-classes:$D/lib/*" org.openjdk.jmh.Main "$include" \
      -f 1 -wi 2 -w 1s -i 3 -r 1s -foe true "${SCENE_PARAM[@]}" $args \
      -rf json -rff "$OUT_DIR/jmh-run$run.json" \
      -jvmArgsAppend "--enable-native-access=ALL-UNNAMED -Xmx24g ${NATIVE_OPTS[*]}" > "$OUT_DIR/jmh-run$run.log" 2>&1
    rc=$?
    grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.)' "$OUT_DIR/jmh-run$run.log" | tail -40
    [ $rc -eq 0 ] || { echo "!!! JMH run $run exit $rc (log: $OUT_DIR/jmh-run$run.log)"; tail -20 "$OUT_DIR/jmh-run$run.log"; status=1; }
  done <<< "$JMH_RUNS"
  python3 -c 'import json,sys; print(json.dumps([r for f in sys.argv[1:] for r in (json.load(open(f)) if open(f).read().strip() else [])]))' \
    "$OUT_DIR"/jmh-run*.json > "$OUT_DIR/jmh.json" 2>/dev/null || echo "[]" > "$OUT_DIR/jmh.json"
fi

if wants torch; then
  echo "=== torch baselines (bench_torch.py)"
  # shellcheck disable=SC2086
  timeout "${TORCH_TIMEOUT:-420}" python3 benchmarks/python/bench_torch.py "${SCENE_ARGS[@]}" ${TORCH_ARGS:-} \
    > "$OUT_DIR/torch.jsonl" 2> "$OUT_DIR/torch.err"
  rc=$?
  cat "$OUT_DIR/torch.jsonl"
  [ $rc -eq 0 ] || { echo "!!! bench_torch.py exit $rc"; tail -20 "$OUT_DIR/torch.err"; status=1; }
fi

if wants report; then
  echo "=== report"
  # --strict: a JMH result without a rule in gpu_report.py fails the step (the table is written anyway)
  python3 benchmarks/python/gpu_report.py --strict "$OUT_DIR/jmh.json" "$OUT_DIR/torch.jsonl" > "$OUT_DIR/bench-gpu.md.tmp"
  rc=$?
  mv "$OUT_DIR/bench-gpu.md.tmp" "$OUT_DIR/bench-gpu.md" && cat "$OUT_DIR/bench-gpu.md"
  [ $rc -eq 0 ] || { echo "!!! gpu_report.py exit $rc"; status=1; }
fi
exit $status
