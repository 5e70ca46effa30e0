#!/usr/bin/env python3
"""Service benchmarks against a running Dockyard (on demand, not part of the test suite).

1. A killed service task is replaced: time from `docker kill` to a new task RUNNING (median of N).
2. A rolling deployment of 10 one-container tasks at min 100% / max 200%: time from UpdateService
   to the new deployment COMPLETED with 10 tasks of the new revision RUNNING.

Usage: services_bench.py [--endpoint http://localhost:4566] [--kills 10]
"""
import argparse
import statistics
import subprocess
import time
import uuid

import boto3

IMAGE = "dockyard-test/busybox:latest"


def client(endpoint):
    return boto3.client("ecs", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def running(ecs, cluster, service):
    arns = ecs.list_tasks(cluster=cluster, serviceName=service)["taskArns"]
    if not arns:
        return []
    return [t for t in ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if t["lastStatus"] == "RUNNING"]


def wait(predicate, timeout, poll=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll)
    raise TimeoutError("condition not met in %.0f s" % timeout)


def register(ecs, family, command):
    return ecs.register_task_definition(family=family, containerDefinitions=[{
        "name": "web", "image": IMAGE, "memory": 16, "essential": True,
        "command": ["sh", "-c", command]}])["taskDefinition"]["taskDefinitionArn"]


def steady(ecs, cluster, service, n, td):
    tasks = running(ecs, cluster, service)
    svc = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    return (len(tasks) == n and all(t["taskDefinitionArn"] == td for t in tasks)
            and svc["deployments"][0]["rolloutState"] == "COMPLETED")


def bench_replacement(ecs, cluster, kills):
    td = register(ecs, "benchkill", "sleep 3600")
    ecs.create_service(cluster=cluster, serviceName="kill", taskDefinition=td, desiredCount=3)
    wait(lambda: steady(ecs, cluster, "kill", 3, td), 120)
    times = []
    for _ in range(kills):
        victim = running(ecs, cluster, "kill")[0]["taskArn"]
        cid = subprocess.check_output(["docker", "ps", "-q", "--filter", "label=com.amazonaws.ecs.task-arn=" + victim]).decode().strip()
        start = time.monotonic()
        subprocess.check_call(["docker", "kill", cid], stdout=subprocess.DEVNULL)
        wait(lambda: len([t for t in running(ecs, cluster, "kill") if t["taskArn"] != victim]) == 3, 60)
        times.append(time.monotonic() - start)
    ecs.delete_service(cluster=cluster, service="kill", force=True)
    return times


def bench_rolling(ecs, cluster):
    # Containers that exit on SIGTERM (a shell as PID 1 would ignore it and wait out the 30 s stopTimeout).
    v1 = register(ecs, "benchroll", "trap 'exit 0' TERM; sleep 3600 & wait")
    v2 = register(ecs, "benchroll", "trap 'exit 0' TERM; echo v2; sleep 3600 & wait")
    ecs.create_service(cluster=cluster, serviceName="roll", taskDefinition=v1, desiredCount=10,
                       deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 200})
    wait(lambda: steady(ecs, cluster, "roll", 10, v1), 180, 0.2)
    start = time.monotonic()
    ecs.update_service(cluster=cluster, service="roll", taskDefinition=v2)
    wait(lambda: steady(ecs, cluster, "roll", 10, v2), 180, 0.05)
    elapsed = time.monotonic() - start
    ecs.delete_service(cluster=cluster, service="roll", force=True)
    return elapsed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", default="http://localhost:4566")
    p.add_argument("--kills", type=int, default=10)
    a = p.parse_args()
    ecs = client(a.endpoint)
    cluster = "bench-services-" + uuid.uuid4().hex[:6]
    ecs.create_cluster(clusterName=cluster)
    times = bench_replacement(ecs, cluster, a.kills)
    print("killed task replaced: median %.0f ms, min %.0f ms, max %.0f ms (n=%d; target < 2000 ms)"
          % (statistics.median(times) * 1000, min(times) * 1000, max(times) * 1000, len(times)))
    rolling = bench_rolling(ecs, cluster)
    print("rolling deployment of 10 tasks (min 100%%, max 200%%): %.1f s (target < 15 s)" % rolling)
    wait(lambda: all(s["status"] == "INACTIVE" for s in ecs.describe_services(cluster=cluster, services=["kill", "roll"])["services"]), 180, 0.5)
    ecs.delete_cluster(cluster=cluster)


if __name__ == "__main__":
    main()
