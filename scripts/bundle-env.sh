#!/usr/bin/env bash
# Sourced by build.sh and serve.sh: the environment of the release bundle's cargo build (the
# wasm that ships). Tests, native builds and `cargo build` by hand stay plain stable Rust.
#
# Why: the bundle rebuilds std with the app (-Zbuild-std, opt-level z and LTO across std too),
# with panic=immediate-abort and no panic locations. That drops the panic machinery (message
# formatting, file/line tables) from the wasm: 302.5 -> 280.8 KB gzip, -7 % (bench/README.md).
# These flags are unstable; RUSTC_BOOTSTRAP=1 allows them on the stable toolchain for this one
# build. A panic then traps without a message, since console_error_panic_hook never runs; for
# the user the page stops either way.
#
# It needs rust-src and std's own crates (scripts/setup.sh adds both). Where either is missing,
# rustc no longer takes the flags, or with SPLR_PLAIN_BUNDLE=1, the bundle is built the plain
# way, with a note: never a failed build.
#
# The bundle has its own target dir, so it and the plain builds don't rebuild each other's
# artifacts.

splr_bundle_env() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  export CARGO_TARGET_DIR="$root/target/bundle"
  # The same cfg as .cargo/config.toml: CARGO_ENCODED_RUSTFLAGS replaces the rustflags there.
  local flags=(--cfg erase_components)
  local small=(-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none)
  local sysroot
  sysroot="$(rustc --print sysroot 2>/dev/null || true)"
  # CI sets SPLR_REQUIRE_STD_REBUILD=1: there a fallback would hide a missing set-up step.
  splr_plain() {
    echo "bundle: plain std ($1)" >&2
    if [[ "${SPLR_REQUIRE_STD_REBUILD:-}" == 1 ]]; then
      echo "bundle: SPLR_REQUIRE_STD_REBUILD=1, so this is an error" >&2
      return 1
    fi
  }
  if [[ "${SPLR_PLAIN_BUNDLE:-}" == 1 ]]; then
    echo "bundle: plain std (SPLR_PLAIN_BUNDLE=1)"
  elif [[ ! -d "$sysroot/lib/rustlib/src/rust/library/std" ]]; then
    splr_plain "no rust-src component: rustup component add rust-src" || return 1
  elif ! RUSTC_BOOTSTRAP=1 rustc "${small[@]}" --target wasm32-unknown-unknown --print cfg >/dev/null 2>&1; then
    splr_plain "this rustc does not take: ${small[*]}" || return 1
  elif ! RUSTC_BOOTSTRAP=1 cargo fetch --offline --locked --quiet \
         --manifest-path "$sysroot/lib/rustlib/src/rust/library/Cargo.toml" >/dev/null 2>&1; then
    # The build is offline: std's own crates must already be here (scripts/setup.sh step 7).
    splr_plain "std's crates are not downloaded: run bash scripts/setup.sh online" || return 1
  else
    echo "bundle: std rebuilt for size (-Zbuild-std, ${small[*]})"
    flags+=("${small[@]}")
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  fi
  # Arguments separated by 0x1f, as cargo reads this variable.
  CARGO_ENCODED_RUSTFLAGS="$(IFS=$'\x1f'; printf '%s' "${flags[*]}")"
  export CARGO_ENCODED_RUSTFLAGS
}
splr_bundle_env || { echo "bundle: build environment refused (see above)" >&2; exit 1; }
