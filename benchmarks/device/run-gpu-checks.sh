#!/usr/bin/env bash
# GPU checks, run on the GPU machine from the repository root with .device/ made by prepare.sh:
#   harness  every check-and-time harness of cuda/dev (HARNESS_RUNS below: all the
#            activeseg_add_dev_harness targets of CMakeLists.txt), from prepare.sh's
#            .device/harness.tgz or built there with cmake;
#   tests    every *IT class with -Dactiveseg.test.requireCuda=true (a skip becomes a failure),
#            each class in its own JVM (a native crash stays in its class);
#   parity   the torch parity tests (*Parity*Test: layers, network, loss-prediction module against
#            torch), which skip on machines without torch: here a skip is a failure;
#   unit     the backend and device packages' *Test classes;
#   memcheck compute-sanitizer memcheck over the ViewAL (CudaViewOpsIT), RIPU (CudaRegionOpsIT,
#            CudaRegionExactnessIT) and JCuda launch (CudaJCudaLaunchIT) paths;
#   jmh      the JMH runs of benchmarks/device/jmh-runs.txt, briefly, with -foe true
#            (bench-gpu.sh STEPS=jmh).
# Test classes run through the JUnit console launcher; one line per class in $OUT/summary.txt as it
# finishes. DEADLINE (epoch seconds) skips what no longer fits, saying so in summary.txt (a skip is a
# failure). Logs and reports go to $OUT (or .device/out). Exit status: 0 only when every step passed.
# STEPS picks steps (default "harness tests parity unit memcheck jmh"), e.g. to split the run over
# two device calls: STEPS="harness tests parity unit memcheck" ..., then STEPS=jmh ...
# PLAN=1 prints what would run ("PLAN <step> <what>", one line each; test classes from the sources)
# and exits without Java, cmake or a GPU: GpuScriptsTest checks that plan on every build.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
D=$ROOT/.device
PLAN=${PLAN:-0}
STEPS=${STEPS:-harness tests parity unit memcheck jmh}
wants() { [[ " $STEPS " == *" $1 "* ]]; }

# the harnesses and their arguments: each activeseg_add_dev_harness target of CMakeLists.txt
HARNESS_RUNS=(
  "pixel_statistics_host_check"
  "pixel_statistics_harness 40 240 320 3"
  "pixel_statistics_harness 19 1024 2048 1"
  "view_statistics_harness 25 40 240 320"
  "greedy_select_harness 2048 1024 12 1026"
  "percentile_select_harness"
)
MEMCHECK_CLASSES=(org.activeseg.backend.cuda.CudaViewOpsIT org.activeseg.backend.cuda.CudaRegionOpsIT
                  org.activeseg.backend.cuda.CudaRegionExactnessIT org.activeseg.backend.cuda.CudaJCudaLaunchIT)
UNIT_PACKAGES=(org.activeseg.backend org.activeseg.device)

test_classes() { # test_classes <name glob>: class names, from .device/test-classes (sources in plan mode)
  if [ "$PLAN" = 1 ]; then
    (cd java/src/test/java && find . -name "$1.java" | sed 's#^\./##; s#\.java$##; s#/#.#g' | sort)
  else
    (cd "$D/test-classes" && find . -name "$1.class" ! -name '*$*' | sed 's#^\./##; s#\.class$##; s#/#.#g' | sort)
  fi
}

if [ "$PLAN" = 1 ]; then
  if wants harness; then for h in "${HARNESS_RUNS[@]}"; do echo "PLAN harness $h"; done; fi
  if wants tests; then for c in $(test_classes '*IT'); do echo "PLAN tests $c"; done; fi
  if wants parity; then for c in $(test_classes '*Parity*Test'); do echo "PLAN parity $c"; done; fi
  if wants unit; then for p in "${UNIT_PACKAGES[@]}"; do echo "PLAN unit $p"; done; fi
  if wants memcheck; then for c in "${MEMCHECK_CLASSES[@]}"; do echo "PLAN memcheck $c"; done; fi
  if wants jmh; then STEPS=jmh bash benchmarks/device/bench-gpu.sh; fi
  exit 0
fi

OUT=${OUT:-$D/out}
mkdir -p "$OUT"
failed=()

step() { echo; echo "=== $*"; }
record() { # record <name> <status>
  if [ "$2" -ne 0 ]; then failed+=("$1 (exit $2)"); echo "!!! $1 failed with exit $2"; fi
}

step "machine"
{ nvidia-smi || true; nvcc --version || true; cmake --version | head -1 || true; } 2>&1 | tee "$OUT/machine.txt"

step "JRE"
if [ ! -x "$D/jre/bin/java" ]; then
  tar xzf "$D/jre.tgz" -C "$D" || { echo "cannot unpack $D/jre.tgz (run prepare.sh first)"; exit 2; }
fi
JAVA=$D/jre/bin/java
"$JAVA" -version 2>&1 | tee -a "$OUT/machine.txt"

step "CUDA library$(wants harness && echo ' and harnesses')"
# shellcheck source=native-library.sh
. benchmarks/device/native-library.sh
find_native "$OUT/cmake.log" $(wants harness && echo harness)
status=$?
[ $status -eq 0 ] || tail -5 "$OUT/cmake.log"
record "cmake build" $status
echo "library: ${LIB:-the copy packaged in $D/lib/activeseg.jar}"

DEADLINE=${DEADLINE:-$(( $(date +%s) + 540 ))}
summary() { echo "$*" | tee -a "$OUT/summary.txt"; }
fits() { # fits <seconds> <what>: whether that much time is left before DEADLINE
  [ $(( $(date +%s) + $1 )) -le "$DEADLINE" ] || { summary "SKIPPED (deadline): $2"; failed+=("$2 (deadline)"); return 1; }
}
mkdir -p "$OUT/logs" "$OUT/junit"

if wants harness; then
step "cuda/dev harnesses (validate at several block sizes, then time)"
for run in "${HARNESS_RUNS[@]}"; do
  read -r name args <<< "$run"
  fits 30 "harness $run" || continue
  log="$OUT/logs/harness-$name${args:+-${args// /x}}.log"
  t0=$(date +%s)
  if [ -x "$HARNESS_DIR/$name" ]; then
    # shellcheck disable=SC2086
    timeout 150 "$HARNESS_DIR/$name" $args > "$log" 2>&1
    rc=$?
  else
    echo "$name not built in ${HARNESS_DIR:-(no harness folder)}" > "$log"
    rc=127
  fi
  summary "$( [ $rc -eq 0 ] && echo PASS || echo "FAIL($rc)") harness $run $(( $(date +%s) - t0 ))s: $(tail -1 "$log")"
  record "harness $run" $rc
done
fi

SHARED=$ROOT/shared
[ -d "$SHARED" ] || SHARED=$ROOT/../shared
JVM_OPTS=(--enable-native-access=ALL-UNNAMED -Xmx8g "${NATIVE_OPTS[@]}"
          -Dactiveseg.test.requireCuda=true "-Dactiveseg.shared.dir=$SHARED")
TEST_CP="$D/test-classes:$D/lib/*"
JUNIT=("$JAVA" "${JVM_OPTS[@]}" -cp "$TEST_CP" org.junit.platform.console.ConsoleLauncher execute
       --disable-banner --fail-if-no-tests)

run_class() { # run_class <log name> <timeout> <no-skip: 0|1> <extra launcher args...>
  local name=$1 limit=$2 noskip=$3; shift 3
  local t0; t0=$(date +%s)
  timeout "$limit" "${JUNIT[@]}" --details=tree --reports-dir "$OUT/junit/$name" "$@" > "$OUT/logs/$name.log" 2>&1
  local rc=$?
  # the launcher's summary, e.g. "found 6 skipped 0 aborted 0 successful 6 failed 0 containers-failed 0"
  local counts; counts=$(sed -nE 's/^\[ +([0-9]+) tests (found|successful|failed|skipped|aborted) +\]$/\2 \1/p; s/^\[ +([0-9]+) containers failed +\]$/containers-failed \1/p' \
    "$OUT/logs/$name.log" | tr '\n' ' ')
  if [ "$noskip" = 1 ] && [ $rc -eq 0 ] && [[ " $counts " != *" skipped 0 "* || " $counts " != *" aborted 0 "* ]]; then
    rc=3  # a test that skipped (e.g. no torch) where everything is meant to run
  fi
  summary "$( [ $rc -eq 0 ] && echo PASS || echo "FAIL($rc)") $name $(( $(date +%s) - t0 ))s $counts"
  record "$name" $rc
}

if wants tests; then
step "integration tests (*IT, CUDA required), one JVM per class"
for cls in $(test_classes '*IT'); do
  fits 30 "$cls" || continue
  run_class "${cls##*.}" 150 0 --select-class "$cls"
done
fi

if wants parity; then
step "torch parity tests (*Parity*Test), one JVM per class; a skip is a failure"
cd "$ROOT/java"  # as under surefire: the parity tests find benchmarks/python relative to the module
for cls in $(cd "$ROOT" && test_classes '*Parity*Test'); do
  fits 45 "$cls" || continue
  run_class "${cls##*.}" 200 1 --select-class "$cls"
done
cd "$ROOT"
fi

if wants unit; then
step "unit tests of ${UNIT_PACKAGES[*]} (*Test)"
if fits 60 "backend and device unit tests"; then
  cd "$ROOT/java"  # as under surefire: some tests find benchmarks/python relative to the module
  run_class backend-device-tests 150 0 $(printf -- '--select-package %s ' "${UNIT_PACKAGES[@]}") \
    --include-classname '.*Test$'
  cd "$ROOT"
fi
fi

SANITIZER=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null || true)
if ! wants memcheck; then
  :
elif [ -n "$SANITIZER" ]; then
  step "compute-sanitizer memcheck (ViewAL, RIPU, JCuda launch paths)"
  for cls in "${MEMCHECK_CLASSES[@]}"; do
    name=${cls##*.}
    fits 60 "memcheck $name" || continue
    t0=$(date +%s)
    timeout 200 "$SANITIZER" --tool memcheck --error-exitcode 86 --log-file "$OUT/logs/memcheck-$name.log" \
      "${JUNIT[@]}" --details=summary --reports-dir "$OUT/junit/memcheck-$name" \
      --select-class "$cls" > "$OUT/logs/memcheck-$name-run.log" 2>&1
    rc=$?
    summary "$( [ $rc -eq 0 ] && echo PASS || echo "FAIL($rc)") memcheck $name $(( $(date +%s) - t0 ))s: $(grep -E 'ERROR SUMMARY' "$OUT/logs/memcheck-$name.log" | tail -1)"
    record "memcheck $name" $rc
  done
else
  summary "FAIL: compute-sanitizer not found, memcheck did not run"
  failed+=("memcheck (no compute-sanitizer)")
fi

if wants jmh; then
step "JMH (benchmarks/device/jmh-runs.txt, brief, -foe true)"
left=$(( DEADLINE - $(date +%s) ))
if fits 60 "JMH"; then
  OUT=$OUT STEPS=jmh JMH_TIMEOUT=$(( left / 6 )) bash benchmarks/device/bench-gpu.sh 2>&1 | tee "$OUT/jmh.log"
  rc=${PIPESTATUS[0]}
  summary "$( [ $rc -eq 0 ] && echo PASS || echo "FAIL($rc)") JMH (jmh.json)"
  record "JMH" "$rc"
fi
fi

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "=== all GPU checks passed (logs in $OUT)"
else
  echo "=== FAILED: ${failed[*]} (logs in $OUT)"
  exit 1
fi
