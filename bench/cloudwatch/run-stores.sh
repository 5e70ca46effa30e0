#!/usr/bin/env bash
# MetricStoreBench.java: the GetMetricData-shaped read (100 metrics x 24 h at 60 s) on FileMetricStore and on
# PostgresMetricStore, on a fresh database of the test PostgreSQL (scripts/test-postgres.sh).
# Usage: bench/cloudwatch/run-stores.sh [metrics] [rounds]   (after mvn -o -q -pl server -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
admin=$(scripts/test-postgres.sh | tail -1)
db=dockyard_metric_bench_$$
PGPASSWORD=dockyard psql -q -h 127.0.0.1 -U dockyard -d dockyard -c "CREATE DATABASE $db"
trap 'PGPASSWORD=dockyard psql -q -h 127.0.0.1 -U dockyard -d dockyard -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
"$JAVA_HOME/bin/java" -Xmx1g -cp "server/target/dockyard.jar:server/target/lib/*" bench/cloudwatch/MetricStoreBench.java "${admin%/*}/$db" "$@"
