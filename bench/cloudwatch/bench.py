#!/usr/bin/env python3
"""CloudWatch metrics benchmark: PutMetricData throughput and GetMetricData latency over 24 hours of
1-minute data for 100 metrics, against Dockyard and a peer (moto_server) side by side.

usage: bench.py DOCKYARD_URL [PEER_URL] [--protocol cbor|query] [--minutes 1440]
Both endpoints get the same calls through boto3. With --protocol query the botocore model is
switched to the Query protocol (moto_server does not speak Smithy RPC v2 CBOR)."""
import json, gzip, os, sys, tempfile, time, datetime, statistics, shutil
import botocore

def model_dir(protocol):
    if protocol == "cbor":
        return None
    src = os.path.join(os.path.dirname(botocore.__file__), "data", "cloudwatch", "2010-08-01", "service-2.json.gz")
    model = json.load(gzip.open(src))
    model["metadata"]["protocol"] = "query"
    model["metadata"]["protocols"] = ["query"]
    d = tempfile.mkdtemp(prefix="cw-model-")
    os.makedirs(os.path.join(d, "cloudwatch", "2010-08-01"))
    json.dump(model, open(os.path.join(d, "cloudwatch", "2010-08-01", "service-2.json"), "w"))
    return d

def client(url):
    import boto3
    return boto3.client("cloudwatch", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

def server_ms(url):
    """Mean server time per operation from Dockyard's Prometheus /metrics (None for a peer without it)."""
    import urllib.request, re
    try:
        text = urllib.request.urlopen(url + "/metrics", timeout=5).read().decode()
    except Exception:
        return None
    sums, counts = {}, {}
    for line in text.splitlines():
        m = re.match(r'dockyard_api_request_duration_seconds_(sum|count)\{operation="(\w+)",service="[^"]+"\} ([0-9.eE+-]+)', line)
        if m:
            (sums if m.group(1) == "sum" else counts)[m.group(2)] = float(m.group(3))
    return {op: 1000 * sums[op] / counts[op] for op in sums if counts.get(op)}

def run(url, label, metrics=100, minutes=1440):
    cw = client(url)
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    start = now - datetime.timedelta(minutes=minutes)
    ns = "Bench%d" % int(time.time())
    # PutMetricData: 1,000 datapoints a call (one metric's 1,000 minutes, then the rest), timed as a whole.
    t0 = time.perf_counter(); points = 0; calls = 0
    for m in range(metrics):
        for off in range(0, minutes, 1000):
            batch = [{"MetricName": "M%d" % m, "Dimensions": [{"Name": "Service", "Value": "s%d" % (m % 10)}],
                      "Timestamp": start + datetime.timedelta(minutes=i), "Value": float(i % 97), "Unit": "Count"}
                     for i in range(off, min(minutes, off + 1000))]
            cw.put_metric_data(Namespace=ns, MetricData=batch)
            points += len(batch); calls += 1
    put_s = time.perf_counter() - t0
    queries = [{"Id": "m%d" % m, "MetricStat": {"Metric": {"Namespace": ns, "MetricName": "M%d" % m,
                "Dimensions": [{"Name": "Service", "Value": "s%d" % (m % 10)}]}, "Period": 60, "Stat": "Average"}} for m in range(metrics)]
    times = []; values = 0; handled = []; timings = []
    for _ in range(int(os.environ.get("GMD_CALLS", "15"))):
        t1 = time.perf_counter()
        r = cw.get_metric_data(MetricDataQueries=queries, StartTime=start, EndTime=now + datetime.timedelta(minutes=1))
        times.append((time.perf_counter() - t1) * 1000)
        values = sum(len(x["Values"]) for x in r["MetricDataResults"])
        timing = r["ResponseMetadata"]["HTTPHeaders"].get("server-timing", "")
        if timing.startswith("app;dur="):
            handled.append(float(timing[len("app;dur="):]))
            timings.append(handled[-1])
    times.sort()
    if handled:
        handled.sort()
        print("  server-side (Server-Timing: read, query, encode; not the transfer): GetMetricData median %.1f ms, min %.1f, max %.1f"
              % (statistics.median(handled), handled[0], handled[-1]))
        if len(timings) >= 20:
            late = sorted(timings[len(timings) // 2:])
            print("  ... its second half of the calls (JIT warm): median %.1f ms, max %.1f" % (statistics.median(late), late[-1]))
    server = server_ms(url)
    if server:
        print("  server-side (Dockyard's /metrics): GetMetricData mean %.1f ms, PutMetricData mean %.1f ms" % (server.get("GetMetricData", 0), server.get("PutMetricData", 0)))
    print("%-22s put %7d datapoints in %6.2f s = %8.0f datapoints/s (%d calls); GetMetricData %d metrics x %d min: median %.1f ms, p90 %.1f ms, %d values"
          % (label, points, put_s, points / put_s, calls, metrics, minutes, statistics.median(times), times[int(len(times) * 0.9)], values))
    return points / put_s, statistics.median(times)

if __name__ == "__main__":
    argv = sys.argv[1:]
    minutes = int(argv[argv.index("--minutes") + 1]) if "--minutes" in argv else 1440
    protocol = "query" if "--protocol" in argv and argv[argv.index("--protocol") + 1] == "query" else "cbor"
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] not in ("--minutes", "--protocol"))]
    if args and args[-1] in ("query", "cbor"):
        args = args[:-1]
    d = model_dir(protocol)
    if d:
        os.environ["AWS_DATA_PATH"] = d
    a = run(args[0], "dockyard (%s)" % protocol, minutes=minutes)
    if len(args) > 1:
        b = run(args[1], "peer (%s)" % protocol, minutes=minutes)
        print("ratio dockyard/peer: put throughput x%.2f, GetMetricData latency x%.2f" % (a[0] / b[0], a[1] / b[1]))
    if d:
        shutil.rmtree(d, ignore_errors=True)
