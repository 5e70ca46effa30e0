#!/usr/bin/env bash
# SQS: Dockyard (journal fsynced per group commit), ElasticMQ (in memory) and moto_server side by side, one after the
# other, with the same client (SqsBench.java: 16 clients send/receive/delete in batches of 10, then long-poll latency).
# usage: bench/sqs/run.sh [seconds=10] [clients=16] [polls=200] [postgres]   (ElasticMQ is resolved from Maven Central once)
# With "postgres" (4th argument): Dockyard embedded and Dockyard on PostgreSQL (a fresh database on the server
# scripts/test-postgres.sh starts, or on DOCKYARD_BENCH_DATABASE: an admin URL whose role may create databases), no peers.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
SECONDS_=${1:-10}; CLIENTS=${2:-16}; POLLS=${3:-200}; MODE=${4:-peers}
[ -f server/target/dockyard.jar ] || ./dockyard build
dir=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$dir"' EXIT

# ElasticMQ's classpath, resolved with Maven into ~/.m2 (a peer to measure against, not a dependency)
emq="$HOME/.cache/dockyard-bench/elasticmq"
if [ "$MODE" != postgres ] && [ ! -s "$emq/cp.txt" ]; then
  mkdir -p "$emq"
  cat > "$emq/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>bench</groupId><artifactId>elasticmq</artifactId><version>1</version>
<dependencies><dependency><groupId>org.elasticmq</groupId><artifactId>elasticmq-server_2.13</artifactId><version>1.6.11</version></dependency></dependencies></project>
POM
  (cd "$emq" && mvn -q dependency:build-classpath -Dmdep.outputFile=cp.txt)
fi

wait_for() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
run() { echo "== $1"; "$JAVA" bench/sqs/SqsBench.java "$2" "$SECONDS_" "$CLIENTS" "$POLLS"; }

"$JAVA" -jar server/target/dockyard.jar server --port 4630 --data-dir "$dir/dockyard" --dns-address off > "$dir/dockyard.log" 2>&1 & pids+=($!)
wait_for http://localhost:4630/_dockyard/health
run "Dockyard (durable: fsync before each answer)" http://localhost:4630
kill "${pids[-1]}"

if [ "$MODE" = postgres ]; then
  admin=${DOCKYARD_BENCH_DATABASE:-$(bash scripts/test-postgres.sh)}
  db="dockyard_bench_$(date +%s)"
  psql -q "$admin" -c "CREATE DATABASE $db"
  trap 'kill "${pids[@]}" 2>/dev/null; psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$dir"' EXIT
  "$JAVA" -jar server/target/dockyard.jar server --port 4632 --data-dir "$dir/dockyard-pg" --dns-address off --database "${admin%/*}/$db" \
    > "$dir/dockyard-pg.log" 2>&1 & pids+=($!)
  wait_for http://localhost:4632/_dockyard/health
  run "Dockyard on PostgreSQL (the queues a fleet shares; committed before each answer)" http://localhost:4632
  kill "${pids[-1]}"
  exit 0
fi

"$JAVA" -cp "$(cat "$emq/cp.txt")" org.elasticmq.server.Main > "$dir/elasticmq.log" 2>&1 & pids+=($!)
wait_for http://localhost:9324
run "ElasticMQ 1.6.11 (in memory)" http://localhost:9324
kill "${pids[-1]}"

if command -v moto_server >/dev/null; then
  moto_server -p 4631 > "$dir/moto.log" 2>&1 & pids+=($!)
  wait_for http://localhost:4631
  run "moto_server (in memory)" http://localhost:4631
fi
