#!/usr/bin/env bash
# awslogs shipping by the agent: lines/s from containers, print-to-visible delay. Builds nothing (./dockyard build first).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
dir=$(mktemp -d)
"$JAVA" -jar server/target/dockyard.jar up --port 4613 --data-dir "$dir" --dns-address off > "$dir/dockyard.log" 2>&1 &
dy=$!
trap 'curl -s -XPOST localhost:4613/_dockyard/reset >/dev/null; kill $dy 2>/dev/null; wait $dy 2>/dev/null; rm -rf "$dir"' EXIT
for i in $(seq 1 60); do curl -sf localhost:4613/_dockyard/health >/dev/null && break; sleep 0.5; done
python3 bench/awslogs/bench.py http://localhost:4613 "$@"
