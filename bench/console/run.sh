#!/usr/bin/env bash
# The console's numbers (on demand; not part of the test suite): first paint and weight of the overview with 100
# services, a change's delay to an open page, and the create-cluster → task definition → service → steady state journey
# through the console (Playwright, Debian's Chromium) side by side with the AWS CLI. Needs ./dockyard test's browser
# dependencies (node, the npm packages of integration/src/test/browser, /usr/bin/chromium) and the busybox test image.
# usage: bench/console/run.sh   (env: SERVICES=100 RUNS=10 JOURNEYS=3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$JAVA_HOME/bin/java" -jar server/target/dockyard.jar up --port "$PORT" --data-dir "$DATA" --dns-address off >"$DATA/dockyard.log" 2>&1 &
PID=$!
cleanup() {
  curl -s -X POST -H 'X-Dockyard-Dev: 1' "http://127.0.0.1:$PORT/_dockyard/reset" >/dev/null || true
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/_dockyard/health" && break; sleep 0.2; done
CONSOLE_URL="http://127.0.0.1:$PORT" node bench/console/measure.mjs
