#!/usr/bin/env python3
"""Large services on one host, through the launcher (on demand, not part of the test suite).

Starts its own `./dockyard up` (free port, temporary data directory, the launcher's JVM flags), then for
each size N: CreateService of N one-container busybox tasks -> all N RUNNING; a rolling update to a
new task definition revision -> steady (new deployment COMPLETED, N new tasks RUNNING, old ones
stopped); UpdateService desiredCount 0 -> every task STOPPED. The Dockyard process's RSS and CPU are
sampled every second (from /proc); the report gives each phase's time, the RSS at each step, the RSS
growth per task (N tasks running minus idle, over N) and the peak RSS. At the end the service and
cluster are deleted, Dockyard is stopped (SIGTERM) and every container it left is removed.

Usage: scale_bench.py [--sizes 200,1000] [--memory 8] [--min-healthy 50] [--max-percent 150] [--java-opts=-Xms64m]
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

import boto3

IMAGE = "dockyard-test/busybox:latest"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PAGE = 4096
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Sampler(threading.Thread):
    """RSS (KiB) and CPU (% of one core) of a process, once a second."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self):
        last_t, last_cpu = time.monotonic(), cpu_seconds(self.pid)
        while not self.stop.wait(1.0):
            try:
                now, cpu = time.monotonic(), cpu_seconds(self.pid)
                self.samples.append((now, rss_kib(self.pid), 100.0 * (cpu - last_cpu) / (now - last_t)))
                last_t, last_cpu = now, cpu
            except (FileNotFoundError, ProcessLookupError):
                return

    def window(self, start, end):
        return [s for s in self.samples if start <= s[0] <= end]


CLUSTERS = []
PROGRESS = {"label": None, "pid": None, "last": 0.0, "start": 0.0, "running": None}


def wait(predicate, timeout, poll=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        now = time.monotonic()
        if PROGRESS["label"] and now - PROGRESS["last"] >= 30:
            PROGRESS["last"] = now
            print("  ... %s: %.0f s, runningCount %s, RSS %.0f MiB" % (PROGRESS["label"], now - PROGRESS["start"], PROGRESS["running"],
                                                                  rss_kib(PROGRESS["pid"]) / 1024), flush=True)
        time.sleep(poll)
    raise TimeoutError("condition not met in %.0f s" % timeout)


def phase(label, pid):
    PROGRESS.update(label=label, pid=pid, last=time.monotonic(), start=time.monotonic(), running=None)


def tasks(ecs, cluster, service, desired="RUNNING"):
    arns, token = [], None
    while True:
        kw = {"cluster": cluster, "serviceName": service, "desiredStatus": desired, "maxResults": 100}
        if token:
            kw["nextToken"] = token
        page = ecs.list_tasks(**kw)
        arns += page["taskArns"]
        token = page.get("nextToken")
        if not token:
            break
    out = []
    for i in range(0, len(arns), 100):
        out += ecs.describe_tasks(cluster=cluster, tasks=arns[i:i + 100])["tasks"]
    return out


def register(ecs, family, memory, text):
    # A shell that exits on SIGTERM (sh as PID 1 would ignore it and wait out stopTimeout).
    return ecs.register_task_definition(family=family, containerDefinitions=[{
        "name": "app", "image": IMAGE, "memory": memory, "essential": True, "stopTimeout": 2,
        "command": ["sh", "-c", "trap 'exit 0' TERM; echo %s; sleep 86400 & wait" % text]}])["taskDefinition"]["taskDefinitionArn"]


def steady(ecs, cluster, service, n, td):
    svc = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    PROGRESS["running"] = svc["runningCount"]
    if len(svc["deployments"]) != 1 or svc["deployments"][0]["rolloutState"] != "COMPLETED" or svc["runningCount"] != n:
        return False
    running = [t for t in tasks(ecs, cluster, service) if t["lastStatus"] == "RUNNING"]
    return len(running) == n and all(t["taskDefinitionArn"] == td for t in running)


def containers(cluster):
    out = subprocess.run(["docker", "ps", "-aq", "--filter", "label=com.amazonaws.ecs.cluster=" + cluster],
                         capture_output=True, text=True).stdout.split()
    return out


def running_containers(cluster):
    return subprocess.run(["docker", "ps", "-q", "--filter", "label=com.amazonaws.ecs.cluster=" + cluster],
                          capture_output=True, text=True).stdout.split()


def one_size(ecs, pid, sampler, n, a):
    cluster = "bench-scale-%d-%s" % (n, uuid.uuid4().hex[:6])
    CLUSTERS.append(cluster)
    ecs.create_cluster(clusterName=cluster)
    v1 = register(ecs, "scale%d" % n, a.memory, "v1")
    v2 = register(ecs, "scale%d" % n, a.memory, "v2")
    time.sleep(3)
    idle = rss_kib(pid)
    res = {"n": n, "idle": idle}

    phase("N=%d create" % n, pid)
    t0 = time.monotonic()
    ecs.create_service(cluster=cluster, serviceName="big", taskDefinition=v1, desiredCount=n,
                       deploymentConfiguration={"minimumHealthyPercent": a.min_healthy, "maximumPercent": a.max_percent})
    wait(lambda: steady(ecs, cluster, "big", n, v1), a.timeout)
    t1 = time.monotonic()
    res["create"] = t1 - t0
    time.sleep(3)
    res["rss_running"] = rss_kib(pid)

    t2 = t3 = time.monotonic()
    if not a.skip_roll:
        phase("N=%d roll" % n, pid)
        ecs.update_service(cluster=cluster, service="big", taskDefinition=v2)
        wait(lambda: steady(ecs, cluster, "big", n, v2), a.timeout)
        t3 = time.monotonic()
    res["roll"] = t3 - t2
    res["rss_rolled"] = rss_kib(pid)

    phase("N=%d scale to 0" % n, pid)
    t4 = time.monotonic()
    ecs.update_service(cluster=cluster, service="big", desiredCount=0)
    def all_stopped():
        left = running_containers(cluster)
        PROGRESS["running"] = "%d containers left" % len(left)
        return (not left and ecs.describe_services(cluster=cluster, services=["big"])["services"][0]["runningCount"] == 0
                and all(t["lastStatus"] == "STOPPED" for t in tasks(ecs, cluster, "big", "STOPPED")))
    wait(all_stopped, a.timeout, 0.5)
    t5 = time.monotonic()
    res["scale0"] = t5 - t4
    res["rss_after"] = rss_kib(pid)
    window = sampler.window(t0, t5)
    res["peak"] = max(s[1] for s in window) if window else 0
    res["cpu_create"] = avg_cpu(sampler.window(t0, t1))
    res["cpu_roll"] = avg_cpu(sampler.window(t2, t3))
    res["cpu_scale0"] = avg_cpu(sampler.window(t4, t5))

    ecs.delete_service(cluster=cluster, service="big", force=True)
    wait(lambda: ecs.describe_services(cluster=cluster, services=["big"])["services"][0]["status"] == "INACTIVE", 120, 0.5)
    ecs.delete_cluster(cluster=cluster)
    left = containers(cluster)
    if left:
        subprocess.run(["docker", "rm", "-f"] + left, capture_output=True)
    return res


def engine_floor(n, parallel, memory):
    """Seconds the engine alone takes to run n containers (`docker run -d`, `parallel` at a time)."""
    from concurrent.futures import ThreadPoolExecutor
    def run(_):
        return subprocess.run(["docker", "run", "-d", "--label", "dockyard-bench=engine-floor", "--memory", "%dm" % memory,
                               IMAGE, "sh", "-c", "sleep 86400"], capture_output=True, text=True).stdout.strip()
    t0 = time.monotonic()
    with ThreadPoolExecutor(parallel) as pool:
        ids = list(pool.map(run, range(n)))
    elapsed = time.monotonic() - t0
    subprocess.run(["docker", "rm", "-f"] + [i for i in ids if i], capture_output=True)
    return elapsed


def avg_cpu(window):
    return sum(s[2] for s in window) / len(window) if window else 0.0


def interrupted(*_):
    raise KeyboardInterrupt()


def main():
    # SIGTERM (and SIGINT, which a background job ignores) end the run through the cleanup below.
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="200")
    p.add_argument("--memory", type=int, default=8, help="MiB per container")
    p.add_argument("--min-healthy", type=int, default=50)
    p.add_argument("--max-percent", type=int, default=150)
    p.add_argument("--timeout", type=int, default=900)
    p.add_argument("--samples", help="write the per-second RSS/CPU samples to this CSV file")
    p.add_argument("--engine-floor", type=int, default=0, metavar="P",
                   help="first time `docker run -d` of each size's N containers, P at a time (the engine's own floor)")
    p.add_argument("--skip-roll", action="store_true", help="no rolling update (create, then scale to 0)")
    p.add_argument("--java-opts", help="DOCKYARD_JAVA_OPTS for the launcher (JVM options after its own: they win)")
    p.add_argument("args", nargs="*", help="extra arguments for ./dockyard up")
    a = p.parse_args()

    port = free_port()
    data = tempfile.mkdtemp(prefix="dockyard-scale-bench-")
    log = open(os.path.join(data, "dockyard.log"), "w")
    env = dict(os.environ)
    if a.java_opts:
        env["DOCKYARD_JAVA_OPTS"] = a.java_opts
    proc = subprocess.Popen([os.path.join(ROOT, "dockyard"), "up", "--port", str(port), "--data-dir", data] + a.args,
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    endpoint = "http://localhost:%d" % port
    try:
        wait(lambda: health(endpoint), 120, 0.1)
        sampler = Sampler(proc.pid)
        sampler.start()
        ecs = boto3.client("ecs", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        print("dockyard pid %d on %s, log %s, DOCKYARD_JAVA_OPTS=%s" % (proc.pid, endpoint, log.name, a.java_opts or ""))
        for n in [int(x) for x in a.sizes.split(",")]:
            if a.engine_floor:
                print("engine alone: docker run -d of %d containers, %d at a time: %.1f s" % (n, a.engine_floor, engine_floor(n, a.engine_floor, a.memory)))
            r = one_size(ecs, proc.pid, sampler, n, a)
            print("N=%d (min %d%%, max %d%%, %d MiB containers):" % (n, a.min_healthy, a.max_percent, a.memory))
            print("  CreateService -> %d RUNNING: %.1f s (CPU %.0f%%)" % (n, r["create"], r["cpu_create"]))
            print("  rolling update -> steady:    %.1f s (CPU %.0f%%)" % (r["roll"], r["cpu_roll"]))
            print("  scale to 0 -> all stopped:   %.1f s (CPU %.0f%%)" % (r["scale0"], r["cpu_scale0"]))
            print("  RSS idle %.0f MiB, %d running %.0f MiB, after roll %.0f MiB, after scale-in %.0f MiB, peak %.0f MiB"
                  % (r["idle"] / 1024, n, r["rss_running"] / 1024, r["rss_rolled"] / 1024, r["rss_after"] / 1024, r["peak"] / 1024))
            print("  RSS growth per task: %.0f KiB (running - idle) / N; peak: %.0f KiB" %
                  ((r["rss_running"] - r["idle"]) / n, (r["peak"] - r["idle"]) / n))
            sys.stdout.flush()
        sampler.stop.set()
        if a.samples:
            with open(a.samples, "w") as f:
                f.write("t,rss_kib,cpu_pct\n")
                t0 = sampler.samples[0][0] if sampler.samples else 0
                for t, rss, cpu in sampler.samples:
                    f.write("%.1f,%d,%.1f\n" % (t - t0, rss, cpu))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        for cluster in CLUSTERS:  # an interrupted run leaves its containers running (Dockyard keeps them)
            left = containers(cluster)
            if left:
                subprocess.run(["docker", "rm", "-f"] + left, capture_output=True)
        print("log kept at %s" % log.name)


def health(endpoint):
    try:
        with urllib.request.urlopen(endpoint + "/_dockyard/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()
