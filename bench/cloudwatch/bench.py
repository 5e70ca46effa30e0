#!/usr/bin/env python3
"""CloudWatch metrics benchmark: PutMetricData throughput and GetMetricData latency over 24 hours of
1-minute data for 100 metrics, against Dockyard and a peer (moto_server) side by side.

usage: bench.py DOCKYARD_URL [PEER_URL] [--protocol cbor|query]
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
    times = []; values = 0
    for _ in range(15):
        t1 = time.perf_counter()
        r = cw.get_metric_data(MetricDataQueries=queries, StartTime=start, EndTime=now + datetime.timedelta(minutes=1))
        times.append((time.perf_counter() - t1) * 1000)
        values = sum(len(x["Values"]) for x in r["MetricDataResults"])
    times.sort()
    print("%-22s put %7d datapoints in %6.2f s = %8.0f datapoints/s (%d calls); GetMetricData 100 metrics x 24 h: median %.1f ms, p90 %.1f ms, %d values"
          % (label, points, put_s, points / put_s, calls, statistics.median(times), times[int(len(times) * 0.9)], values))
    return points / put_s, statistics.median(times)

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    protocol = "query" if "--protocol" in sys.argv and sys.argv[sys.argv.index("--protocol") + 1] == "query" else "cbor"
    if args and args[-1] in ("query", "cbor"):
        args = args[:-1]
    d = model_dir(protocol)
    if d:
        os.environ["AWS_DATA_PATH"] = d
    a = run(args[0], "dockyard (%s)" % protocol)
    if len(args) > 1:
        b = run(args[1], "peer (%s)" % protocol)
        print("ratio dockyard/peer: put throughput x%.2f, GetMetricData latency x%.2f" % (a[0] / b[0], a[1] / b[1]))
    if d:
        shutil.rmtree(d, ignore_errors=True)
