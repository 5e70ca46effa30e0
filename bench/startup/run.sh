#!/usr/bin/env bash
# Start-up and idle memory of `./dockyard up` (through the launcher, as a user starts it) side by side with
# moto_server, and Dockyard's SIGTERM-to-exit time. Each run: a fresh data directory and free ports; start-up is
# from the process start to the first answer of its health URL; idle RSS is read IDLE (default 5) s later; then SIGTERM.
# usage: bench/startup/run.sh [runs=5]      (needs a built jar, Docker, curl, moto_server)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
IDLE=${IDLE:-5}   # seconds after the first health answer at which the idle RSS is read
command -v moto_server >/dev/null || { echo "moto_server not found (pip install 'moto[server]')" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
rss_mib() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# CPU time (user + system, ms) the process and its waited-for children have used: start-up cost independent of the machine's load.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15 + $16 + $17) * 1000 / hz }' "/proc/$1/stat"; }

# Waits until $1 answers (curl flags in $2) while process $3 lives; prints the ms since $4.
wait_up() {
  until curl -s -o /dev/null $2 --max-time 1 "$1"; do
    kill -0 "$3" 2>/dev/null || { echo "process exited" >&2; return 1; }
    sleep 0.01
  done
  echo $(( $(now_ms) - $4 ))
}

# Sends SIGTERM to $1 and prints the ms until it has exited (gives up after 30 s).
stop_ms() {
  local t0; t0=$(now_ms); kill -TERM "$1"
  for _ in $(seq 1 3000); do kill -0 "$1" 2>/dev/null || break; sleep 0.01; done
  wait "$1" 2>/dev/null || true
  echo $(( $(now_ms) - t0 ))
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ROOT/dockyard" build >/dev/null 2>&1 || true   # build and class-data archive, so no run pays for them

printf '%-4s | %-14s %-10s %-10s %-12s %-7s | %-14s %-10s %-10s\n' run "dockyard start" "start CPU" "idle RSS" "SIGTERM exit" "errors" "moto start" "start CPU" "idle RSS"
ds=(); dc=(); dr=(); dt=(); ms=(); mc=(); mr=()
for i in $(seq 1 "$RUNS"); do
  port=$(free_port); dns=$(free_port)
  log="$work/dockyard-$i.log"
  t0=$(now_ms)
  "$ROOT/dockyard" up --port "$port" --data-dir "$work/data-$i" --dns-address "127.0.0.1:$dns" >"$log" 2>&1 &
  pid=$!
  start=$(wait_up "http://127.0.0.1:$port/_dockyard/health" -f "$pid" "$t0")
  cpu=$(cpu_ms "$pid")
  sleep "$IDLE"; rss=$(rss_mib "$pid")
  stop=$(stop_ms "$pid")
  errors=$(grep -c -E '\[error\]|level=(WARN|ERROR)' "$log" || true)

  mport=$(free_port)
  t0=$(now_ms)
  moto_server -p "$mport" >"$work/moto-$i.log" 2>&1 &
  mpid=$!
  mstart=$(wait_up "http://127.0.0.1:$mport/" "" "$mpid" "$t0")
  mcpu=$(cpu_ms "$mpid")
  sleep "$IDLE"; mrss=$(rss_mib "$mpid")
  kill -TERM "$mpid"; wait "$mpid" 2>/dev/null || true

  printf '%-4s | %-14s %-10s %-10s %-12s %-7s | %-14s %-10s %-10s\n' "$i" "$start ms" "$cpu ms" "$rss MiB" "$stop ms" "$errors" "$mstart ms" "$mcpu ms" "$mrss MiB"
  ds+=("$start"); dc+=("$cpu"); dr+=("$rss"); dt+=("$stop"); ms+=("$mstart"); mc+=("$mcpu"); mr+=("$mrss")
  [ "$errors" = 0 ] || { echo "--- warnings/errors in run $i:"; grep -E '\[error\]|level=(WARN|ERROR)' "$log"; }
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
range() { printf '%s\n' "$@" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }
echo
echo "median (range) over $RUNS runs; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  dockyard up:  start $(median "${ds[@]}") ms ($(range "${ds[@]}")), CPU to health $(median "${dc[@]}") ms ($(range "${dc[@]}")), idle RSS $(median "${dr[@]}") MiB ($(range "${dr[@]}")), SIGTERM exit $(median "${dt[@]}") ms ($(range "${dt[@]}"))"
echo "  moto_server:  start $(median "${ms[@]}") ms ($(range "${ms[@]}")), CPU to health $(median "${mc[@]}") ms ($(range "${mc[@]}")), idle RSS $(median "${mr[@]}") MiB ($(range "${mr[@]}"))"
