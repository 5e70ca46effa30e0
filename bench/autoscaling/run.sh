#!/usr/bin/env bash
# Application Auto Scaling: reaction time (a metric crossing its target → the new task RUNNING), capacity (a task
# that does not fit → a new host and the task RUNNING) and the scaler's cost with 1,000 scalable targets and policies, on one Dockyard (`up`: embedded agent, real containers).
# usage: bench/autoscaling/run.sh [targets]   (builds nothing: run ./dockyard build first; needs Docker and the test image)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
dir=$(mktemp -d)
"$JAVA" -jar "${DOCKYARD_JAR:-server/target/dockyard.jar}" up --port 4621 --data-dir "$dir" --dns-address off > "$dir/dockyard.log" 2>&1 &
dy=$!
trap 'curl -s -X POST -H "X-Dockyard-Dev: 1" localhost:4621/_dockyard/reset >/dev/null; kill $dy 2>/dev/null; wait $dy 2>/dev/null || true; rm -rf "$dir"' EXIT
for i in $(seq 1 60); do curl -sf localhost:4621/_dockyard/health >/dev/null && break; sleep 0.5; done
python3 bench/autoscaling/bench.py http://localhost:4621 "$dy" "${1:-1000}"
