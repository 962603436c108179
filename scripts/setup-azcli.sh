#!/usr/bin/env bash
# Installs the real Azure CLI (PyPI `azure-cli`, pinned) into a virtualenv the project owns,
# .tools/azure-cli/ (git-ignored), for emulator/tests/real_az.rs, which pastes the generated
# bash commands into real bash with the real `az` pointed at the ARM emulator on 127.0.0.1.
# Idempotent: when the venv's `az version` already reports the pin it only checks (~2 s).
#
#   bash scripts/setup-azcli.sh            # install / check
#   SPLR_AZCLI_VENV=/some/dir bash ...     # another location (the test then needs SPLR_AZ)
#
# First-time cost, measured on the 2-core dev machine shared with other builds: 8 min (mostly pip
# resolving and downloading ~180 packages), 733 MB in .tools/azure-cli. See README.md.
set -euo pipefail

SPLR_ROOT="${SPLR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
AZURE_CLI_VERSION="2.91.0"
VENV="${SPLR_AZCLI_VENV:-$SPLR_ROOT/.tools/azure-cli}"
AZ="$VENV/bin/az"

log() { printf 'setup: %s\n' "$*"; }

# `az version` in a throw-away config dir (never ~/.azure), telemetry off. On its first run in a config
# dir az checks for a newer release (azure/cli/core/util.py handle_version_update: a HEAD to Azure
# Storage, no setting turns it off), so the proxies point at a closed loopback port: nothing leaves.
az_version() {
  local cfg
  cfg="$(mktemp -d)"
  env AZURE_CONFIG_DIR="$cfg" AZURE_CORE_COLLECT_TELEMETRY=no AZURE_CORE_NO_COLOR=1 \
    HTTPS_PROXY=http://127.0.0.1:1 HTTP_PROXY=http://127.0.0.1:1 https_proxy=http://127.0.0.1:1 \
    http_proxy=http://127.0.0.1:1 NO_PROXY= no_proxy= \
    "$AZ" version --output tsv --query '"azure-cli"' 2>/dev/null || true
  rm -rf "$cfg"
}

if [[ -x "$AZ" && "$(az_version)" == "$AZURE_CLI_VERSION" ]]; then
  log "azure-cli $AZURE_CLI_VERSION (.tools/azure-cli): ok"
  exit 0
fi

command -v python3 >/dev/null || { echo "setup: python3 is required for the Azure CLI" >&2; exit 1; }
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  log "python3 venv/ensurepip missing: installing python3-venv with apt-get"
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; fi
fi

log "azure-cli $AZURE_CLI_VERSION: installing into ${VENV#"$SPLR_ROOT"/} (a few minutes the first time)"
t0=$SECONDS
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  "azure-cli==$AZURE_CLI_VERSION"
got="$(az_version)"
if [[ "$got" != "$AZURE_CLI_VERSION" ]]; then
  echo "setup: $AZ reports azure-cli '$got', expected $AZURE_CLI_VERSION" >&2
  exit 1
fi
log "azure-cli $AZURE_CLI_VERSION: installed in $((SECONDS - t0))s ($(du -sh "$VENV" | cut -f1))"
