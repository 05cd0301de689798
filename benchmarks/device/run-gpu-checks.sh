#!/usr/bin/env bash
# GPU checks, run on the GPU machine from the repository root with .device/ made by prepare.sh:
#   1. unpack the JRE; build the CUDA library with cmake when build/native lacks it (plus the
#      kernel harness of cuda/dev, which validates and times the kernel in C++);
#   2. every *IT class with -Dactiveseg.test.requireCuda=true (a skip becomes a failure), each class
#      in its own JVM (a native crash stays in its class), then the backend and device packages'
#      *Test classes, through the JUnit console launcher; one line per class in $OUT/summary.txt as
#      it finishes;
#   3. compute-sanitizer memcheck over the ViewAL (CudaViewOpsIT) and RIPU (CudaRegionOpsIT,
#      CudaRegionExactnessIT) paths and the JCuda launch path, when compute-sanitizer is there;
#   4. the JMH benchmarks, briefly.
# DEADLINE (epoch seconds) skips what no longer fits, saying so in summary.txt.
# Logs and reports go to $OUT (or .device/out). Exit status: 0 only when every step passed.
# Typically about 5 minutes; each step has its own timeout. STEPS picks steps (default
# "tests memcheck jmh"; the JRE and the library are always set up), e.g. to split the run over
# two device calls: STEPS="tests memcheck" ..., then STEPS=jmh ...
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
D=$ROOT/.device
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

step "CUDA library"
LIB=$ROOT/build/native/libactiveseg_cuda.so
if [ ! -f "$LIB" ] || [ ! -f "$ROOT/build/native/activeseg.fatbin" ]; then
  { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DACTIVESEG_BUILD_DEV_HARNESS=ON \
      && cmake --build build -j; } > "$OUT/cmake.log" 2>&1
  status=$?
  tail -5 "$OUT/cmake.log"
  record "cmake build" $status
fi
NATIVE_OPTS=()
if [ -f "$LIB" ]; then
  NATIVE_OPTS=("-Dactiveseg.native.lib=$LIB")
  ls -la "$ROOT/build/native"
else
  echo "no build/native library: the tests use the copy packaged in the activeseg jar, if any"
fi
if [ -x build/pixel_statistics_harness ]; then
  step "kernel harness (cuda/dev/pixel_statistics.cu)"
  { build/pixel_statistics_harness 40 240 320 3 && build/pixel_statistics_harness 19 1024 2048 1; } 2>&1 | tee "$OUT/harness.log"
  record "kernel harness" "${PIPESTATUS[0]}"
fi

SHARED=$ROOT/shared
[ -d "$SHARED" ] || SHARED=$ROOT/../shared
JVM_OPTS=(--enable-native-access=ALL-UNNAMED -Xmx8g "${NATIVE_OPTS[@]}"
          -Dactiveseg.test.requireCuda=true "-Dactiveseg.shared.dir=$SHARED")
TEST_CP="$D/test-classes:$D/lib/*"
JUNIT=("$JAVA" "${JVM_OPTS[@]}" -cp "$TEST_CP" org.junit.platform.console.ConsoleLauncher execute
       --disable-banner --fail-if-no-tests)

STEPS=${STEPS:-tests memcheck jmh}
wants() { [[ " $STEPS " == *" $1 "* ]]; }

DEADLINE=${DEADLINE:-$(( $(date +%s) + 540 ))}
summary() { echo "$*" | tee -a "$OUT/summary.txt"; }
fits() { # fits <seconds>: whether that much time is left before DEADLINE
  [ $(( $(date +%s) + $1 )) -le "$DEADLINE" ] || { summary "SKIPPED (deadline): $2"; failed+=("$2 (deadline)"); return 1; }
}
run_class() { # run_class <log name> <timeout> <extra launcher args...>
  local name=$1 limit=$2; shift 2
  local t0; t0=$(date +%s)
  timeout "$limit" "${JUNIT[@]}" --details=tree --reports-dir "$OUT/junit/$name" "$@" > "$OUT/logs/$name.log" 2>&1
  local rc=$?
  # the launcher's summary, e.g. "tests found 6 successful 6 failed 0 skipped 0 aborted 0 containers failed 0"
  local counts; counts=$(sed -nE 's/^\[ +([0-9]+) tests (found|successful|failed|skipped|aborted) +\]$/\2 \1/p; s/^\[ +([0-9]+) containers failed +\]$/containers-failed \1/p' \
    "$OUT/logs/$name.log" | tr '\n' ' ')
  summary "$( [ $rc -eq 0 ] && echo PASS || echo "FAIL($rc)") $name $(( $(date +%s) - t0 ))s $counts"
  record "$name" $rc
}
mkdir -p "$OUT/logs" "$OUT/junit"

if wants tests; then
step "integration tests (*IT, CUDA required), one JVM per class"
for cls in $(cd "$D/test-classes" && find . -name '*IT.class' ! -name '*$*' | sed 's#^\./##; s#\.class$##; s#/#.#g' | sort); do
  fits 30 "$cls" || continue
  run_class "${cls##*.}" 150 --select-class "$cls"
done

fi

SANITIZER=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null || true)
if ! wants memcheck; then
  :
elif [ -n "$SANITIZER" ]; then
  step "compute-sanitizer memcheck (ViewAL, RIPU, JCuda launch paths)"
  for cls in CudaViewOpsIT CudaRegionOpsIT CudaRegionExactnessIT CudaJCudaLaunchIT; do
    fits 60 "memcheck $cls" || continue
    t0=$(date +%s)
    timeout 200 "$SANITIZER" --tool memcheck --error-exitcode 86 --log-file "$OUT/logs/memcheck-$cls.log" \
      "${JUNIT[@]}" --details=summary --reports-dir "$OUT/junit/memcheck-$cls" \
      --select-class "org.activeseg.backend.cuda.$cls" > "$OUT/logs/memcheck-$cls-run.log" 2>&1
    rc=$?
    summary "$( [ $rc -eq 0 ] && echo PASS || echo "FAIL($rc)") memcheck $cls $(( $(date +%s) - t0 ))s: $(grep -E 'ERROR SUMMARY' "$OUT/logs/memcheck-$cls.log" | tail -1)"
    record "memcheck $cls" $rc
  done
else
  summary "SKIPPED: compute-sanitizer not found, memcheck did not run"
fi

if wants tests; then
step "unit tests of org.activeseg.backend and org.activeseg.device (*Test)"
if fits 60 "backend and device unit tests"; then
  cd "$ROOT/java"  # as under surefire: some tests find benchmarks/python relative to the module
  run_class backend-device-tests 150 --select-package org.activeseg.backend --select-package org.activeseg.device \
    --include-classname '.*Test$'
  cd "$ROOT"
fi
fi

if wants jmh; then
step "JMH benchmarks (brief)"
timeout 300 "$JAVA" "${JVM_OPTS[@]}" -cp "$D/bench-classes:$D/lib/*" org.openjdk.jmh.Main 'org\.activeseg\.bench\..*' \
  -f 1 -wi 2 -w 1s -i 3 -r 1s -foe true -rf json -rff "$OUT/jmh.json" \
  -jvmArgsAppend "--enable-native-access=ALL-UNNAMED -Xmx8g ${NATIVE_OPTS[*]}" \
  2>&1 | tee "$OUT/jmh.log"
record "JMH" "${PIPESTATUS[0]}"
fi

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "=== all GPU checks passed (logs in $OUT)"
else
  echo "=== FAILED: ${failed[*]} (logs in $OUT)"
  exit 1
fi
