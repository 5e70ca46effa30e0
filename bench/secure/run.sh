#!/usr/bin/env bash
# What secure mode costs per request, side by side with local mode (on demand; not part of the test suite).
# usage: bench/secure/run.sh [--seconds 10] [--clients 4] [--tls]   (--tls: also secure mode over HTTPS, client-side round trips)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -f server/target/dockyard.jar ] || [ -n "$(find . -name '*.java' -path '*/src/main/*' -newer server/target/dockyard.jar -print -quit)" ]; then
  mvn -q -o -pl server -am package -DskipTests
fi
exec "$JAVA_HOME/bin/java" -cp protocol/target/classes:core/target/classes bench/secure/SecureBench.java "$@"
