#!/usr/bin/env bash
# Registry blobs on S3 vs on the file store, on demand: three Dockyards that differ only in --blob-store
# (file; S3 with streamed pulls; S3 with presigned pulls) against one local S3Proxy on its filesystem
# backend, all on loopback; the same client pushes and pulls 100 MiB blobs (S3Bench.java). Prints a
# markdown table with the S3 times as multiples of the file store's.
#   bench/registry/s3.sh             (SIZE_MIB=100 OPS=5 ROUNDS=3 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
[ -f "$ROOT/server/target/dockyard.jar" ] || (cd "$ROOT" && mvn -q -B -DskipTests install -pl server -am)
S3PROXY="$ROOT/registry/target/s3proxy/s3proxy.jar"
[ -f "$S3PROXY" ] || (cd "$ROOT" && mvn -q -B -DskipTests test-compile -pl registry)
WORK=$(mktemp -d /tmp/registry-s3-bench-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
S3_PORT=$(free_port); FILE_PORT=$(free_port); S3_DY_PORT=$(free_port); PRESIGNED_PORT=$(free_port)
mkdir -p "$WORK/s3/bench"
cat > "$WORK/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3
PROPS
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
"$JAVA" -Xmx512m -jar "$S3PROXY" --properties "$WORK/s3proxy.properties" >"$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)
dockyard() { # port data-dir blob-store presigned
  env DOCKYARD_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret \
      DOCKYARD_S3_PRESIGNED_PULLS="$4" \
    "$JAVA" -XX:+UseSerialGC -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$ROOT/server/target/dockyard.jar" server \
      --port "$1" --data-dir "$WORK/$2" --blob-store "$3" --dns-address off >"$WORK/$2.log" 2>&1 &
  PIDS+=($!)
}
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.2; done
dockyard "$FILE_PORT" file file false
dockyard "$S3_DY_PORT" s3 s3://bench/streamed false
dockyard "$PRESIGNED_PORT" presigned s3://bench/presigned true
for port in "$FILE_PORT" "$S3_DY_PORT" "$PRESIGNED_PORT"; do
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/_dockyard/health" >/dev/null && break; sleep 0.2; done
done
"$JAVA" -cp "$ROOT/bench/registry" "$ROOT/bench/registry/S3Bench.java" "http://127.0.0.1:$FILE_PORT" "http://127.0.0.1:$S3_DY_PORT" "http://127.0.0.1:$PRESIGNED_PORT"
