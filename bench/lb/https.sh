#!/usr/bin/env bash
# On-demand: requests/s through an ALB's HTTPS listener vs its HTTP listener, same target (NOT part of mvn verify).
# One nginx origin (1 worker, 1 KiB answers), one Dockyard (through the launcher), one ALB with an HTTP listener on :19280
# and an HTTPS listener on :19443 (a certificate made by openssl, imported with `aws acm import-certificate`) forwarding
# to the same target group; wrk with keep-alive on both (so TLS handshakes are few: this measures record encryption).
#   bench/lb/https.sh                  # DURATION=5 CONNECTIONS=32 by default
# Needs: apt-get install wrk nginx-light; openssl; the AWS CLI; a built server jar.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=/tmp/dockyard-bench-https
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=$(nproc)
for t in wrk nginx openssl aws curl; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 1; }; done
[ -f "$ROOT/server/target/dockyard.jar" ] || (cd "$ROOT" && mvn -q -o -pl server -am package -DskipTests && touch server/target/dockyard.jar)

rm -rf "$W"; mkdir -p "$W"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -f "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

cat > "$W/nginx.conf" <<NGINX
worker_processes 1;
pid $W/nginx.pid;
error_log $W/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    server { listen 127.0.0.1:19200; location / { default_type text/plain; return 200 "$(head -c 1024 /dev/zero | tr '\0' x)"; } }
}
NGINX
nginx -c "$W/nginx.conf"

# a CA and a leaf for bench.example.test
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/ca.key" -out "$W/ca.pem" -days 2 -subj "/CN=Bench CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$W/leaf.key" -out "$W/leaf.csr" -subj "/CN=bench.example.test" 2>/dev/null
printf 'subjectAltName=DNS:bench.example.test\n' > "$W/leaf.ext"
openssl x509 -req -in "$W/leaf.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -set_serial 7 -days 1 -out "$W/leaf.pem" -extfile "$W/leaf.ext" 2>/dev/null

"$ROOT/dockyard" up --port 19666 --data-dir "$W/data" --dns-address 127.0.0.1:19253 > "$W/dockyard.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 150); do curl -sf localhost:19666/_dockyard/health >/dev/null && break; sleep 0.2; done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
A="aws --endpoint-url http://localhost:19666 --output text"
CERT=$($A acm import-certificate --certificate "fileb://$W/leaf.pem" --private-key "fileb://$W/leaf.key" --certificate-chain "fileb://$W/ca.pem" --query CertificateArn)
LB=$($A elbv2 create-load-balancer --name bench --query 'LoadBalancers[0].LoadBalancerArn')
TG=$($A elbv2 create-target-group --name bench --protocol HTTP --port 19200 --target-type ip --query 'TargetGroups[0].TargetGroupArn')
$A elbv2 register-targets --target-group-arn "$TG" --targets Id=127.0.0.1,Port=19200
$A elbv2 create-listener --load-balancer-arn "$LB" --protocol HTTP --port 19280 --default-actions "Type=forward,TargetGroupArn=$TG" >/dev/null
$A elbv2 create-listener --load-balancer-arn "$LB" --protocol HTTPS --port 19443 --certificates "CertificateArn=$CERT" \
  --default-actions "Type=forward,TargetGroupArn=$TG" >/dev/null
curl -sf --cacert "$W/ca.pem" --resolve bench.example.test:19443:127.0.0.1 https://bench.example.test:19443/ | head -c 16; echo " <- through HTTPS"

rps() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "warming up"; wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-10}s" http://127.0.0.1:19280/ >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP:-10}s" https://127.0.0.1:19443/ >/dev/null
echo "== requests/s, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s keep-alive, 1 KiB answers (median of 3) =="
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
H=(); S=()
for _ in 1 2 3; do H+=("$(rps http://127.0.0.1:19280/)"); S+=("$(rps https://127.0.0.1:19443/)"); done
h=$(median "${H[@]}"); s=$(median "${S[@]}")
printf 'origin direct  %s\n' "$(rps http://127.0.0.1:19200/)"
printf 'ALB HTTP       %s   (%s)\n' "$h" "${H[*]}"
printf 'ALB HTTPS      %s   (%s)\n' "$s" "${S[*]}"
awk -v h="$h" -v s="$s" 'BEGIN { printf "HTTPS / HTTP   %.2f\n", s / h }'
echo "== TLS version and cipher negotiated =="
echo | openssl s_client -connect 127.0.0.1:19443 -servername bench.example.test 2>/dev/null | grep -E 'Protocol|Cipher is' | head -2
