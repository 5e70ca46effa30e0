package io.dockyard.it.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * EventBridge driven with the AWS CLI, with real containers: ECS's own task state changes matched by a rule and delivered
 * to an SQS queue; PutEvents → rule → an ECS task whose overrides come from the event through an InputTransformer; a rate
 * schedule firing on time into a queue; a log group target; a failing target's dead-letter queue; and the errors of bad
 * patterns, rules and entries.
 */
class EventBridgeIT {
    @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private AwsCli aws;

    @BeforeEach
    void cli() { aws = dockyard.cli(); }

    private String queue(SqsClient sqs, String name) {
        return sqs.createQueue(b -> b.queueName(name)).queueUrl();
    }

    private static String arnOf(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
    }

    private static List<JsonNode> drain(SqsClient sqs, String url, int atLeast, Duration within) {
        List<JsonNode> out = new ArrayList<>();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                out.add(JSON.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            return out.size() >= atLeast;
        });
        return out;
    }

    @Test
    void ecsTaskStateChangesReachAQueueAndPutEventsRunsATaskWithTransformedOverrides() throws Exception {
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint()); EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            String clusterArn = ecs.createCluster(b -> b.clusterName("evented")).cluster().clusterArn();
            await().atMost(Duration.ofSeconds(30)).until(() -> !ecs.listContainerInstances(b -> b.cluster("evented")).containerInstanceArns().isEmpty());
            aws.run("ecs", "register-task-definition", "--family", "job", "--container-definitions",
                    "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"command\":[\"sh\",\"-c\",\"echo $GREETING; exit 3\"]}]").ok();
            String stopped = queue(sqs, "stopped-tasks");
            String pattern = "{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Task State Change\"],\"detail\":{\"lastStatus\":[\"STOPPED\"],"
                    + "\"clusterArn\":[\"" + clusterArn + "\"]}}";
            String ruleArn = aws.run("events", "put-rule", "--name", "on-stop", "--event-pattern", pattern).ok().at("/RuleArn").asText();
            assertThat(ruleArn).endsWith(":rule/on-stop");
            aws.run("events", "put-targets", "--rule", "on-stop", "--targets", "[{\"Id\":\"q\",\"Arn\":\"" + arnOf(sqs, stopped) + "\"}]").ok();

            // a custom event runs a task; the transformer turns the event's detail into the container's environment
            aws.run("events", "put-rule", "--name", "greet", "--event-pattern", "{\"source\":[\"my.shop\"],\"detail\":{\"kind\":[\"order\"]}}").ok();
            String targets = "[{\"Id\":\"run\",\"Arn\":\"" + clusterArn + "\",\"RoleArn\":\"arn:aws:iam::000000000000:role/events\","
                    + "\"EcsParameters\":{\"TaskDefinitionArn\":\"job\",\"TaskCount\":1,\"LaunchType\":\"EC2\"},"
                    + "\"InputTransformer\":{\"InputPathsMap\":{\"who\":\"$.detail.customer\"},"
                    + "\"InputTemplate\":\"{\\\"containerOverrides\\\":[{\\\"name\\\":\\\"app\\\",\\\"environment\\\":[{\\\"name\\\":\\\"GREETING\\\",\\\"value\\\":\\\"hello <who>\\\"}]}]}\"}}]";
            assertThat(aws.run("events", "put-targets", "--rule", "greet", "--targets", targets).ok().at("/FailedEntryCount").asInt()).isZero();
            JsonNode put = aws.run("events", "put-events", "--entries",
                    "[{\"Source\":\"my.shop\",\"DetailType\":\"Order Placed\",\"Detail\":\"{\\\"kind\\\":\\\"order\\\",\\\"customer\\\":\\\"ada\\\"}\"},"
                            + "{\"Source\":\"my.shop\",\"DetailType\":\"Order Placed\"}]").ok();
            assertThat(put.at("/FailedEntryCount").asInt()).as("the entry without Detail fails on its own").isEqualTo(1);
            assertThat(put.at("/Entries/0/EventId").asText()).isNotEmpty();
            assertThat(put.at("/Entries/1/ErrorCode").asText()).isEqualTo("InvalidArgument");

            List<JsonNode> events = drain(sqs, stopped, 1, Duration.ofSeconds(60));
            JsonNode e = events.get(0);
            assertThat(e.at("/source").asText()).isEqualTo("aws.ecs");
            assertThat(e.at("/detail-type").asText()).isEqualTo("ECS Task State Change");
            assertThat(e.at("/detail/lastStatus").asText()).isEqualTo("STOPPED");
            assertThat(e.at("/detail/startedBy").asText()).isEqualTo("events-rule/greet");
            assertThat(e.at("/detail/containers/0/exitCode").asInt()).isEqualTo(3);
            assertThat(e.at("/detail/overrides/containerOverrides/0/environment/0/value").asText()).isEqualTo("hello ada");
            assertThat(e.at("/resources/0").asText()).isEqualTo(e.at("/detail/taskArn").asText());
            assertThat(e.at("/detail/createdAt").asText()).as("ISO 8601 times, as ECS's events have").matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            Task task = ecs.describeTasks(b -> b.cluster("evented").tasks(e.at("/detail/taskArn").asText())).tasks().get(0);
            assertThat(task.overrides().containerOverrides().get(0).environment().get(0).value()).isEqualTo("hello ada");

            // a service reaching its steady state is an ECS Service Action event
            String steady = queue(sqs, "steady");
            aws.run("events", "put-rule", "--name", "steady", "--event-pattern",
                    "{\"source\":[\"aws.ecs\"],\"detail-type\":[\"ECS Service Action\"],\"detail\":{\"eventName\":[\"SERVICE_STEADY_STATE\"],\"clusterArn\":[\"" + clusterArn + "\"]}}").ok();
            aws.run("events", "put-targets", "--rule", "steady", "--targets", "[{\"Id\":\"q\",\"Arn\":\"" + arnOf(sqs, steady) + "\"}]").ok();
            aws.run("ecs", "register-task-definition", "--family", "sleeper", "--container-definitions",
                    "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":1,\"command\":[\"sleep\",\"600\"]}]").ok();
            String serviceArn = aws.run("ecs", "create-service", "--cluster", "evented", "--service-name", "calm", "--task-definition", "sleeper",
                    "--desired-count", "1").ok().at("/service/serviceArn").asText();
            JsonNode action = drain(sqs, steady, 1, Duration.ofSeconds(60)).get(0);
            assertThat(action.at("/detail-type").asText()).isEqualTo("ECS Service Action");
            assertThat(action.at("/detail/eventType").asText()).isEqualTo("INFO");
            assertThat(action.at("/resources/0").asText()).isEqualTo(serviceArn);
            aws.run("ecs", "delete-service", "--cluster", "evented", "--service", "calm", "--force").ok();

            // bad input: the EventBridge errors, nothing changes
            assertThat(aws.run("events", "put-rule", "--name", "bad", "--event-pattern", "{\"source\":\"aws.ecs\"}").stderr())
                    .contains("InvalidEventPatternException").contains("must be an object or an array");
            assertThat(aws.run("events", "put-rule", "--name", "bad").stderr()).contains("ValidationException");
            assertThat(aws.run("events", "put-rule", "--name", "bad", "--schedule-expression", "rate(0 minutes)").stderr()).contains("ValidationException");
            assertThat(aws.run("events", "delete-rule", "--name", "greet").stderr()).contains("ValidationException").contains("has targets");
            assertThat(aws.run("events", "put-targets", "--rule", "nope", "--targets", "[{\"Id\":\"a\",\"Arn\":\"" + arnOf(sqs, stopped) + "\"}]").stderr())
                    .contains("ResourceNotFoundException");
            assertThat(aws.run("events", "describe-rule", "--name", "bad").stderr()).contains("ResourceNotFoundException");
            assertThat(aws.run("events", "test-event-pattern", "--event-pattern", "{\"detail\":{\"kind\":[{\"prefix\":\"ord\"}]}}", "--event",
                    "{\"id\":\"1\",\"account\":\"000000000000\",\"source\":\"x\",\"time\":\"2026-12-04T00:00:00Z\",\"region\":\"us-east-1\","
                            + "\"detail-type\":\"t\",\"detail\":{\"kind\":\"order\"}}").ok().at("/Result").asBoolean()).isTrue();
            assertThat(aws.run("events", "list-rules").ok().at("/Rules").size()).isEqualTo(3);
        }
    }

    @Test
    void aRateScheduleFiresOnTimeAndFailedDeliveriesGoToTheDeadLetterQueueAndLogsTakeEvents() throws Exception {
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            String ticks = queue(sqs, "ticks");
            Instant created = Instant.now();
            aws.run("events", "put-rule", "--name", "every-3s", "--schedule-expression", "rate(3 seconds)").ok();
            aws.run("events", "put-targets", "--rule", "every-3s", "--targets", "[{\"Id\":\"q\",\"Arn\":\"" + arnOf(sqs, ticks) + "\"}]").ok();
            List<JsonNode> fired = drain(sqs, ticks, 2, Duration.ofSeconds(20));
            assertThat(fired.get(0).at("/detail-type").asText()).isEqualTo("Scheduled Event");
            assertThat(fired.get(0).at("/source").asText()).isEqualTo("aws.events");
            assertThat(fired.get(0).at("/resources/0").asText()).endsWith(":rule/every-3s");
            Instant first = Instant.parse(fired.get(0).at("/time").asText()), second = Instant.parse(fired.get(1).at("/time").asText());
            assertThat(Duration.between(first, second).toSeconds()).as("occurrences three seconds apart").isEqualTo(3);
            assertThat(Duration.between(created, first).toMillis()).isBetween(1_000L, 5_000L);
            aws.run("events", "disable-rule", "--name", "every-3s").ok();
            assertThat(aws.run("events", "describe-rule", "--name", "every-3s").ok().at("/State").asText()).isEqualTo("DISABLED");

            // a target that cannot take events: after its retries, the event goes to the dead-letter queue
            String dlq = queue(sqs, "undeliverable");
            aws.run("events", "put-rule", "--name", "lost", "--event-pattern", "{\"source\":[\"my.app\"]}").ok();
            aws.run("events", "put-targets", "--rule", "lost", "--targets", "[{\"Id\":\"gone\",\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:no-such-queue\","
                    + "\"RetryPolicy\":{\"MaximumRetryAttempts\":1,\"MaximumEventAgeInSeconds\":60},\"DeadLetterConfig\":{\"Arn\":\"" + arnOf(sqs, dlq) + "\"}}]").ok();
            // and a log group target on the same rule
            aws.run("logs", "create-log-group", "--log-group-name", "/events/app").ok();
            aws.run("events", "put-targets", "--rule", "lost", "--targets",
                    "[{\"Id\":\"log\",\"Arn\":\"arn:aws:logs:us-east-1:000000000000:log-group:/events/app\",\"InputPath\":\"$.detail\"}]").ok();
            assertThat(aws.run("events", "list-targets-by-rule", "--rule", "lost").ok().at("/Targets").size()).isEqualTo(2);
            aws.run("events", "put-events", "--entries", "[{\"Source\":\"my.app\",\"DetailType\":\"Thing\",\"Detail\":\"{\\\"n\\\":42}\"}]").ok();
            JsonNode dead = drain(sqs, dlq, 1, Duration.ofSeconds(20)).get(0);
            assertThat(dead.at("/detail/n").asInt()).isEqualTo(42);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    aws.run("logs", "filter-log-events", "--log-group-name", "/events/app").ok().at("/events").size() == 1);
            assertThat(aws.run("logs", "filter-log-events", "--log-group-name", "/events/app").ok().at("/events/0/message").asText()).isEqualTo("{\"n\":42}");
        }
    }

    @Test
    void alarmStateChangesAndImagePushesAndDeletesAreEventsToo() throws Exception {
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            String seen = queue(sqs, "aws-events");
            aws.run("events", "put-rule", "--name", "aws-things", "--event-pattern",
                    "{\"source\":[\"aws.cloudwatch\",\"aws.ecr\"],\"$or\":[{\"detail\":{\"alarmName\":[\"evt-alarm\"]}},{\"detail\":{\"repository-name\":[\"evt/app\"]}}]}").ok();
            aws.run("events", "put-targets", "--rule", "aws-things", "--targets", "[{\"Id\":\"q\",\"Arn\":\"" + arnOf(sqs, seen) + "\"}]").ok();

            aws.run("cloudwatch", "put-metric-alarm", "--alarm-name", "evt-alarm", "--namespace", "App", "--metric-name", "Errors", "--statistic", "Sum",
                    "--period", "60", "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanOrEqualToThreshold").ok();
            aws.run("cloudwatch", "set-alarm-state", "--alarm-name", "evt-alarm", "--state-value", "ALARM", "--state-reason", "testing").ok();
            JsonNode alarm = drain(sqs, seen, 1, Duration.ofSeconds(20)).stream().filter(e -> e.at("/source").asText().equals("aws.cloudwatch"))
                    .filter(e -> e.at("/detail/state/value").asText().equals("ALARM")).findFirst().orElseThrow();
            assertThat(alarm.at("/detail-type").asText()).isEqualTo("CloudWatch Alarm State Change");
            assertThat(alarm.at("/detail/state/reason").asText()).isEqualTo("testing");
            assertThat(alarm.at("/resources/0").asText()).endsWith(":alarm:evt-alarm");
            assertThat(alarm.at("/detail/configuration/metrics/0/metricStat/metric/name").asText()).isEqualTo("Errors");

            java.nio.file.Path config = java.nio.file.Files.createTempDirectory("docker-config-");
            java.util.Map<String, String> env = java.util.Map.of("DOCKER_CONFIG", config.toString());
            String registry = "localhost:" + dockyard.process().port();
            String uri = aws.run("ecr", "create-repository", "--repository-name", "evt/app").ok().at("/repository/repositoryUri").asText();
            String password = aws.run("ecr", "get-login-password").stdout().trim();
            Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
            Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, uri + ":v1").ok();
            try {
                Cmd.run(env, null, "docker", "push", uri + ":v1").ok();
            } finally {
                Cmd.run(env, null, "docker", "rmi", uri + ":v1");
            }
            aws.run("ecr", "batch-delete-image", "--repository-name", "evt/app", "--image-ids", "imageTag=v1").ok();
            List<JsonNode> ecr = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                drain(sqs, seen, 0, Duration.ofSeconds(2)).stream().filter(e -> e.at("/source").asText().equals("aws.ecr")).forEach(ecr::add);
                return ecr.size() >= 2;
            });
            JsonNode push = ecr.get(0), delete = ecr.get(1);
            assertThat(push.at("/detail-type").asText()).isEqualTo("ECR Image Action");
            assertThat(push.at("/detail/action-type").asText()).isEqualTo("PUSH");
            assertThat(push.at("/detail/result").asText()).isEqualTo("SUCCESS");
            assertThat(push.at("/detail/image-tag").asText()).isEqualTo("v1");
            assertThat(push.at("/detail/image-digest").asText()).startsWith("sha256:");
            assertThat(push.at("/resources/0").asText()).endsWith(":repository/evt/app");
            assertThat(delete.at("/detail/action-type").asText()).isEqualTo("DELETE");
            assertThat(delete.at("/detail/image-digest").asText()).isEqualTo(push.at("/detail/image-digest").asText());
        }
    }

    @Test
    void schedulerSchedulesRunTasksAndSendMessagesOnTimeAndOneTimeSchedulesDeleteThemselves() throws Exception {
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint()); EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            String clusterArn = ecs.createCluster(b -> b.clusterName("scheduled")).cluster().clusterArn();
            await().atMost(Duration.ofSeconds(30)).until(() -> !ecs.listContainerInstances(b -> b.cluster("scheduled")).containerInstanceArns().isEmpty());
            aws.run("ecs", "register-task-definition", "--family", "tick", "--container-definitions",
                    "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"command\":[\"true\"]}]").ok();
            String role = "arn:aws:iam::000000000000:role/scheduler";
            String arn = aws.run("scheduler", "create-schedule", "--name", "run-tick", "--schedule-expression", "rate(3 seconds)",
                    "--flexible-time-window", "Mode=OFF", "--target", "{\"Arn\":\"" + clusterArn + "\",\"RoleArn\":\"" + role + "\","
                            + "\"EcsParameters\":{\"TaskDefinitionArn\":\"tick\",\"TaskCount\":1,\"LaunchType\":\"EC2\"}}").ok().at("/ScheduleArn").asText();
            assertThat(arn).endsWith(":schedule/default/run-tick");
            JsonNode got = aws.run("scheduler", "get-schedule", "--name", "run-tick").ok();
            assertThat(got.at("/ScheduleExpression").asText()).isEqualTo("rate(3 seconds)");
            assertThat(got.at("/Target/EcsParameters/TaskDefinitionArn").asText()).isEqualTo("tick");
            assertThat(got.at("/State").asText()).isEqualTo("ENABLED");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ecs.listTasks(b -> b.cluster("scheduled").startedBy("chronos-schedule/run-tick").desiredStatus("STOPPED")).taskArns().size()
                            + ecs.listTasks(b -> b.cluster("scheduled").startedBy("chronos-schedule/run-tick")).taskArns().size() >= 2);
            aws.run("scheduler", "delete-schedule", "--name", "run-tick").ok();

            // a one-time schedule in its own group and time zone: it sends its input once, then deletes itself
            String q = queue(sqs, "once");
            aws.run("scheduler", "create-schedule-group", "--name", "jobs").ok();
            java.time.ZoneId paris = java.time.ZoneId.of("Europe/Paris");
            String at = java.time.LocalDateTime.now(paris).plusSeconds(8)
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")); // toString() drops ":00"
            aws.run("scheduler", "create-schedule", "--name", "once", "--group-name", "jobs", "--schedule-expression", "at(" + at + ")",
                    "--schedule-expression-timezone", "Europe/Paris", "--action-after-completion", "DELETE", "--flexible-time-window", "Mode=OFF",
                    "--target", "{\"Arn\":\"" + arnOf(sqs, q) + "\",\"RoleArn\":\"" + role + "\",\"Input\":\"{\\\"job\\\":7}\"}").ok();
            assertThat(aws.run("scheduler", "list-schedules", "--group-name", "jobs").ok().at("/Schedules/0/Name").asText()).isEqualTo("once");
            JsonNode message = drain(sqs, q, 1, Duration.ofSeconds(30)).get(0);
            assertThat(message.at("/job").asInt()).isEqualTo(7);
            await().atMost(Duration.ofSeconds(10)).until(() -> aws.run("scheduler", "get-schedule", "--name", "once", "--group-name", "jobs").stderr()
                    .contains("ResourceNotFoundException"));

            // bad input
            String target = "{\"Arn\":\"" + arnOf(sqs, q) + "\",\"RoleArn\":\"" + role + "\"}";
            assertThat(aws.run("scheduler", "create-schedule", "--name", "bad", "--schedule-expression", "every day", "--flexible-time-window", "Mode=OFF",
                    "--target", target).stderr()).contains("ValidationException");
            aws.run("scheduler", "create-schedule", "--name", "dup", "--schedule-expression", "cron(0 3 * * ? *)", "--flexible-time-window",
                    "Mode=FLEXIBLE,MaximumWindowInMinutes=15", "--target", target).ok();
            assertThat(aws.run("scheduler", "create-schedule", "--name", "dup", "--schedule-expression", "cron(0 3 * * ? *)", "--flexible-time-window",
                    "Mode=OFF", "--target", target).stderr()).contains("ConflictException");
            assertThat(aws.run("scheduler", "get-schedule", "--name", "nope").stderr()).contains("ResourceNotFoundException");
            assertThat(aws.run("scheduler", "get-schedule", "--name", "dup").ok().at("/FlexibleTimeWindow/MaximumWindowInMinutes").asInt()).isEqualTo(15);
        }
    }
}
