#!/usr/bin/env bash
# Packs .device/ for run-gpu-checks.sh on the GPU machine, which has no Java, Maven or network
# (recipe: ../shared/device/README.md). Run here, on a machine with JDK 25 and Maven:
#   benchmarks/device/prepare.sh
# then send .device along with the working tree and run, from the repository root there:
#   bash benchmarks/device/run-gpu-checks.sh            (carry: .device)
#
# .device/ after this script (git-ignored; kept well under the 64 MiB transfer limit):
#   jre.tgz        jlink'd Temurin 25 (make-jre.sh)
#   lib/           the activeseg jar (with the CUDA library when nvcc built it here), its runtime
#                  dependencies without org.bytedeco (OpenCV/OpenBLAS natives, >50 MB), sqlite-jdbc
#                  (12 MB, the loop's state), pdfbox / xchart (reports) and gRPC with protobuf and
#                  guava (about 20 MB, activeseg serve): the GPU checks and benchmarks load none of
#                  them; JMH, and junit-platform-console-standalone
#   test-classes/  java/target/test-classes (the *IT and *Test classes)
#   bench-classes/ benchmarks/target/classes (JMH benchmarks and META-INF/BenchmarkList)
#   harness.tgz    the cuda/dev check-and-time harnesses built here by nvcc (about 2 MB), so the GPU
#                  machine spends no time compiling them (without nvcc here they are built there)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
export PATH="$JAVA_HOME/bin:$PATH"
JUNIT_CONSOLE=org.junit.platform:junit-platform-console-standalone:1.14.4
JRE_MODULES=java.base,jdk.unsupported,java.logging,java.management,java.xml,jdk.zipfs
MAKE_JRE=${MAKE_JRE:-$ROOT/../shared/device/make-jre.sh}
LIMIT_MIB=60
D=.device

echo "== native library and cuda/dev harnesses"
rm -f "$D/harness.tgz"
if command -v nvcc >/dev/null 2>&1; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DACTIVESEG_BUILD_DEV_HARNESS=ON >/dev/null
  cmake --build build -j >/dev/null
  ls -la build/native
  mkdir -p "$D"
  harnesses=$(sed -nE 's/^ *activeseg_add_dev_harness\(([a-z_]+) .*/\1/p' CMakeLists.txt)
  # shellcheck disable=SC2086
  tar czf "$D/harness.tgz" -C build $harnesses
else
  echo "no nvcc here: the jar carries no CUDA library; run-gpu-checks.sh builds it and the harnesses with cmake there"
fi

echo "== jars and classes"
mvn -o -q -B -pl java,benchmarks package -DskipTests
rm -rf "$D/lib" "$D/test-classes" "$D/bench-classes" "$D/jre" "$D/out" "$D/harness"
mkdir -p "$D/lib"
# 'compile' (not 'package') keeps the java module's own copy-runtime-libs execution out of this run
mvn -o -q -B -pl java,benchmarks compile dependency:copy-dependencies -DincludeScope=runtime \
  -DexcludeGroupIds=org.bytedeco,org.activeseg,org.xerial,org.apache.pdfbox,org.knowm.xchart,io.grpc,com.google.protobuf,com.google.api.grpc,com.google.guava,com.google.code.gson,io.perfmark \
  -DoutputDirectory="$ROOT/$D/lib"
cp java/target/activeseg.jar "$D/lib/"
cp -r java/target/test-classes "$D/test-classes"
cp -r benchmarks/target/classes "$D/bench-classes"

echo "== JUnit console launcher"
mvn -o -q -B -N dependency:copy -Dartifact="$JUNIT_CONSOLE" -DoutputDirectory="$ROOT/$D/lib" 2>/dev/null \
  || mvn -q -B -N dependency:copy -Dartifact="$JUNIT_CONSOLE" -DoutputDirectory="$ROOT/$D/lib"

echo "== JRE ($JRE_MODULES)"
if [ -f "$D/jre.tgz" ] && [ "$(cat "$D/jre.modules" 2>/dev/null)" = "$JRE_MODULES" ]; then
  echo "reusing $D/jre.tgz"
else
  "$MAKE_JRE" "$D/jre.tgz" "$JRE_MODULES"
  echo "$JRE_MODULES" > "$D/jre.modules"
fi

ls -la "$D/lib"
size_kib=$(du -sk "$D" | cut -f1)
echo "== $D: $((size_kib / 1024)) MiB"
if [ "$size_kib" -gt $((LIMIT_MIB * 1024)) ]; then
  echo "$D is over $LIMIT_MIB MiB: it would not travel with the working tree" >&2
  exit 1
fi
