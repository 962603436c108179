#!/usr/bin/env bash
# Starts the local ARM emulator on 127.0.0.1 (default port 8090) and prints its base URL.
# Flags go to the emulator: bash scripts/emulator.sh --port 8090 --speed 60 --scenario webpubsub-pls
# (see `bash scripts/emulator.sh --help`). Live mode: choose "Custom endpoint" and paste the URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo run --quiet --release -p splr-emulator -- "$@"
