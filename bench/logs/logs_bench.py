#!/usr/bin/env python3
"""CloudWatch Logs API benchmark: Dockyard vs moto_server, side by side (on demand).

1. Ingestion: C clients, each putting batches of B events (~110 bytes each) to its own stream for
   S seconds, through PutLogEvents over keep-alive HTTP (bodies built before the clock starts, so the
   figure is the server's); events/s and p50/p99 per call.
2. FilterLogEvents over N stored events (10 streams) with a selective pattern (1 event in 10,000
   carries "ERROR"): the latency of a whole answer (every page, following nextToken), median of R runs.

Both servers get the same requests (the edge accepts any SigV4 credentials, moto checks none).
usage: bench/logs/logs_bench.py [--seconds 10] [--clients 4] [--batch 1000] [--events 1000000]
       [--moto-events 1000000] [--runs 5] [--only dockyard|moto] [--no-fsync]
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AUTH = "AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"


def call(conn, op, body):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn.request("POST", "/", body=data, headers={"X-Amz-Target": "Logs_20140328." + op, "Content-Type": "application/x-amz-json-1.1",
                                                   "Authorization": AUTH, "X-Amz-Date": "20261201T000000Z", "Host": "localhost"})
    r = conn.getresponse()
    payload = r.read()
    if r.status != 200:
        raise RuntimeError(f"{op} -> {r.status} {payload[:300]!r}")
    return json.loads(payload or b"{}")


def message(i):
    level = "ERROR" if i % 10_000 == 7 else "INFO"
    return f"{level} GET /api/items/{i % 997} 200 {i % 300}ms user=u{i % 53} trace={i:012d} region=us-east-1"


def batch_body(group, stream, start_index, n, t0):
    return json.dumps({"logGroupName": group, "logStreamName": stream,
                       "logEvents": [{"timestamp": t0 + (start_index + k) // 50, "message": message(start_index + k)} for k in range(n)]}).encode()


def wait_up(port, path="/"):
    for _ in range(600):
        try:
            c = http.client.HTTPConnection("localhost", port, timeout=2)
            call(c, "DescribeLogGroups", {})
            return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not come up")


def ingest(port, seconds, clients, batch):
    conn = http.client.HTTPConnection("localhost", port, timeout=60)
    call(conn, "CreateLogGroup", {"logGroupName": "/bench/ingest"})
    t0 = int(time.time() * 1000) - 60_000
    bodies = []
    for c in range(clients):
        call(conn, "CreateLogStream", {"logGroupName": "/bench/ingest", "logStreamName": f"c{c}"})
        bodies.append([batch_body("/bench/ingest", f"c{c}", k * batch, batch, t0) for k in range(20)])
    counts = [0] * clients
    latencies = []
    stop = time.time() + seconds

    def run(c):
        cn = http.client.HTTPConnection("localhost", port, timeout=60)
        k = 0
        while time.time() < stop:
            s = time.perf_counter()
            call(cn, "PutLogEvents", bodies[c][k % len(bodies[c])])
            latencies.append(time.perf_counter() - s)
            counts[c] += batch
            k += 1

    started = time.time()
    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    latencies.sort()
    return sum(counts) / elapsed, latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000


def load(port, events, streams=10, batch=5000):
    conn = http.client.HTTPConnection("localhost", port, timeout=600)
    call(conn, "CreateLogGroup", {"logGroupName": "/bench/filter"})
    t0 = int(time.time() * 1000) - 3_600_000
    per = events // streams
    for s in range(streams):
        call(conn, "CreateLogStream", {"logGroupName": "/bench/filter", "logStreamName": f"s{s}"})
    started = time.time()
    for s in range(streams):
        for k in range(0, per, batch):
            call(conn, "PutLogEvents", batch_body("/bench/filter", f"s{s}", s * per + k, min(batch, per - k), t0 + s))
    return time.time() - started


def filter_runs(port, runs, pattern):
    conn = http.client.HTTPConnection("localhost", port, timeout=600)
    times, found = [], 0
    for run in range(runs + 2):  # two warm-up runs (JIT) not counted
        s = time.perf_counter()
        body, found = {"logGroupName": "/bench/filter", "filterPattern": pattern}, 0
        while True:
            r = call(conn, "FilterLogEvents", body)
            found += len(r.get("events", []))
            if not r.get("nextToken"):
                break
            body = dict(body, nextToken=r["nextToken"])
        if run >= 2:
            times.append((time.perf_counter() - s) * 1000)
    return statistics.median(times), min(times), max(times), found


def start_dockyard(port, fsync):
    jar = os.path.join(ROOT, "server/target/dockyard.jar")
    if not os.path.exists(jar):
        subprocess.run(["mvn", "-q", "-o", "-pl", "server", "-am", "package", "-DskipTests"], cwd=ROOT, check=True)
    data = tempfile.mkdtemp(prefix="logs-bench-")
    env = dict(os.environ)
    if not fsync:
        env["DOCKYARD_LOGS_FSYNC"] = "false"
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin/java")
    p = subprocess.Popen([java, "-Xmx512m", "-jar", jar, "server", "--port", str(port), "--data-dir", data, "--dns-address", "off"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return p, data


def start_moto(port):
    return subprocess.Popen(["moto_server", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), None


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--seconds", type=float, default=10)
    a.add_argument("--clients", type=int, default=4)
    a.add_argument("--batch", type=int, default=1000)
    a.add_argument("--events", type=int, default=1_000_000)
    a.add_argument("--moto-events", type=int, default=1_000_000)
    a.add_argument("--runs", type=int, default=5)
    a.add_argument("--only", choices=["dockyard", "moto"])
    a.add_argument("--no-fsync", action="store_true")
    args = a.parse_args()
    targets = [t for t in ("dockyard", "moto") if args.only in (None, t)]
    for name in targets:
        port = 4610 if name == "dockyard" else 5010
        proc, data = start_dockyard(port, not args.no_fsync) if name == "dockyard" else start_moto(port)
        try:
            wait_up(port)
            rate, p50, p99 = ingest(port, args.seconds, args.clients, args.batch)
            print(f"{name}: PutLogEvents {rate:,.0f} events/s ({args.clients} clients x {args.batch}-event batches; per call p50 {p50:.1f} ms, p99 {p99:.1f} ms)", flush=True)
            n = args.events if name == "dockyard" else args.moto_events
            secs = load(port, n)
            print(f"{name}: loaded {n:,} events in {secs:.1f} s ({n / secs:,.0f}/s), RSS {rss_mib(proc.pid):.0f} MiB", flush=True)
            for pattern in ("ERROR", '"trace=000000500007"'):
                med, lo, hi, found = filter_runs(port, args.runs, pattern)
                print(f"{name}: FilterLogEvents {pattern!r} over {n:,} events: median {med:.0f} ms (min {lo:.0f}, max {hi:.0f}), {found} events", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            if data:
                shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
