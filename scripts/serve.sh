#!/usr/bin/env bash
# Dev server: the release bundle (built as scripts/build.sh does) served by trunk at
# http://127.0.0.1:8080 (address/port from Trunk.toml), rebuilt on changes. Offline: trunk uses
# the tools scripts/setup.sh installed.
# Extra arguments go to `trunk serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
source scripts/bundle-env.sh
echo "serve: http://127.0.0.1:8080/"
exec trunk serve --release --offline "$@"
