#!/usr/bin/env bash
# Registry benchmark, on demand: Dockyard vs Debian's docker-registry (CNCF Distribution 2.8), both on
# loopback, same client (RegistryBench.java), same data. Prints markdown tables.
#   bench/registry/run.sh            (installs docker-registry with apt if missing; builds Dockyard if needed)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v docker-registry >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null; }
[ -f "$ROOT/server/target/dockyard.jar" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)
WORK=$(mktemp -d /tmp/registry-bench-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DY_PORT=$(free_port); DS_PORT=$(free_port)
cat > "$WORK/distribution.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $WORK/distribution}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$DS_PORT}
YML
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$ROOT/server/target/dockyard.jar" server \
  --port "$DY_PORT" --data-dir "$WORK/dockyard" >"$WORK/dockyard.log" 2>&1 &
DY_PID=$!
docker-registry serve "$WORK/distribution.yml" >"$WORK/distribution.log" 2>&1 &
DS_PID=$!
cleanup() { kill "$DY_PID" "$DS_PID" 2>/dev/null || true; wait "$DY_PID" "$DS_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$DY_PORT/_dockyard/health" >/dev/null && curl -s -o /dev/null "http://127.0.0.1:$DS_PORT/v2/" && break
  sleep 0.2
done
"$JAVA_HOME/bin/java" "$ROOT/bench/registry/RegistryBench.java" "http://127.0.0.1:$DY_PORT" "http://127.0.0.1:$DS_PORT" "$DY_PID"
