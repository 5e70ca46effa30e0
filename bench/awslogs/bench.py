#!/usr/bin/env python3
"""awslogs by the agent: lines/s from real containers to stored events, and the delay from a line's
Docker timestamp to its visibility through GetLogEvents.

usage: bench.py ENDPOINT [--tasks 4] [--lines 200000]
Needs a running `dockyard up` at ENDPOINT and the test image (scripts/make-test-image.sh)."""
import argparse, json, statistics, subprocess, time
import boto3

p = argparse.ArgumentParser()
p.add_argument("endpoint")
p.add_argument("--tasks", type=int, default=4)
p.add_argument("--lines", type=int, default=200000)
a = p.parse_args()
kw = dict(endpoint_url=a.endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
ecs, logs = boto3.client("ecs", **kw), boto3.client("logs", **kw)
ecs.create_cluster(clusterName="awslogs-bench")
for _ in range(100):
    if ecs.list_container_instances(cluster="awslogs-bench")["containerInstanceArns"]:
        break
    time.sleep(0.2)

def register(family, script, group):
    ecs.register_task_definition(family=family, containerDefinitions=[{"name": "app", "image": "dockyard-test/busybox:latest", "memory": 64,
        "essential": True, "command": ["sh", "-c", script], "logConfiguration": {"logDriver": "awslogs", "options": {
        "awslogs-group": group, "awslogs-stream-prefix": "b", "awslogs-create-group": "true", "awslogs-region": "us-east-1"}}}])

def wait_running(arns):
    while True:
        ts = ecs.describe_tasks(cluster="awslogs-bench", tasks=arns)["tasks"]
        if all(t["lastStatus"] in ("RUNNING", "STOPPED") for t in ts):
            return
        time.sleep(0.05)

# 1. Throughput: tasks printing N numbered lines as fast as they can.
group = "/bench/throughput-%d" % int(time.time())
register("awslogs-flood", "seq 1 %d; sleep 30" % a.lines, group)
t0 = time.time()
arns = [t["taskArn"] for t in ecs.run_task(cluster="awslogs-bench", taskDefinition="awslogs-flood", count=a.tasks)["tasks"]]
wait_running(arns)
t_run = time.time()
streams = ["b/app/" + x.rsplit("/", 1)[1] for x in arns]
done = set()
while len(done) < len(streams):
    for s in streams:
        if s in done:
            continue
        try:
            ev = logs.get_log_events(logGroupName=group, logStreamName=s, startFromHead=False, limit=1)["events"]
        except logs.exceptions.ResourceNotFoundException:
            ev = []
        if ev and ev[-1]["message"] == str(a.lines):
            done.add(s)
    time.sleep(0.1)
t_end = time.time()
total = a.tasks * a.lines
print("throughput: %d lines from %d containers stored in %.2f s after RUNNING = %.0f lines/s" % (total, a.tasks, t_end - t_run, total / (t_end - t_run)))

# 2. Delay: one task printing a line every 100 ms; each new event's visibility time minus its timestamp.
group2 = "/bench/latency-%d" % int(time.time())
register("awslogs-tick", "i=0; while [ $i -lt 300 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done; sleep 30", group2)
arn = ecs.run_task(cluster="awslogs-bench", taskDefinition="awslogs-tick")["tasks"][0]["taskArn"]
wait_running([arn])
stream = "b/app/" + arn.rsplit("/", 1)[1]
seen, delays, token = set(), [], None
deadline = time.time() + 40
while len(seen) < 300 and time.time() < deadline:
    args = dict(logGroupName=group2, logStreamName=stream, startFromHead=True)
    if token:
        args["nextToken"] = token
    try:
        r = logs.get_log_events(**args)
    except logs.exceptions.ResourceNotFoundException:
        time.sleep(0.02); continue
    now = time.time() * 1000
    for e in r["events"]:
        if e["message"] not in seen:
            seen.add(e["message"])
            delays.append(now - e["timestamp"])
    token = r["nextForwardToken"]
    time.sleep(0.02)
delays.sort()
print("delay print -> visible: %d lines, median %.0f ms, p99 %.0f ms, max %.0f ms (GetLogEvents polled every ~20 ms)"
      % (len(delays), statistics.median(delays), delays[int(len(delays) * 0.99) - 1], delays[-1]))
for t in arns + [arn]:
    ecs.stop_task(cluster="awslogs-bench", task=t)
