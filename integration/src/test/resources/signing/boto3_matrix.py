"""boto3 as a signing oracle for one operation family (SigningMatrixIT).

Usage: boto3_matrix.py ENDPOINT ACCESS_KEY SECRET CASE. For the case's mutating call, a `before-send` hook first sends a
copy of the signed request with one byte changed (a body byte, a header value, a path byte or a query parameter), records
its answer and checks with another client that the changed request created nothing, then lets the real request go.
Prints one JSON object: {"tampered": {"status", "body", "headers"}, "absent": bool, "ok": <the call's result summary>}.
"""
import json, ssl, sys, urllib.request, urllib.error
import boto3
from botocore.config import Config

endpoint, key, secret, case = sys.argv[1:5]
verify = not endpoint.startswith("https")
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
          verify=verify, config=Config(retries={"max_attempts": 1}))
ctx = None if verify else ssl._create_unverified_context()
out = {}


def send(method, url, headers, body):
    req = urllib.request.Request(url, data=body, method=method)
    for k, v in headers.items():
        if k.lower() not in ("content-length", "host"):
            req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, context=ctx) as r:
            return {"status": r.status, "body": r.read().decode("utf-8", "replace"), "headers": dict(r.headers)}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": e.read().decode("utf-8", "replace"), "headers": dict(e.headers)}


def one_byte(data, old, new):
    """data with the first `old` replaced by `new` (same length, one byte apart)."""
    assert len(old) == len(new) and sum(a != b for a, b in zip(old, new)) == 1
    assert old in data, (old, data)
    return data.replace(old, new, 1)


def tamper_then_send(client, where, old, new, absent):
    """Registers the hook: the tampered copy goes first, then `absent()` (a clean client) says whether it changed nothing."""
    def hook(request, **_):
        if "tampered" in out:
            return None
        url, headers, body = request.url, dict(request.headers), request.body
        if isinstance(body, str):
            body = body.encode()
        headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in headers.items()}
        if where == "body":
            body = one_byte(body, old.encode(), new.encode())
        elif where == "url":
            url = one_byte(url, old, new)
        else:  # a header's value
            headers[where] = one_byte(headers[where], old, new)
        out["tampered"] = send(request.method, url, headers, body)
        out["absent"] = absent()
        return None
    client.meta.events.register("before-send", hook)


def clean(service):
    return boto3.client(service, **kw)


def missing(fn):
    try:
        fn()
        return False
    except clean("sts").exceptions.ClientError as e:
        return e.response["Error"]["Code"]


if case == "json11-body":  # CloudWatch Logs, JSON 1.1
    c = clean("logs")
    tamper_then_send(c, "body", "mx-b3-a", "mx-b3-b",
                     lambda: not clean("logs").describe_log_groups(logGroupNamePrefix="mx-b3-b")["logGroups"])
    c.create_log_group(logGroupName="mx-b3-a")
    out["ok"] = [g["logGroupName"] for g in c.describe_log_groups(logGroupNamePrefix="mx-b3-")["logGroups"]]
elif case == "json11-header":  # ECS, JSON 1.1, the X-Amz-Date header one second off
    c = clean("ecs")
    def no_cluster():
        return not clean("ecs").describe_clusters(clusters=["mx-b3-ecs"])["clusters"]
    def date_hook(request, **_):
        if "tampered" in out:
            return None
        d = request.headers["X-Amz-Date"]
        d = d.decode() if isinstance(d, bytes) else d
        last = d[-2]
        tamper_then_send_direct(request, "X-Amz-Date", d, d[:-2] + ("1" if last == "0" else "0") + "Z", no_cluster)
    def tamper_then_send_direct(request, header, old, new, absent):
        headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in dict(request.headers).items()}
        headers[header] = one_byte(headers[header], old, new)
        body = request.body.encode() if isinstance(request.body, str) else request.body
        out["tampered"] = send(request.method, request.url, headers, body)
        out["absent"] = absent()
    c.meta.events.register("before-send", date_hook)
    c.create_cluster(clusterName="mx-b3-ecs")
    out["ok"] = [x["clusterName"] for x in c.describe_clusters(clusters=["mx-b3-ecs"])["clusters"]]
elif case == "json10-body":  # SQS, JSON 1.0
    c = clean("sqs")
    tamper_then_send(c, "body", "mx-b3-a", "mx-b3-b", lambda: missing(lambda: clean("sqs").get_queue_url(QueueName="mx-b3-b")) is not False)
    out["ok"] = c.create_queue(QueueName="mx-b3-a")["QueueUrl"]
elif case == "query-body":  # IAM, Query/XML
    c = clean("iam")
    tamper_then_send(c, "body", "mx-b3-a", "mx-b3-b", lambda: missing(lambda: clean("iam").get_user(UserName="mx-b3-b")) == "NoSuchEntity")
    out["ok"] = c.create_user(UserName="mx-b3-a")["User"]["Arn"]
elif case == "cbor-body":  # CloudWatch, Smithy RPC v2 CBOR
    c = clean("cloudwatch")
    tamper_then_send(c, "body", "mx-b3-a", "mx-b3-b",
                     lambda: not clean("cloudwatch").describe_alarms(AlarmNames=["mx-b3-b"])["MetricAlarms"])
    c.put_metric_alarm(AlarmName="mx-b3-a", Namespace="mx", MetricName="m", Statistic="Average", Period=60, EvaluationPeriods=1,
                       Threshold=1.0, ComparisonOperator="GreaterThanThreshold")
    out["ok"] = [a["AlarmName"] for a in c.describe_alarms(AlarmNames=["mx-b3-a"])["MetricAlarms"]]
elif case == "restjson-path":  # EventBridge Scheduler, REST-JSON: a byte of the URL's path
    c = clean("scheduler")
    tamper_then_send(c, "url", "mx-b3-a", "mx-b3-b",
                     lambda: missing(lambda: clean("scheduler").get_schedule_group(Name="mx-b3-b")) == "ResourceNotFoundException")
    out["ok"] = c.create_schedule_group(Name="mx-b3-a")["ScheduleGroupArn"]
elif case == "presigned-query":  # STS GetCallerIdentity presigned (X-Amz-* in the query string)
    # botocore signs a Query operation's presigned URL with the operation's method (POST, an empty body)
    url = clean("sts").generate_presigned_url("get_caller_identity", ExpiresIn=600)
    ok = send("POST", url, {}, b"")
    out["ok"] = {"status": ok["status"], "body": ok["body"]}
    out["tampered"] = send("POST", one_byte(url, "X-Amz-Expires=600", "X-Amz-Expires=601"), {}, b"")
    # and a GET presigned as aws-iam-authenticator does (botocore's request signer with the method GET)
    sts = clean("sts")
    get = sts._request_signer.generate_presigned_url(
        {"method": "GET", "url": endpoint + "/?Action=GetCallerIdentity&Version=2011-06-15", "body": {}, "headers": {}, "context": {}},
        operation_name="GetCallerIdentity", expires_in=60)
    out["ok_get"] = send("GET", get, {}, None)["status"]
    out["absent"] = True  # a read
else:
    raise SystemExit("unknown case " + case)
print(json.dumps(out))
