#!/usr/bin/env bash
# Installs what the browser tests need, and nothing else: Debian's Chromium
# and the npm packages in tools/npm (axe-core is injected into pages by the
# tests). Idempotent: silent when everything is already there, one line per
# thing it installs. The machines run as root, so apt-get needs no sudo.
# Tool output is kept and shown only when a step fails, so a CI log stays
# readable but a broken mirror is still diagnosable.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
npm_dir="$repo_root/tools/npm"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

run_quiet() {
  if ! "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "install-test-deps: failed: $*" >&2
    exit 1
  fi
}

if [[ ! -x /usr/bin/chromium ]]; then
  echo "install-test-deps: installing chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  run_quiet apt-get update
  run_quiet apt-get install -y --no-install-recommends chromium
fi

if [[ ! -f "$npm_dir/node_modules/axe-core/axe.min.js" ]]; then
  echo "install-test-deps: installing npm packages in tools/npm (npm ci)"
  if [[ -f "$npm_dir/package-lock.json" ]]; then
    run_quiet npm --prefix "$npm_dir" ci --no-audit --no-fund
  else
    run_quiet npm --prefix "$npm_dir" install --no-audit --no-fund
  fi
fi
