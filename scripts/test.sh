#!/usr/bin/env bash
# All the project's tests, in order:
#   1. native   cargo test of every workspace crate but the app (the domain core, ...)
#   2. browser  wasm-bindgen-test component tests of the app in headless Chromium
#   3. build    the release bundle into dist/ (scripts/build.sh: trunk build --release --offline)
#   4. e2e      node --test tests/e2e/ against dist/ in headless Chromium (playwright-core)
# Every stage runs even if an earlier one failed (except e2e, which needs the build), so one
# run shows every failure; the exit code is non-zero if any stage failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

# wasm-bindgen-test-runner (the wasm32 runner in .cargo/config.toml) drives Chromium through
# chromedriver; webdriver.json adds Chromium flags for root / containers / a closed network.
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/webdriver.json"
# Cold Chromium starts can be slow on a loaded 2-core machine (defaults: 5s / 20s).
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"

declare -a SUMMARY=()
FAILED=0

# run_stage NAME COMMAND...: runs COMMAND, records "NAME PASS|FAIL (Ns)".
run_stage() {
  local name=$1; shift
  local t0=$SECONDS
  echo "=== $name: $*"
  if "$@"; then
    SUMMARY+=("$(printf '%-8s PASS  (%ss)' "$name" $((SECONDS - t0)))")
    echo "=== $name: PASS in $((SECONDS - t0))s"
  else
    SUMMARY+=("$(printf '%-8s FAIL  (%ss)' "$name" $((SECONDS - t0)))")
    echo "=== $name: FAIL in $((SECONDS - t0))s"
    FAILED=1
    return 1
  fi
}

# 1. Native tests: the whole workspace except the wasm-only app crate.
run_stage native cargo test --workspace --exclude splr-playground || true

# 2. Browser component tests (tests/*.rs of the app, `run_in_browser`).
run_stage browser cargo test -p splr-playground --target wasm32-unknown-unknown || true

# 3. Release bundle, with the local wasm-bindgen and npm's wasm-opt, no network.
if run_stage build bash scripts/build.sh; then
  # 4. End-to-end tests against dist/.
  run_stage e2e node --test tests/e2e/ || true
else
  SUMMARY+=("$(printf '%-8s SKIP  (no build)' e2e)")
fi

echo
echo "=== summary"
printf '  %s\n' "${SUMMARY[@]}"
exit "$FAILED"
