#!/usr/bin/env bash
# GPU checks, run on the GPU machine from the repository root with .device/ made by prepare.sh:
#   1. unpack the JRE; build the CUDA library with cmake when build/native lacks it (plus the
#      kernel harness of cuda/dev, which validates and times the kernel in C++);
#   2. every *IT class with -Dactiveseg.test.requireCuda=true (a skip becomes a failure), then the
#      backend package's *Test classes, through the JUnit console launcher;
#   3. compute-sanitizer memcheck over one IT run, when compute-sanitizer is there;
#   4. the JMH benchmarks, briefly.
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
if [ -x build/pixel_entropy_harness ]; then
  step "kernel harness (cuda/dev/pixel_entropy.cu)"
  { build/pixel_entropy_harness 1 40 240 320 && build/pixel_entropy_harness 1 19 1024 2048; } 2>&1 | tee "$OUT/harness.log"
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

if wants tests; then
step "integration tests (*IT, CUDA required)"
# --scan-class-path scans the directories of the class path: .device/test-classes
timeout 180 "${JUNIT[@]}" --details=tree --reports-dir "$OUT/junit-it" \
  --scan-class-path --include-classname '.*IT$' 2>&1 | tee "$OUT/it.log"
record "integration tests" "${PIPESTATUS[0]}"

step "backend unit tests (*Test in org.activeseg.backend)"
timeout 120 "${JUNIT[@]}" --details=tree --reports-dir "$OUT/junit-backend" \
  --select-package org.activeseg.backend --include-classname '.*Test$' 2>&1 | tee "$OUT/backend-tests.log"
record "backend unit tests" "${PIPESTATUS[0]}"
fi

SANITIZER=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null || true)
if ! wants memcheck; then
  :
elif [ -n "$SANITIZER" ]; then
  step "compute-sanitizer memcheck (CudaJCudaLaunchIT + CudaScoringBackendIT sizes)"
  timeout 240 "$SANITIZER" --tool memcheck --error-exitcode 86 --log-file "$OUT/memcheck.log" \
    "${JUNIT[@]}" --details=summary --reports-dir "$OUT/junit-memcheck" \
      --select-class org.activeseg.backend.cuda.CudaJCudaLaunchIT \
      --select-method 'org.activeseg.backend.cuda.CudaScoringBackendIT#panamaAndJCudaMatchTheReference(int, int, int)' \
    2>&1 | tee "$OUT/memcheck-run.log"
  record "compute-sanitizer memcheck" "${PIPESTATUS[0]}"
  tail -5 "$OUT/memcheck.log"
else
  echo "compute-sanitizer not found: memcheck skipped" | tee "$OUT/memcheck.log"
fi

if wants jmh; then
step "JMH benchmarks (brief)"
timeout 300 "$JAVA" "${JVM_OPTS[@]}" -cp "$D/bench-classes:$D/lib/*" org.openjdk.jmh.Main 'org\.activeseg\.bench\..*' \
  -f 1 -wi 2 -w 1s -i 3 -r 1s -foe false -rf json -rff "$OUT/jmh.json" \
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
