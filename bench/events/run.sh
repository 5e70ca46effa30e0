#!/usr/bin/env bash
# EventBridge pattern matching on one thread (PatternBench.java): 1,000 rules, 1,000,000 events.
# usage: bench/events/run.sh [rules=1000] [events=1000000]   (uses the compiled classes of events, protocol, core)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -d events/target/classes ] && [ -d store/target/classes ] || mvn -q -o -pl events,store -am compile
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
mvn -q -o -pl events dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null
exec "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -cp "events/target/classes:store/target/classes:$(cat "$cp")" bench/events/PatternBench.java "$@"
