#!/usr/bin/env bash
# CloudWatch metrics: Dockyard (CBOR and Query) and moto_server (Query) side by side.
# usage: bench/cloudwatch/run.sh   (builds nothing: run ./dockyard build first)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
dir=$(mktemp -d)
./dockyard server --port 4611 --data-dir "$dir" --dns-address off > "$dir/dockyard.log" 2>&1 &   # the launcher: its JVM flags, as users run it
dy=$!
moto_server -p 4612 > "$dir/moto.log" 2>&1 &
moto=$!
trap 'kill $dy $moto 2>/dev/null; rm -rf "$dir"' EXIT
for i in $(seq 1 60); do curl -sf localhost:4611/_dockyard/health >/dev/null && curl -s localhost:4612 >/dev/null && break; sleep 0.5; done
GMD_CALLS=${GMD_CALLS:-40} python3 bench/cloudwatch/bench.py http://localhost:4611 cbor
# moto_server does not get through 24 h of 100 metrics (its GetMetricData times out): the side-by-side run uses 60 minutes
python3 bench/cloudwatch/bench.py http://localhost:4611 http://localhost:4612 --protocol query --minutes 60
