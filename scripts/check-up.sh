#!/usr/bin/env bash
# Checks the README's first command as a user runs it: `./dockyard up` from this checkout in the background, health,
# one `aws ecs create-cluster`, then SIGTERM. Fails unless Dockyard answers, exits within 2 s of the SIGTERM, prints
# no `[error]` line (JVM) or level=ERROR line, and logs no warning while stopping. Run by .ci/run after the tests.
# usage: scripts/check-up.sh [port]      (default: a free port; state in a temporary directory, removed afterwards)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
DATA="$(mktemp -d)"
LOG="$(mktemp)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$DATA" "$LOG"
}
trap cleanup EXIT
fail() { echo "check-up: FAILED: $*" >&2; echo "--- output of ./dockyard up:" >&2; cat "$LOG" >&2; exit 1; }
now_ms() { date +%s%3N; }

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
"$ROOT/dockyard" up --port "$PORT" --data-dir "$DATA" >"$LOG" 2>&1 &
pid=$!

# The first start after a build writes the class-data archive (and builds when the jar is missing): allow for it.
for _ in $(seq 1 3000); do
  curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/_dockyard/health" && break
  kill -0 "$pid" 2>/dev/null || fail "./dockyard up exited before answering health"
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/_dockyard/health" || fail "health did not answer within 300 s"
health=$(curl -s "http://127.0.0.1:$PORT/_dockyard/health")
echo "check-up: health $health"

out=$(aws --endpoint-url "http://127.0.0.1:$PORT" ecs create-cluster --cluster-name check-up --output json) || fail "create-cluster failed"
echo "$out" | grep -q '"clusterArn": "arn:aws:ecs:us-east-1:000000000000:cluster/check-up"' || fail "create-cluster answered: $out"

before=$(wc -l <"$LOG")
t0=$(now_ms)
kill -TERM "$pid"
for _ in $(seq 1 500); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
waited=$(( $(now_ms) - t0 ))
kill -0 "$pid" 2>/dev/null && fail "still running $waited ms after SIGTERM"
wait "$pid" 2>/dev/null || true
pid=""
echo "check-up: exited ${waited} ms after SIGTERM"
[ "$waited" -le 2000 ] || fail "exit took ${waited} ms after SIGTERM (limit 2000 ms)"
if grep -E '\[error\]|level=ERROR' "$LOG"; then fail "error lines in the output"; fi
if tail -n +"$((before + 1))" "$LOG" | grep -E 'level=WARN|\[warning\]'; then fail "warnings while stopping"; fi
echo "check-up: ok (./dockyard up, health, create-cluster, SIGTERM exit in ${waited} ms, no error line)"
