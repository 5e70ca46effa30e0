"""How late a scheduled EventBridge rule fires: a cron(* * * * ? *) rule (every minute, on the minute) delivers to an SQS
queue that a long poll waits on; the delay is the time of receipt minus the occurrence (the event's "time", a whole
minute). usage: python3 bench/events/schedule_accuracy.py http://localhost:4566 [samples=3]"""
import datetime
import json
import sys
import time

import boto3

endpoint = sys.argv[1]
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 3
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
sqs, events = boto3.client("sqs", **kw), boto3.client("events", **kw)
url = sqs.create_queue(QueueName="schedule-accuracy")["QueueUrl"]
arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
events.put_rule(Name="every-minute", ScheduleExpression="cron(* * * * ? *)")
events.put_targets(Rule="every-minute", Targets=[{"Id": "q", "Arn": arn}])
delays = []
try:
    while len(delays) < samples:
        for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20, MaxNumberOfMessages=1).get("Messages", []):
            got = time.time()
            occurrence = datetime.datetime.fromisoformat(json.loads(m["Body"])["time"].replace("Z", "+00:00")).timestamp()
            delays.append(got - occurrence)
            print(f"occurrence {json.loads(m['Body'])['time']}: received {1000 * (got - occurrence):.0f} ms after it", flush=True)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
finally:
    events.remove_targets(Rule="every-minute", Ids=["q"])
    events.delete_rule(Name="every-minute")
    sqs.delete_queue(QueueUrl=url)
delays.sort()
print(f"schedule accuracy: {len(delays)} occurrences, delay median {1000 * delays[len(delays) // 2]:.0f} ms, max {1000 * delays[-1]:.0f} ms")
