#!/usr/bin/env bash
# Edge checks' cost per request, and health/DescribeTasks latency during a 50 MB body flood (on demand).
# usage: bench/edge/run.sh [seconds=60]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -f server/target/dockyard.jar ] || [ -n "$(find . -name '*.java' -path '*/src/main/*' -newer server/target/dockyard.jar -print -quit)" ]; then
  mvn -q -o -pl server -am package -DskipTests
fi
CP="server/target/dockyard.jar:$(ls server/target/lib/*.jar | tr '\n' ':')"
exec "$JAVA_HOME/bin/java" -cp "$CP" bench/edge/EdgeBench.java "$@"
