#!/usr/bin/env bash
# Dockyard vs moto_server API benchmark (on demand; not part of the test suite).
# usage: bench/api/run.sh [--seconds 10] [--clients 16] [--tasks 50] [--moto-port 5001]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v moto_server >/dev/null || { echo "moto_server is not on PATH (pip install 'moto[server]')" >&2; exit 1; }
if [ ! -f server/target/dockyard.jar ] || [ -n "$(find . -name '*.java' -path '*/src/main/*' -newer server/target/dockyard.jar -print -quit)" ]; then
  mvn -q -o -pl server -am package -DskipTests
fi
exec "$JAVA_HOME/bin/java" bench/api/ApiBench.java "$@"
