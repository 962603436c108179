#!/usr/bin/env bash
# Benchmark (not a test): builds the release bundle, then bench/bench.mjs reports bundle sizes
# (raw, gzip -9, brotli), cold load to the first artifact on screen next to a static-HTML floor,
# keystroke latency (p50/p95), the simulator's whole flow at Max, and memory after it, in headless
# Chromium, and writes bench-results/latest.json. Selectors and routes are constants at the top of
# bench/bench.mjs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
echo "bench: bash scripts/build.sh (the release bundle)"
bash scripts/build.sh >/tmp/splr-bench-build.log 2>&1 \
  || { cat /tmp/splr-bench-build.log; echo "bench: build failed" >&2; exit 1; }
exec node bench/bench.mjs
