#!/usr/bin/env bash
# Pull-through cache: a pull of a cached image against a pull of the same image pushed straight into the same
# registry, side by side (alternating, ratio pair by pair). The upstream is a second Dockyard on plain HTTP; the image is
# the busybox test image plus one layer of SIZE MiB of random bytes; skopeo copies to a fresh dir: each time.
# usage: bench/registry/pull_through.sh [size-MiB=100] [runs=7]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
MIB=${1:-100}; RUNS=${2:-7}
[ -f server/target/dockyard.jar ] || ./dockyard build
bash scripts/make-test-image.sh >/dev/null
dir=$(mktemp -d); pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$dir"; docker rmi -f bench-ptc:v1 >/dev/null 2>&1 || true' EXIT
start() {
  "$JAVA" -jar server/target/dockyard.jar server --port "$1" --data-dir "$dir/d$1" --dns-address off > "$dir/d$1.log" 2>&1 & pids+=($!)
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://localhost:$1/_dockyard/health" && return 0; sleep 0.5; done
  echo "Dockyard on $1 did not start" >&2; exit 1
}
UP=4641; CACHE=4642
start $UP; start $CACHE
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
up() { aws --endpoint-url "http://localhost:$UP" "$@"; }
cache() { aws --endpoint-url "http://localhost:$CACHE" "$@"; }
creds_up="AWS:$(up ecr get-login-password)"; creds="AWS:$(cache ecr get-login-password)"

mkdir -p "$dir/img"; head -c "${MIB}M" /dev/urandom > "$dir/img/blob"
printf 'FROM dockyard-test/busybox:latest\nCOPY blob /blob\n' > "$dir/img/Dockerfile"
docker build -q -t bench-ptc:v1 "$dir/img" >/dev/null
up ecr create-repository --repository-name team/app >/dev/null
cache ecr create-repository --repository-name direct/app >/dev/null
skopeo copy -q --dest-tls-verify=false --dest-creds "$creds_up" docker-daemon:bench-ptc:v1 "docker://localhost:$UP/team/app:v1"
skopeo copy -q --dest-tls-verify=false --dest-creds "$creds" docker-daemon:bench-ptc:v1 "docker://localhost:$CACHE/direct/app:v1"
# the upstream's registry wants a token (even in local mode): the rule reads it from a secret, as ECR's rules do
secret=$(cache secretsmanager create-secret --name ecr-pullthroughcache/upstream --query ARN --output text \
  --secret-string "{\"username\":\"AWS\",\"accessToken\":\"${creds_up#AWS:}\"}")
cache ecr create-pull-through-cache-rule --ecr-repository-prefix mirror --upstream-registry-url "localhost:$UP" --credential-arn "$secret" >/dev/null

pull() { rm -rf "$dir/out"; skopeo copy -q --src-tls-verify=false --src-creds "$creds" "docker://localhost:$CACHE/$1" "dir:$dir/out"; }
ms() { local t0; t0=$(date +%s%N); pull "$1" || { echo "pull of $1 failed" >&2; return 1; }; echo $(( ($(date +%s%N) - t0) / 1000000 )); }
first=$(ms mirror/team/app:v1) || exit 1
echo "first pull through the cache (fetched from the upstream): ${first} ms"
pull direct/app:v1 >/dev/null   # warm-up
cached=(); direct=(); ratio=()
for _ in $(seq 1 "$RUNS"); do
  c=$(ms mirror/team/app:v1) || exit 1; d=$(ms direct/app:v1) || exit 1
  cached+=("$c"); direct+=("$d"); ratio+=("$(awk -v c="$c" -v d="$d" 'BEGIN{printf "%.3f", c/d}')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "cached pull (mirror/team/app:v1):  median $(median "${cached[@]}") ms  [${cached[*]}]"
echo "normal pull (direct/app:v1):       median $(median "${direct[@]}") ms  [${direct[*]}]"
echo "cached / normal, pair by pair:     median $(median "${ratio[@]}")  [${ratio[*]}]"
