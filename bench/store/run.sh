#!/usr/bin/env bash
# Store commits/s on SQLite and (given a URL, or the test database of scripts/test-postgres.sh) PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -f server/target/dockyard.jar ] || mvn -q -o install -DskipTests
url=${1:-}
if [ -z "$url" ]; then
  admin=$(scripts/test-postgres.sh | tail -1)
  db=dockyard_bench_$$
  PGPASSWORD=dockyard psql -q -h 127.0.0.1 -U dockyard -d dockyard -c "CREATE DATABASE $db"
  trap 'PGPASSWORD=dockyard psql -q -h 127.0.0.1 -U dockyard -d dockyard -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
  url="${admin%/*}/$db"
fi
"$JAVA_HOME/bin/java" -cp "server/target/dockyard.jar:server/target/lib/*" bench/store/StoreBench.java "$url"
