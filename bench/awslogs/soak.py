#!/usr/bin/env python3
"""Memory while containers log for a long time (issue 10: RSS growth < 50 MiB while 100 containers log
continuously for 10 minutes). Starts its own `./dockyard up` (the launcher with its JVM flags, a free port,
a temporary data directory), runs a service of N tasks whose container prints a burst of numbered lines
every second through the awslogs driver (done by Dockyard's agent), waits until every task runs and a
warm-up has passed, then samples the Dockyard process's RSS and CPU every second for the soak. At the end
it checks that no line was lost: each stream holds the numbered lines 1..N exactly once, N being its container's last
counter (printed when it stops).

usage: soak.py [--tasks 100] [--minutes 10] [--burst 10] [--warmup 60] [--samples FILE]"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import boto3

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "services"))
from scale_bench import IMAGE, ROOT, Sampler, free_port, health, rss_kib, tasks, wait  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--tasks", type=int, default=100)
p.add_argument("--minutes", type=float, default=10)
p.add_argument("--burst", type=int, default=10, help="lines each container prints every second")
p.add_argument("--warmup", type=int, default=60, help="seconds after all tasks run before the first sample counts")
p.add_argument("--samples", help="write the per-second RSS/CPU samples to this CSV file")
p.add_argument("--java-opts", help="DOCKYARD_JAVA_OPTS for the launcher (JVM options after its own)")
a = p.parse_args()

port = free_port()
data = tempfile.mkdtemp(prefix="dockyard-soak-")
log = open(os.path.join(data, "dockyard.log"), "w")
env = dict(os.environ, **({"DOCKYARD_JAVA_OPTS": a.java_opts} if a.java_opts else {}))
proc = subprocess.Popen([os.path.join(ROOT, "dockyard"), "up", "--port", str(port), "--data-dir", data, "--dns-address", "off"],
                        stdout=log, stderr=subprocess.STDOUT, env=env)
endpoint = "http://localhost:%d" % port
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
cluster, group = "soak", "/bench/soak"
sampler = None
try:
    wait(lambda: health(endpoint), 120, 0.1)
    ecs, logs = boto3.client("ecs", **kw), boto3.client("logs", **kw)
    sampler = Sampler(proc.pid)
    sampler.start()
    idle = rss_kib(proc.pid)
    ecs.create_cluster(clusterName=cluster)
    wait(lambda: ecs.list_container_instances(cluster=cluster)["containerInstanceArns"], 60, 0.2)
    # Each container counts: a burst of numbered lines a second; on SIGTERM it prints its last counter and exits.
    script = ("i=0; trap 'echo last $i; exit 0' TERM; while true; do j=0; while [ $j -lt %d ]; do i=$((i+1)); echo line $i; j=$((j+1)); done; "
              "sleep 1 & wait; done" % a.burst)
    ecs.register_task_definition(family="soak", containerDefinitions=[{
        "name": "app", "image": IMAGE, "memory": 16, "essential": True, "stopTimeout": 5, "command": ["sh", "-c", script],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": group, "awslogs-stream-prefix": "s",
                                                                 "awslogs-create-group": "true", "awslogs-region": "us-east-1"}}}])
    t0 = time.monotonic()
    ecs.create_service(cluster=cluster, serviceName="loggers", taskDefinition="soak", desiredCount=a.tasks)
    wait(lambda: ecs.describe_services(cluster=cluster, services=["loggers"])["services"][0]["runningCount"] == a.tasks, 900, 1)
    print("%d tasks running after %.0f s; RSS idle %.0f MiB, now %.0f MiB; warming up %d s"
          % (a.tasks, time.monotonic() - t0, idle / 1024, rss_kib(proc.pid) / 1024, a.warmup), flush=True)
    time.sleep(a.warmup)
    start, rss_start = time.monotonic(), rss_kib(proc.pid)
    end = start + a.minutes * 60
    while time.monotonic() < end:
        time.sleep(30)
        print("  %4.0f s: RSS %.0f MiB" % (time.monotonic() - start, rss_kib(proc.pid) / 1024), flush=True)
    rss_end = time.monotonic(), rss_kib(proc.pid)
    window = sampler.window(start, end)
    peak = max(s[1] for s in window)
    cpu = sum(s[2] for s in window) / len(window)
    arns = [t["taskArn"] for t in tasks(ecs, cluster, "loggers")]
    ecs.update_service(cluster=cluster, service="loggers", desiredCount=0)
    wait(lambda: not tasks(ecs, cluster, "loggers"), 300, 1)
    # every stream ends with its container's last counter, and holds exactly that many numbered lines
    lost, lines = 0, 0
    time.sleep(3)
    for arn in arns:
        stream = "s/app/" + arn.rsplit("/", 1)[1]
        last = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=False, limit=5)["events"]
        final = [e["message"] for e in last if e["message"].startswith("last ")]
        n = int(final[-1].split()[1]) if final else -1
        stored = logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=stream)["logStreams"][0]
        numbers, token = [], None
        while True:
            args = dict(logGroupName=group, logStreamName=stream, startFromHead=True, limit=10000)
            if token:
                args["nextToken"] = token
            r = logs.get_log_events(**args)
            numbers += [int(e["message"].split()[1]) for e in r["events"] if e["message"].startswith("line ")]
            if not r["events"] or r["nextForwardToken"] == token:
                break
            token = r["nextForwardToken"]
        lines += len(numbers)
        # stored: exactly lines 1..max, each once; max is the last counter, or one less (SIGTERM can land between the
        # counter's increment and its echo)
        count = len(numbers)
        if n < 0 or sorted(numbers) != list(range(1, count + 1)) or count < n - 1:
            lost += 1
            print("  stream %s: last counter %d, %d lines stored (%s bytes)" % (stream, n, count, stored.get("storedBytes")))
    print("soak: %d containers x %d lines/s for %.0f min = %d lines stored; streams with a gap: %d"
          % (a.tasks, a.burst, a.minutes, lines, lost))
    print("RSS: idle %.0f MiB; at the soak's start %.0f MiB; at its end %.0f MiB; growth %.1f MiB (target < 50); peak %.0f MiB; CPU %.0f%% of a core"
          % (idle / 1024, rss_start / 1024, rss_end[1] / 1024, (rss_end[1] - rss_start) / 1024, peak / 1024, cpu))
    if a.samples:
        with open(a.samples, "w") as f:
            f.write("seconds,rss_kib,cpu_percent\n")
            for s in sampler.samples:
                f.write("%.1f,%d,%.1f\n" % (s[0] - start, s[1], s[2]))
    sys.exit(1 if lost else 0)
finally:
    if sampler:
        sampler.stop.set()
    try:
        boto3.client("ecs", **kw).delete_service(cluster=cluster, service="loggers", force=True)
    except Exception:
        pass
    proc.terminate()
    proc.wait(30)
    left = subprocess.run(["docker", "ps", "-aq", "--filter", "label=com.amazonaws.ecs.cluster=" + cluster], capture_output=True, text=True).stdout.split()
    if left:
        subprocess.run(["docker", "rm", "-f"] + left, capture_output=True)
