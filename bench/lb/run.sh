#!/usr/bin/env bash
# On-demand benchmarks of Dockyard's load balancer and Cloud Map DNS against Debian peers, side by
# side on this machine (NOT part of mvn verify). Loopback only; every run is bounded in time.
#   bench/lb/run.sh            # ALB vs HAProxy (wrk), DNS vs dnsmasq (dnsperf)
#   STACKS=1 bench/lb/run.sh   # also Jetty ProxyHandler vs Vert.x HttpProxy (off-the-shelf proxies, for comparison)
# Needs: apt-get install wrk haproxy nginx-light dnsperf dnsmasq-base; the AWS CLI; a built server jar.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/lb"
W=/tmp/dockyard-bench-lb
DURATION=${DURATION:-10}
THREADS=$(nproc)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
for t in wrk haproxy nginx dnsperf dnsmasq aws; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 1; }; done
[ -f "$ROOT/server/target/dockyard.jar" ] || (cd "$ROOT" && JAVA_HOME=$JAVA_HOME mvn -q -o -pl server -am package -DskipTests)

rm -rf "$W"; mkdir -p "$W"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -f "$W/haproxy.pid" ] && kill "$(cat "$W/haproxy.pid")" 2>/dev/null || true
  [ -f "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# origin: nginx, 1 worker, 1 KiB body
sed "s/PAYLOAD/$(head -c 1024 /dev/zero | tr '\0' x)/" "$HERE/nginx.conf" > "$W/nginx.conf"
nginx -c "$W/nginx.conf"

# Dockyard: an ALB on :19080 forwarding to the origin; Cloud Map DNS on :19053
# through the launcher, so with the JVM flags users run it with
"$ROOT/dockyard" up --port 19566 --data-dir "$W/data" --dns-address 127.0.0.1:19053 > "$W/dockyard.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf localhost:19566/_dockyard/health >/dev/null && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
A="aws --endpoint-url http://localhost:19566 --output text"
LB=$($A elbv2 create-load-balancer --name bench --query 'LoadBalancers[0].LoadBalancerArn')
TG=$($A elbv2 create-target-group --name bench --protocol HTTP --port 19000 --target-type ip --query 'TargetGroups[0].TargetGroupArn')
$A elbv2 register-targets --target-group-arn "$TG" --targets Id=127.0.0.1,Port=19000
$A elbv2 create-listener --load-balancer-arn "$LB" --protocol HTTP --port 19080 --default-actions "Type=forward,TargetGroupArn=$TG" >/dev/null
NS_OP=$($A servicediscovery create-private-dns-namespace --name bench.local --vpc vpc-bench --query OperationId)
NS=$($A servicediscovery get-operation --operation-id "$NS_OP" --query Operation.Targets.NAMESPACE)
SVC=$($A servicediscovery create-service --name web --dns-config "NamespaceId=$NS,DnsRecords=[{Type=A,TTL=60}]" --query Service.Id)
for i in 1 2 3; do $A servicediscovery register-instance --service-id "$SVC" --instance-id "web-$i" --attributes "AWS_INSTANCE_IPV4=127.0.0.$i" >/dev/null; done

# HAProxy on :19081 with as many threads as Dockyard has event loops
sed "s/NBTHREAD/$THREADS/" "$HERE/haproxy.cfg" > "$W/haproxy.cfg"
haproxy -f "$W/haproxy.cfg" -D -p "$W/haproxy.pid"

# dnsmasq on :19054 answering the same name
dnsmasq --keep-in-foreground --port=19054 --listen-address=127.0.0.1 --bind-interfaces --no-resolv --no-hosts \
  --host-record=web.bench.local,127.0.0.1 --pid-file="$W/dnsmasq.pid" --cache-size=1000 &
PIDS+=($!)

if [ "${STACKS:-0}" = 1 ]; then
  # Dockyard's own runtime jars (Netty, Jetty server; no logback: quiet) plus Jetty's client and proxy and Vert.x (core and
  # HttpProxy, a peer here only: Dockyard itself no longer uses Vert.x) from the local Maven repository
  for a in io.vertx:vertx-core:5.0.10 io.vertx:vertx-http-proxy:5.0.10; do
    mvn -q dependency:get -Dartifact="$a" -Dtransitive=false >/dev/null 2>&1 || true
  done
  CP="$(ls "$ROOT"/server/target/lib/*.jar | grep -v logback | tr '\n' ':')$(ls ~/.m2/repository/io/vertx/vertx-core/5.0.10/vertx-core-5.0.10.jar):$(ls ~/.m2/repository/io/vertx/vertx-http-proxy/5.0.10/vertx-http-proxy-5.0.10.jar):$(find ~/.m2/repository/org/eclipse/jetty -name '*-12.1.14.jar' | grep -E 'jetty-(client|proxy|alpn-client|compression-common|compression-gzip)-12' | tr '\n' ':')"
  "$JAVA" -cp "$CP" "$HERE/ProxyStacks.java" 19000 19082 19083 > "$W/stacks.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do grep -q ready "$W/stacks.log" && break; sleep 0.2; done
fi

rps() { wrk -t"$THREADS" -c32 -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
p50() { wrk -t1 -c1 -d"${LAT_DURATION:-5}s" --latency "$1" | awk '/ 50%/ {print $2}'; }
us() { case "$1" in *us) echo "${1%us}";; *ms) awk "BEGIN{print ${1%ms}*1000}";; *s) awk "BEGIN{print ${1%s}*1000000}";; esac; }

echo "warming up"; wrk -t"$THREADS" -c32 -d"${WARMUP:-15}s" http://127.0.0.1:19080/ >/dev/null; wrk -t"$THREADS" -c32 -d3s http://127.0.0.1:19081/ >/dev/null
echo "== HTTP: requests/s, wrk -t$THREADS -c32 -d${DURATION}s, 1 KiB responses =="
D=$(rps http://127.0.0.1:19000/); H=$(rps http://127.0.0.1:19081/); Y=$(rps http://127.0.0.1:19080/)
echo "origin direct      $D"
echo "haproxy            $H"
echo "dockyard alb       $Y   (ratio to haproxy $(awk "BEGIN{printf \"%.2f\", $Y/$H}"))"
if [ "${STACKS:-0}" = 1 ]; then
  wrk -t"$THREADS" -c32 -d3s http://127.0.0.1:19082/ >/dev/null; wrk -t"$THREADS" -c32 -d3s http://127.0.0.1:19083/ >/dev/null
  echo "jetty ProxyHandler $(rps http://127.0.0.1:19082/)"
  echo "vert.x HttpProxy   $(rps http://127.0.0.1:19083/)"
fi
# the median of three interleaved rounds: one-connection latency is the figure the machine's noise moves most
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
echo "== HTTP: p50 latency at one connection (wrk -t1 -c1 -d${LAT_DURATION:-5}s, median of 3 rounds) =="
D1=(); H1=(); Y1=()
for _ in 1 2 3; do
  D1+=("$(us "$(p50 http://127.0.0.1:19000/)")"); H1+=("$(us "$(p50 http://127.0.0.1:19081/)")"); Y1+=("$(us "$(p50 http://127.0.0.1:19080/)")")
done
LD=$(median3 "${D1[@]}"); LH=$(median3 "${H1[@]}"); LY=$(median3 "${Y1[@]}")
echo "origin direct      ${LD} us"
echo "haproxy            ${LH} us  (added $(awk "BEGIN{print $LH-$LD}") us)"
echo "dockyard alb       ${LY} us  (added $(awk "BEGIN{print $LY-$LD}") us)"

echo "== DNS: queries/s, dnsperf -l ${DURATION} (A web.bench.local) =="
for i in $(seq 1 1000); do echo "web.bench.local A"; done > "$W/queries.txt"
dq() { dnsperf -s 127.0.0.1 -p "$1" -d "$W/queries.txt" -l "$DURATION" -c 4 -q 200 2>&1 | awk '/Queries per second/ {print $4} /Queries lost/ {lost=$3} END {}'; }
dig +short -p 19053 @127.0.0.1 web.bench.local | sort | tr '\n' ' '; echo "(dockyard answer)"
dig +short -p 19054 @127.0.0.1 web.bench.local | tr '\n' ' '; echo "(dnsmasq answer)"
DM=$(dq 19054); DY=$(dq 19053)
echo "dnsmasq            $DM"
echo "dockyard dns       $DY   (ratio to dnsmasq $(awk "BEGIN{printf \"%.2f\", $DY/$DM}"))"
