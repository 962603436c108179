#!/usr/bin/env bash
# The release bundle: trunk build --release --offline into dist/, in the bundle's build
# environment (scripts/bundle-env.sh). Extra arguments go to `trunk build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
source scripts/bundle-env.sh
exec trunk build --release --offline "$@"
