#!/usr/bin/env bash
# The console at scale (on demand): SERVICES services × TASKS tasks on INSTANCES simulated container instances (the agent
# protocol, no containers), then every page timed and checked, first paint in Chromium, and a change's delay to an open
# cluster page. Starts `dockyard server` (the control plane with no local capacity) on a free port with its own data.
# usage: bench/console/scale.sh   (env: SERVICES=1000 TASKS=10 INSTANCES=20 RUNS=5)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
./dockyard server --port "$PORT" --data-dir "$DATA" --dns-address off >"$DATA/dockyard.log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/_dockyard/health" && break; sleep 0.2; done
CONSOLE_URL="http://127.0.0.1:$PORT" node bench/console/scale.mjs
JPID=$(pgrep -f -- "--port $PORT" | head -1 || true)
[ -n "$JPID" ] && echo "Dockyard RSS at the end: $(awk '/VmRSS/ {print $2 " " $3}' /proc/"$JPID"/status), CPU $(awk -v t="$(getconf CLK_TCK)" '{print ($14+$15)/t " s"}' /proc/"$JPID"/stat)"
