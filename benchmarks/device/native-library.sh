# Sourced by run-gpu-checks.sh and bench-gpu.sh on the GPU machine (ROOT and D set): finds the CUDA
# library and the cuda/dev harnesses, building with cmake only what did not travel.
#   find_native LOG [harness]
# sets LIB (build/native/libactiveseg_cuda.so, or empty: the copy packaged in .device/lib's
# activeseg.jar serves), NATIVE_OPTS (-Dactiveseg.native.lib=... or nothing) and, with "harness",
# HARNESS_DIR (prepare.sh's .device/harness.tgz unpacked, else the cmake build folder). Returns
# non-zero when a needed cmake build failed (its output in LOG).

jar_has_library() {
  python3 - "$D/lib/activeseg.jar" <<'PY' 2>/dev/null
import sys, zipfile
sys.exit(0 if "native/linux-x86_64/libactiveseg_cuda.so" in zipfile.ZipFile(sys.argv[1]).namelist() else 1)
PY
}

find_native() {
  local log=$1 want_harness=${2:-} build=build need=0 status=0
  LIB=$ROOT/build/native/libactiveseg_cuda.so
  HARNESS_DIR=
  if [ -n "$want_harness" ] && [ -f "$D/harness.tgz" ]; then
    mkdir -p "$D/harness" && tar xzf "$D/harness.tgz" -C "$D/harness" && HARNESS_DIR=$D/harness
  fi
  if [ ! -f "$LIB" ] && ! jar_has_library; then need=1; fi
  if [ -n "$want_harness" ] && [ -z "$HARNESS_DIR" ]; then need=1; fi
  if [ $need = 1 ]; then
    local opts=(-DCMAKE_BUILD_TYPE=Release)
    [ -n "$want_harness" ] && opts+=(-DACTIVESEG_BUILD_DEV_HARNESS=ON)
    # a build/ configured on another machine has a cache for another path: configure afresh beside it
    cmake -S . -B build "${opts[@]}" > "$log" 2>&1 || { build=build/device; cmake -S . -B "$build" "${opts[@]}" >> "$log" 2>&1; }
    cmake --build "$build" -j >> "$log" 2>&1
    status=$?
    [ -n "$want_harness" ] && HARNESS_DIR=$ROOT/$build
  fi
  NATIVE_OPTS=()
  if [ -f "$LIB" ]; then NATIVE_OPTS=("-Dactiveseg.native.lib=$LIB"); else LIB=; fi
  return $status
}
