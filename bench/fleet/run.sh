#!/usr/bin/env bash
# A simulated fleet (FleetBench.java) against REPLICAS control-plane replicas on one PostgreSQL database.
# Usage: bench/fleet/run.sh [replicas] -- [FleetBench options: --instances N --clusters C --tasks T --clients K ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -f server/target/dockyard.jar ] || mvn -q -o install -DskipTests
replicas=${1:-3}; shift || true; [ "${1:-}" = "--" ] && shift
# a replica keeps every record in memory: 100,000 tasks and 10,000 instances need more than the launcher's 384 MiB heap,
# and G1 (docs/fleet.md): Serial GC's full collections of 100-300 MB live stopped a replica for 0.5-1.5 s
# MaxTenuringThreshold=0: what survives a young collection here is a placed task, kept for good; copied once into the old
# generation rather than aged through the survivor spaces (2,087-2,209 placements/s in four runs, against 1,699 without)
export DOCKYARD_JAVA_OPTS=${DOCKYARD_JAVA_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=0 -XX:ThreadPriorityPolicy=1 -Xmx1536m}
admin=$(scripts/test-postgres.sh | tail -1)
db=dockyard_fleet_bench_$$
PGPASSWORD=dockyard psql -q -h 127.0.0.1 -U dockyard -d dockyard -c "CREATE DATABASE $db"
url="${admin%/*}/$db"
work=$(mktemp -d /tmp/fleet-bench-XXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PGPASSWORD=dockyard psql -q -h 127.0.0.1 -U dockyard -d dockyard -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
}
trap cleanup EXIT
endpoints=()
for i in $(seq 1 "$replicas"); do
  port=$((4700 + i))
  ./dockyard server --database "$url" --port "$port" --node-name "cp$i" --data-dir "$work/cp$i" --dns-address off \
    --lb-bind-address "127.0.0.$((30 + i))" >"$work/cp$i.log" 2>&1 &
  pids+=($!)
  endpoints+=("http://127.0.0.1:$port")
done
for e in "${endpoints[@]}"; do
  for _ in $(seq 1 300); do curl -sf "$e/_dockyard/health" >/dev/null && break; sleep 0.2; done
done
echo "replicas up: ${endpoints[*]} (logs in $work)"
IFS=,; eps="${endpoints[*]}"; unset IFS
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
# BENCH_JAVA_OPTS: the load generator's own JVM flags (e.g. -Xlog:gc:file=/tmp/gc-bench.log: its pauses count in every latency)
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "server/target/dockyard.jar:server/target/lib/*" bench/fleet/FleetBench.java --endpoints "$eps" "$@" &
bench=$!
wait $bench || status=$?
tick=$(getconf CLK_TCK)
for i in "${!pids[@]}"; do echo "CPU cp$((i + 1)): $(( $(cpu "${pids[$i]}") / tick )) s"; done
echo "CPU PostgreSQL (all backends, since its start): $(ps -C postgres -o times= | awk '{s+=$1} END {print s}') s"
exit "${status:-0}"
