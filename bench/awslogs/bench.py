#!/usr/bin/env python3
"""awslogs by the agent: lines/s from real containers to stored events, and the delay from a line's
Docker timestamp to its visibility through GetLogEvents.

usage: bench.py ENDPOINT [--tasks 4] [--lines 200000] [--docker-driver]
Needs a running `dockyard up` at ENDPOINT and the test image (scripts/make-test-image.sh).

--docker-driver also runs both measures the way a user could without Dockyard's agent: the same
containers started with `docker run --log-driver awslogs --log-opt awslogs-endpoint=ENDPOINT`
(Docker's own awslogs driver, in dockerd, shipping to Dockyard's Logs API). dockerd takes its
credentials from /root/.aws/credentials: written for the run when absent, removed after."""
import argparse, json, os, statistics, subprocess, time
import boto3

p = argparse.ArgumentParser()
p.add_argument("endpoint")
p.add_argument("--tasks", type=int, default=4)
p.add_argument("--lines", type=int, default=200000)
p.add_argument("--docker-driver", action="store_true")
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


def stored_all(group, streams, last):
    """Waits until every stream's last event is `last`; returns when."""
    done = set()
    while len(done) < len(streams):
        for s in streams:
            if s in done:
                continue
            try:
                ev = logs.get_log_events(logGroupName=group, logStreamName=s, startFromHead=False, limit=1)["events"]
            except logs.exceptions.ResourceNotFoundException:
                ev = []
            if ev and ev[-1]["message"] == last:
                done.add(s)
        time.sleep(0.1)
    return time.time()


t_end = stored_all(group, streams, str(a.lines))
total = a.tasks * a.lines
agent_rate = total / (t_end - t_run)
print("throughput: %d lines from %d containers stored in %.2f s after RUNNING = %.0f lines/s" % (total, a.tasks, t_end - t_run, agent_rate))

# 2. Delay: one task printing a line every 100 ms; each new event's visibility time minus its timestamp.
group2 = "/bench/latency-%d" % int(time.time())
register("awslogs-tick", "i=0; while [ $i -lt 300 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done; sleep 30", group2)
arn = ecs.run_task(cluster="awslogs-bench", taskDefinition="awslogs-tick")["tasks"][0]["taskArn"]
wait_running([arn])
stream = "b/app/" + arn.rsplit("/", 1)[1]


def delays_of(group, stream, lines=300, seconds=40):
    """Polls GetLogEvents every ~20 ms; each new event's first sight minus its timestamp, in ms."""
    seen, delays, token = set(), [], None
    deadline = time.time() + seconds
    while len(seen) < lines and time.time() < deadline:
        args = dict(logGroupName=group, logStreamName=stream, startFromHead=True)
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
    return delays


def report(label, delays):
    print("%s: %d lines, median %.0f ms, p99 %.0f ms, max %.0f ms (GetLogEvents polled every ~20 ms)"
          % (label, len(delays), statistics.median(delays), delays[max(0, int(len(delays) * 0.99) - 1)], delays[-1]))


agent_delays = delays_of(group2, stream)
report("delay print -> visible", agent_delays)
for t in arns + [arn]:
    ecs.stop_task(cluster="awslogs-bench", task=t)

# 3. The same through Docker's own awslogs driver (dockerd ships to Dockyard's Logs API), side by side.
if a.docker_driver:
    creds = "/root/.aws/credentials"
    wrote = not os.path.exists(creds)
    if wrote:
        os.makedirs(os.path.dirname(creds), exist_ok=True)
        with open(creds, "w") as f:
            f.write("[default]\naws_access_key_id = bench\naws_secret_access_key = bench\n")
    try:
        def docker_run(group, stream, script):
            return subprocess.run(["docker", "run", "-d", "--label", "dockyard-bench=awslogs", "--log-driver", "awslogs",
                                   "--log-opt", "awslogs-endpoint=" + a.endpoint, "--log-opt", "awslogs-region=us-east-1",
                                   "--log-opt", "awslogs-group=" + group, "--log-opt", "awslogs-create-group=true",
                                   "--log-opt", "awslogs-stream=" + stream, "dockyard-test/busybox:latest", "sh", "-c", script],
                                  capture_output=True, text=True, check=True).stdout.strip()
        group3 = "/bench/docker-driver-%d" % int(time.time())
        t0 = time.time()
        ids = [docker_run(group3, "d%d" % i, "seq 1 %d; sleep 30" % a.lines) for i in range(a.tasks)]
        t_started = time.time()
        t_done = stored_all(group3, ["d%d" % i for i in range(a.tasks)], str(a.lines))
        docker_rate = total / (t_done - t_started)
        print("Docker's awslogs driver: %d lines from %d containers stored in %.2f s after `docker run` = %.0f lines/s"
              % (total, a.tasks, t_done - t_started, docker_rate))
        group4 = "/bench/docker-driver-latency-%d" % int(time.time())
        ids.append(docker_run(group4, "tick", "i=0; while [ $i -lt 300 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done; sleep 30"))
        docker_delays = delays_of(group4, "tick")
        report("Docker's awslogs driver, delay print -> visible", docker_delays)
        print("side by side: throughput agent/Docker driver = %.2fx; median delay Docker driver/agent = %.0fx"
              % (agent_rate / docker_rate, statistics.median(docker_delays) / max(1, statistics.median(agent_delays))))
        subprocess.run(["docker", "rm", "-f"] + ids, capture_output=True)
    finally:
        if wrote:
            os.remove(creds)
