#!/usr/bin/env python3
"""Application Auto Scaling benchmark, with Dockyard's default settings (10-second metrics and alarms).

1. Reaction: a service with a target-tracking policy on a customized high-resolution metric; the metric
   is put above its target every second; timed from the first breaching datapoint to the second task
   RUNNING (ECS on AWS, June 2026: 86 s to trigger, 109 s to a running task with 20-second metrics).
2. Capacity: an empty Auto Scaling group of Dockyard hosts (the local instance provider: hosts of their own in network
   namespaces when run as root, else agent processes; DOCKYARD_INSTANCE_NETWORK chooses) behind a capacity provider
   with managed scaling; a service of one task that fits nowhere, its image in Dockyard's registry (a new host's engine
   starts empty and pulls it); timed to the new host registered and the task RUNNING.
3. Cost: N services (desired count 0) each registered as a scalable target with a target-tracking policy
   (2 alarms each) and a scheduled action; the Dockyard process's CPU time over 60 s is compared with
   60 s before the targets existed (the scaler and alarm loops' share of one core).

usage: bench.py DOCKYARD_URL PID [N]"""
import sys, time, json, subprocess, boto3

url, pid, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1000
kw = dict(endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
ecs, aas, cw = boto3.client("ecs", **kw), boto3.client("application-autoscaling", **kw), boto3.client("cloudwatch", **kw)
TICKS = 100

def cpu_seconds():
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / TICKS

def share(seconds=60):
    c0, t0 = cpu_seconds(), time.time()
    time.sleep(seconds)
    return (cpu_seconds() - c0) / (time.time() - t0)

ecs.create_cluster(clusterName="bench")
ecs.register_task_definition(family="idle", networkMode="bridge", containerDefinitions=[{"name": "app", "image": "dockyard-test/busybox:latest",
    "memory": 32, "stopTimeout": 2, "command": ["sleep", "3600"]}])

# 1. reaction
ecs.create_service(cluster="bench", serviceName="react", taskDefinition="idle", desiredCount=1,
                   deploymentConfiguration={"minimumHealthyPercent": 0, "maximumPercent": 200})
while ecs.describe_services(cluster="bench", services=["react"])["services"][0]["runningCount"] < 1:
    time.sleep(0.5)
aas.register_scalable_target(ServiceNamespace="ecs", ResourceId="service/bench/react", ScalableDimension="ecs:service:DesiredCount", MinCapacity=1, MaxCapacity=2)
aas.put_scaling_policy(PolicyName="queue", ServiceNamespace="ecs", ResourceId="service/bench/react", ScalableDimension="ecs:service:DesiredCount",
                       PolicyType="TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration={"TargetValue": 100,
                       "CustomizedMetricSpecification": {"MetricName": "Backlog", "Namespace": "Bench", "Statistic": "Average"}})
# a minute below the target first, so the alarms have settled
for _ in range(20):
    cw.put_metric_data(Namespace="Bench", MetricData=[{"MetricName": "Backlog", "Value": 50, "StorageResolution": 1}])
    time.sleep(1)
start = time.time()
running = None
while time.time() - start < 120:
    cw.put_metric_data(Namespace="Bench", MetricData=[{"MetricName": "Backlog", "Value": 180, "StorageResolution": 1}])
    s = ecs.describe_services(cluster="bench", services=["react"])["services"][0]
    if s["runningCount"] >= 2:
        running = time.time() - start
        break
    time.sleep(0.25)
activity = aas.describe_scaling_activities(ServiceNamespace="ecs", ResourceId="service/bench/react")["ScalingActivities"]
triggered = (activity[0]["StartTime"].timestamp() - start) if activity else None
print("reaction: metric above target -> scaling activity %.1f s, -> second task RUNNING %s s (AWS, 20-second metrics: 86 s and 109 s; ratio %s)"
      % (triggered or -1, "%.1f" % running if running else "not within 120", "%.1fx" % (109 / running) if running else "-"))

# 2. capacity: a service that does not fit on an empty group of hosts -> a new host registered and the task RUNNING
asg = boto3.client("autoscaling", **kw)
asg.create_auto_scaling_group(AutoScalingGroupName="bench-hosts", LaunchTemplate={"LaunchTemplateName": "dockyard-host"}, MinSize=0, MaxSize=2,
                              DesiredCapacity=0, NewInstancesProtectedFromScaleIn=True,
                              Tags=[{"Key": "dockyard:cpu", "Value": "512"}, {"Key": "dockyard:memory", "Value": "512"}])
group_arn = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["bench-hosts"])["AutoScalingGroups"][0]["AutoScalingGroupARN"]
ecs.create_capacity_provider(name="bench-cp", autoScalingGroupProvider={"autoScalingGroupArn": group_arn, "managedScaling": {"status": "ENABLED",
                             "targetCapacity": 100}, "managedTerminationProtection": "ENABLED"})
ecs.create_cluster(clusterName="hosts", capacityProviders=["bench-cp"], defaultCapacityProviderStrategy=[{"capacityProvider": "bench-cp", "weight": 1}])
# the image in Dockyard's registry, as a user's would be: a host of its own pulls it from there
ecr = boto3.client("ecr", **kw)
ecr.create_repository(repositoryName="bench/busybox")
registry = url.split("://", 1)[1]
import base64
password = base64.b64decode(ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]).split(b":", 1)[1]
subprocess.run(["docker", "login", "-u", "AWS", "--password-stdin", registry], input=password, check=True, capture_output=True)
subprocess.run(["docker", "tag", "dockyard-test/busybox:latest", registry + "/bench/busybox:latest"], check=True)
subprocess.run(["docker", "push", registry + "/bench/busybox:latest"], check=True, capture_output=True)
ecs.register_task_definition(family="fit", networkMode="bridge", containerDefinitions=[{"name": "app", "image": registry + "/bench/busybox:latest",
    "cpu": 256, "memory": 64, "stopTimeout": 2, "command": ["sleep", "3600"]}])
start = time.time()
ecs.create_service(cluster="hosts", serviceName="fit", taskDefinition="fit", desiredCount=1)
host_up = None
while time.time() - start < 60:
    # local mode's own capacity is in every cluster: a second container instance is the new host
    if host_up is None and len(ecs.list_container_instances(cluster="hosts")["containerInstanceArns"]) >= 2:
        host_up = time.time() - start
    if ecs.describe_services(cluster="hosts", services=["fit"])["services"][0]["runningCount"] >= 1:
        break
    time.sleep(0.2)
took = time.time() - start
print("capacity: a task that does not fit -> new host registered %.1f s, task RUNNING %.1f s (target <= 10 s)" % (host_up or -1, took))
ecs.delete_service(cluster="hosts", service="fit", force=True)

# 3. cost
before = share()
t0 = time.time()
for i in range(n):
    name = "s%04d" % i
    ecs.create_service(cluster="bench", serviceName=name, taskDefinition="idle", desiredCount=0)
    rid = "service/bench/" + name
    aas.register_scalable_target(ServiceNamespace="ecs", ResourceId=rid, ScalableDimension="ecs:service:DesiredCount", MinCapacity=0, MaxCapacity=5)
    aas.put_scaling_policy(PolicyName="cpu", ServiceNamespace="ecs", ResourceId=rid, ScalableDimension="ecs:service:DesiredCount",
                           PolicyType="TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration={"TargetValue": 60,
                           "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})
    aas.put_scheduled_action(ServiceNamespace="ecs", ResourceId=rid, ScalableDimension="ecs:service:DesiredCount", ScheduledActionName="night",
                             Schedule="cron(0 2 * * ? *)", ScalableTargetAction={"MinCapacity": 0})
setup = time.time() - t0
after = share()
alarms = sum(len(p["MetricAlarms"]) for p in cw.get_paginator("describe_alarms").paginate())
print("cost: %d targets, %d policies, %d alarms, %d scheduled actions set up in %.0f s; Dockyard CPU %.1f%% of a core idle before, %.1f%% after: the scaler and alarms add %.1f%% (target < 5%%)"
      % (n, n, alarms, n, setup, 100 * before, 100 * after, 100 * (after - before)))
