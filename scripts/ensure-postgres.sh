#!/usr/bin/env bash
# Makes sure the PostgreSQL that the tests use answers. It checks
# LUVA_TEST_DATABASE_URL's server (default 127.0.0.1:5432) and, when nothing
# answers there, starts the local Debian cluster, installing PostgreSQL first
# if the machine has none. It fails loudly: the PostgreSQL tests must never be
# skipped quietly.
set -euo pipefail

host=127.0.0.1
port=5432
if [[ -n "${LUVA_TEST_DATABASE_URL:-}" ]]; then
  # postgres://user@host:port/db?... -> host and port
  hostport="${LUVA_TEST_DATABASE_URL#*://}"
  hostport="${hostport#*@}"
  hostport="${hostport%%/*}"
  host="${hostport%%:*}"
  [[ "$hostport" == *:* ]] && port="${hostport##*:}"
fi

answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$host" -p "$port" -t 3
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

if answers; then
  exit 0
fi
if [[ -n "${LUVA_TEST_DATABASE_URL:-}" && "$host" != "127.0.0.1" && "$host" != "localhost" ]]; then
  echo "ensure-postgres: PostgreSQL at $host:$port does not answer, and it is not local to start" >&2
  exit 1
fi

if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
  version="$(ls /etc/postgresql | sort -n | tail -1)"
  # Local test server only: trust connections from this machine.
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  sed -i -E 's/^(local\s+all\s+all\s+)\S+/\1trust/' "$hba"
fi

version="$(ls /etc/postgresql | sort -n | tail -1)"
echo "ensure-postgres: starting PostgreSQL $version"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  if answers; then
    break
  fi
  sleep 1
done
if ! answers; then
  echo "ensure-postgres: PostgreSQL did not start on $host:$port" >&2
  exit 1
fi
# The tests use the database "test"; create it when missing.
if command -v psql >/dev/null && ! psql -h "$host" -p "$port" -U postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'test'" postgres | grep -q 1; then
  psql -h "$host" -p "$port" -U postgres -qc "CREATE DATABASE test" postgres
fi
