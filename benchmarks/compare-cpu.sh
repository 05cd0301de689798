#!/usr/bin/env bash
# Side-by-side CPU benchmark, one run: activeseg's Java reference backend (JMH) vs the numpy
# baselines in benchmarks/python on the same ops and sizes; prints a Markdown table with ratios.
# Usage (repository root): bash benchmarks/compare-cpu.sh [SIZE]   (default 320x240x40x20 = W x H x C x T)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-320x240x40x20}
./activeseg build >/dev/null
JAVA_HOME=$(./activeseg info 2>/dev/null | sed -n 's/^Java .*(.*, \(.*\))$/\1/p')
export JAVA_HOME MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
if command -v mvn >/dev/null 2>&1; then MVN=mvn; else MVN=./mvnw; fi
$MVN -q -B -Dstyle.color=never -DskipTests -pl java,benchmarks package 2>&1 | sed 's/\x1b\[0m//g' >&2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
  PixelStatisticsBenchmark -p size="$SIZE" -rf json -rff "$tmp/jmh.json" >"$tmp/jmh.log" 2>&1 \
  || { tail -30 "$tmp/jmh.log"; exit 1; }
python3 benchmarks/python/bench_cpu.py --size "$SIZE" >"$tmp/numpy.jsonl"
python3 - "$tmp/jmh.json" "$tmp/numpy.jsonl" "$SIZE" <<'PY'
import json, sys, os
jmh = {r["params"]["op"]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
numpy = {d["op"]: d["ms"] for d in map(json.loads, open(sys.argv[2]))}
size = sys.argv[3]
print(f"CPU: {os.cpu_count()} cores; size {size} (W x H x C x T; T only for MC ops)\n")
print("| op | activeseg java (ms/frame) | numpy (ms/frame) | speed-up |")
print("|---|---|---|---|")
for op, m in jmh.items():
    ours = m["score"]
    err = m.get("scoreError", float("nan"))
    base = numpy.get(op)
    ratio = f"{base / ours:.1f}x" if base else "n/a"
    print(f"| {op} | {ours:.2f} ± {err:.2f} | {base:.1f} | {ratio} |" if base else f"| {op} | {ours:.2f} | n/a | n/a |")
PY
