#!/usr/bin/env bash
# Starts Debian's PostgreSQL for the tests (installing it if missing) with a role dockyard/dockyard
# that may create databases; prints the URL the tests use (DOCKYARD_TEST_DATABASE overrides it).
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null; then
  echo "test-postgres: installing postgresql" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -1) || true
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main >/dev/null
  read -r version cluster port status _ < <(pg_lsclusters -h | head -1)
fi
[ "$status" = online ] || pg_ctlcluster "$version" "$cluster" start
for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.2; done
su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='dockyard'\"" | grep -q 1 \
  || su postgres -c "psql -q -p $port -c \"CREATE ROLE dockyard LOGIN PASSWORD 'dockyard' CREATEDB\""
su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='dockyard'\"" | grep -q 1 \
  || su postgres -c "psql -q -p $port -c \"CREATE DATABASE dockyard OWNER dockyard\""
echo "postgresql://dockyard:dockyard@127.0.0.1:$port/dockyard"
