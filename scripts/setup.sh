#!/usr/bin/env bash
# Installs everything the playground needs to build, serve, test and benchmark, on a fresh
# Debian machine that has only rustup's stable toolchain, node and npm. Idempotent: when
# everything is present it only checks versions and takes a few seconds.
#
#   bash scripts/setup.sh          # install / check
#   source scripts/setup.sh        # same, and keep the PATH additions in this shell
#
# Tool choices (why):
#   - wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly (trunk refuses
#     another version offline); installed WITHOUT --locked, as one of its locked deps is
#     missing from the crates.io mirror here. It also provides wasm-bindgen-test-runner.
#   - wasm-opt comes from npm's binaryen@132 (package.json), never Debian's binaryen 108,
#     whose wasm-opt produces crashing bundles. Trunk.toml pins wasm_opt = "version_132".
#   - rust-src lets the release bundle rebuild std for size (scripts/bundle-env.sh).
#   - The real Azure CLI (emulator/tests/real_az.rs) comes from PyPI into a venv the project owns,
#     .tools/azure-cli/ (scripts/setup-azcli.sh), never the machine's own az.
#   - Browser tests use Debian's chromium + chromium-driver; Playwright's own browser
#     download cannot work here, so playwright-core drives /usr/bin/chromium.

SPLR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SPLR_ROOT

# PATH additions for the callers: cargo-installed tools, then the npm tools (wasm-opt from
# binaryen 132) in front of everything so trunk never picks a system wasm-opt.
# SPLR_TOOLS_ROOT is where `cargo install` puts trunk and wasm-bindgen-cli: CARGO_HOME's by
# default; .ci/run keeps it at the usual one while it gives the crates an empty CARGO_HOME.
SPLR_TOOLS_ROOT="${SPLR_TOOLS_ROOT:-${CARGO_HOME:-$HOME/.cargo}}"
export SPLR_TOOLS_ROOT
export PATH="$SPLR_ROOT/node_modules/.bin:$SPLR_TOOLS_ROOT/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROME_BIN="${CHROME_BIN:-/usr/bin/chromium}"

TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="132"

splr_log() { printf 'setup: %s\n' "$*"; }

# Run as root directly, otherwise through sudo (apt-get only).
splr_as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# The version of wasm-bindgen that Cargo.lock pins (the first `name = "wasm-bindgen"` entry).
splr_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { found = 1; next }
       found && /^version = / { gsub(/"/, "", $3); print $3; exit }' "$SPLR_ROOT/Cargo.lock"
}

splr_setup() {
  local t0=$SECONDS
  cd "$SPLR_ROOT"

  command -v cargo >/dev/null || { echo "setup: cargo not found (install rustup's stable toolchain)" >&2; return 1; }
  command -v node >/dev/null && command -v npm >/dev/null \
    || { echo "setup: node and npm are required (node >= 20)" >&2; return 1; }

  # 1. The wasm target for rustc.
  if command -v rustup >/dev/null; then
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
      splr_log "rust target wasm32-unknown-unknown: ok"
    else
      splr_log "rust target wasm32-unknown-unknown: installing"
      rustup target add wasm32-unknown-unknown
    fi
    # rust-src: the release bundle rebuilds std for size (scripts/bundle-env.sh).
    if rustup component list --installed | grep -qx 'rust-src'; then
      splr_log "rust component rust-src: ok"
    else
      splr_log "rust component rust-src: installing"
      rustup component add rust-src
    fi
  else
    splr_log "rustup not found; assuming the toolchain already has wasm32-unknown-unknown (and rust-src)"
  fi

  # 2. wasm-bindgen-cli at exactly Cargo.lock's version.
  local wbg_version
  wbg_version="$(splr_wasm_bindgen_version)"
  [[ -n "$wbg_version" ]] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; return 1; }
  # Another process may be installing it right now: wait for it rather than racing it.
  if pgrep -f "cargo install wasm-bindgen" >/dev/null 2>&1; then
    splr_log "wasm-bindgen-cli: another 'cargo install' is running, waiting for it"
    while pgrep -f "cargo install wasm-bindgen" >/dev/null 2>&1; do sleep 5; done
  fi
  if [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen $wbg_version" ]] \
     && command -v wasm-bindgen-test-runner >/dev/null; then
    splr_log "wasm-bindgen-cli $wbg_version: ok"
  else
    splr_log "wasm-bindgen-cli $wbg_version: installing (several minutes)"
    # No --locked: one of its locked dependencies is missing from the mirror.
    # --force: replace any other version, even one cargo thinks is current.
    cargo install wasm-bindgen-cli --version "$wbg_version" --force --root "$SPLR_TOOLS_ROOT"
  fi

  # 3. trunk.
  if [[ "$(trunk --version 2>/dev/null || true)" == "trunk $TRUNK_VERSION" ]]; then
    splr_log "trunk $TRUNK_VERSION: ok"
  else
    splr_log "trunk $TRUNK_VERSION: installing (several minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --force --root "$SPLR_TOOLS_ROOT"
  fi

  # 4. Debian's chromium + chromedriver for the browser tests.
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    splr_log "chromium + chromedriver: ok"
  else
    splr_log "chromium + chromedriver: installing with apt-get"
    splr_as_root apt-get update -qq
    splr_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi

  # 5. npm dev tools (playwright-core, binaryen, axe-core) from the committed package-lock.json.
  #    npm writes node_modules/.package-lock.json on install: if the committed lock is newer,
  #    node_modules is stale. `npm ci` fails if package.json and the lock disagree.
  if [[ -f node_modules/.package-lock.json && ! package-lock.json -nt node_modules/.package-lock.json \
        && -x node_modules/.bin/wasm-opt && -d node_modules/playwright-core && -d node_modules/axe-core ]]; then
    splr_log "npm dev dependencies: ok"
  else
    splr_log "npm dev dependencies: npm ci"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  fi
  local wasm_opt_out
  wasm_opt_out="$(wasm-opt --version 2>/dev/null || true)"
  if [[ "$wasm_opt_out" != *"version $WASM_OPT_VERSION "* ]]; then
    echo "setup: wasm-opt on PATH is '$(command -v wasm-opt)' ($wasm_opt_out), expected binaryen $WASM_OPT_VERSION from node_modules/.bin" >&2
    return 1
  fi
  splr_log "wasm-opt $WASM_OPT_VERSION (npm binaryen): ok"

  # 6. Crate sources: `trunk build --offline` also passes --offline to cargo, which then can't
  #    download anything. Fetching here (instant when cached) lets serve/bench run offline.
  cargo fetch --quiet
  splr_log "crate sources: ok"

  # 7. The standard library's own crates (compiler_builtins, hashbrown, moto-rt, ...): the
  #    release bundle rebuilds std (-Zbuild-std, scripts/bundle-env.sh), and cargo resolves
  #    that from library/Cargo.lock, not from ours, so step 6 does not fetch them. Without them
  #    an offline build fails ("no matching package named `moto-rt`"). A failed fetch is not
  #    fatal: bundle-env.sh then builds with plain std and says so.
  local std_lib
  std_lib="$(rustc --print sysroot)/lib/rustlib/src/rust/library"
  if [[ ! -f "$std_lib/Cargo.lock" ]]; then
    splr_log "std crates: no rust-src, the bundle uses plain std"
  elif RUSTC_BOOTSTRAP=1 cargo fetch --quiet --locked --manifest-path "$std_lib/Cargo.toml"; then
    splr_log "std crates (for -Zbuild-std): ok"
  else
    splr_log "std crates: fetch failed, the bundle uses plain std (scripts/bundle-env.sh)"
  fi

  # 8. The real Azure CLI (pinned, in .tools/azure-cli/) for emulator/tests/real_az.rs.
  bash "$SPLR_ROOT/scripts/setup-azcli.sh"

  splr_log "done in $((SECONDS - t0))s"
}

# The work runs in a subshell, so its `cd` and options never leak into a sourcing shell; only
# the PATH exports above do. An interactive shell that sources this is not given `set -e`.
if [[ $- != *i* ]]; then set -euo pipefail; fi
( set -euo pipefail; splr_setup )
