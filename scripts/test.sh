#!/usr/bin/env bash
# The test command of the README: installs what the tests need when it is
# missing (Chromium, the npm packages, a running PostgreSQL), then runs every Go
# test. PostgreSQL and browser tests are required here: they fail, never skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-test-deps.sh
bash scripts/ensure-postgres.sh

export LUVA_SCREENSHOT_DIR="${LUVA_SCREENSHOT_DIR:-$PWD/test-results/screenshots/$(date -u +%Y%m%d-%H%M%S)}"
unset LUVA_TEST_POSTGRES LUVA_TEST_BROWSER
echo "test: screenshots go to $LUVA_SCREENSHOT_DIR"
go test -count=1 "$@" ./...
