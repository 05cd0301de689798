#!/usr/bin/env bash
# Per-frame latency of the streaming scorer through the service, as a robot sees it: `activeseg serve`
# and `activeseg replay` on loopback, one synthetic scene of FRAMES frames at SIZE with CLASSES-class
# random probabilities (each pixel summing to 1), one frame in flight. The first WARMUP frames (JIT, and
# the window filling up) are left out of the steady-state figures; from then on every add also evicts.
#
# Each method runs once per transport, side by side: "message" (the probabilities in the gRPC message)
# and "shared" (a client on the server's machine: serve --shared-dir / replay --shared-dir, the
# probabilities in a file in a directory on /dev/shm when there is one).
#
#   bash benchmarks/stream-latency.sh                 # window 30, 320x240, 40 classes, viewal and entropy
#   WINDOW=10 METHODS=viewal TRANSPORTS=message bash benchmarks/stream-latency.sh
#
# Prints one line per method and transport: all frames (p50, p99, max) and steady state (p50, p99, max,
# frames/s, and the p50 / p99 of the time the server reported spending on a frame; the rest is the
# transport).
set -euo pipefail
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRAMES="${FRAMES:-90}"
WINDOW="${WINDOW:-30}"
WARMUP="${WARMUP:-$((2 * WINDOW))}"
SIZE="${SIZE:-320x240}"
CLASSES="${CLASSES:-40}"
METHODS="${METHODS:-viewal entropy}"
SERVE_OPTS="${SERVE_OPTS:-}"
TRANSPORTS="${TRANSPORTS:-message shared}"
if (( WARMUP >= FRAMES )); then
  echo "WARMUP ($WARMUP) must be below FRAMES ($FRAMES)" >&2
  exit 2
fi

work="$(mktemp -d)"
if [[ -d /dev/shm && -w /dev/shm ]]; then shared="$(mktemp -d /dev/shm/activeseg-stream.XXXXXX)"; else shared="$work/shared"; mkdir "$shared"; fi
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work" "$shared"
}
trap cleanup EXIT

"$ROOT/activeseg" generate --out "$work/ds" --scenes 1 --frames "$FRAMES" --size "$SIZE" >&2
python3 - "$work" "$CLASSES" "$SIZE" <<'EOF'
import os, sys
import numpy as np
work, classes = sys.argv[1], int(sys.argv[2])
w, h = (int(x) for x in sys.argv[3].split("x"))
ids = sorted(f[:-4] for f in os.listdir(os.path.join(work, "ds", "pose")))
os.makedirs(os.path.join(work, "probs"))
rng = np.random.default_rng(7)
for i in ids:
    v = rng.random((classes, h, w), dtype=np.float32) ** 2
    v /= v.sum(axis=0, keepdims=True)
    np.save(os.path.join(work, "probs", i + ".npy"), v.astype(np.float32))
with open(os.path.join(work, "pool.txt"), "w") as f:
    f.write("\n".join(ids) + "\n")
EOF

for method in $METHODS; do
for transport in $TRANSPORTS; do
  case "$transport" in
    message) via=() ;;
    shared) via=(--shared-dir "$shared") ;;
    *) echo "unknown transport $transport (message, shared)" >&2; exit 2 ;;
  esac
  log="$work/serve-$method-$transport.log"
  # shellcheck disable=SC2086
  "$ROOT/activeseg" serve --port 0 --window "$WINDOW" "${via[@]}" $SERVE_OPTS >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    grep -q "^listening on " "$log" && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  addr="$(sed -n 's/^listening on //p' "$log" | head -1)"
  "$ROOT/activeseg" replay --to "$addr" --dataset "$work/ds" --probs "$work/probs" --pool "$work/pool.txt" \
    --method "$method" "${via[@]}" --out "$work/$method-$transport.json" >&2
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  python3 - "$work/$method-$transport.json" "$method ($transport)" "$WARMUP" "$WINDOW" "$SIZE" "$CLASSES" <<'EOF'
import json, math, sys
path, method, warmup, window, size, classes = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
lat = json.load(open(path))["latency_ms"]
def rank(xs, q):
    s = sorted(xs)
    return s[math.ceil(q * len(s)) - 1]
steady = lat["per_frame"][warmup:]
server = lat["server_per_frame"][warmup:]
print(f"{method}: window {window}, {size}x{classes}: all {lat['frames']} frames p50 {lat['p50']:.0f} ms, "
      f"p99 {lat['p99']:.0f} ms, max {lat['max']:.0f} ms; steady state ({len(steady)} frames after {warmup}) "
      f"p50 {rank(steady, 0.5):.0f} ms, p99 {rank(steady, 0.99):.0f} ms, max {max(steady):.0f} ms, "
      f"{1000 * len(steady) / sum(steady):.1f} frames/s, of which in the server p50 {rank(server, 0.5):.0f} ms, "
      f"p99 {rank(server, 0.99):.0f} ms; errors {lat['errors']}")
EOF
done
done
