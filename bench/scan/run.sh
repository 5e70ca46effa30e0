#!/usr/bin/env bash
# Image scan benchmark: a 100 MiB, 500-package image against a 50,000-entry OSV database (bench/README.md).
#   bench/scan/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
mvn -o -q -pl registry -am compile
CP_FILE=$(mktemp)
mvn -o -q -pl registry dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$ROOT/registry/target/classes:$ROOT/core/target/classes:$ROOT/protocol/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
"$JAVA_HOME/bin/java" -Xmx512m -cp "$CP" "$ROOT/bench/scan/ScanBench.java"
