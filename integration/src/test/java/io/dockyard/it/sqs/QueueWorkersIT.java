package io.dockyard.it.sqs;

import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's queue-worker architecture end to end: an ECS service of worker containers that read an SQS queue (a shell
 * loop in the container calling SQS's Query API), report each job to a second queue and delete it; the service scales
 * out on the backlog per task (target tracking on metric math over AWS/SQS and ECS/ContainerInsights) and back in when
 * the queue drains; every job is done, exactly once while Dockyard runs, and none is lost across a kill -9 of Dockyard.
 */
class QueueWorkersIT {
    private static final int JOBS = 150;
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage().bind(QueueWorkersIT::gateway)
            .env("DOCKYARD_STATS_SECONDS", "2").env("DOCKYARD_ALARM_EVALUATION_SECONDS", "1");
    private static AwsCli aws;
    /** The containers reach Dockyard on the Docker bridge's gateway address. */
    static String gateway() { return Docker.bridgeGateway(); }

    @BeforeAll
    static void start() { aws = dockyard.cli(); }

    /**
     * The worker: receive one job (long poll), work 0.3 s, report it, delete it; forever. Its requests carry a SigV4-shaped
     * Authorization header (local mode checks its form, not its signature; busybox cannot sign).
     */
    private static String worker(String jobs, String done) {
        String sqs = "http://" + gateway() + ":" + dockyard.process().port() + "/?Version=2012-11-05";
        String wget = "wget --header 'Authorization: AWS4-HMAC-SHA256 Credential=worker/20261204/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0' -qO-";
        return "while true; do "
                + "r=$(" + wget + " \"" + sqs + "&Action=ReceiveMessage&QueueUrl=" + jobs + "&WaitTimeSeconds=5&VisibilityTimeout=30\") || { sleep 1; continue; }; "
                + "h=$(echo \"$r\" | sed -n 's:.*<ReceiptHandle>\\([^<]*\\)</ReceiptHandle>.*:\\1:p'); "
                + "b=$(echo \"$r\" | sed -n 's:.*<Body>\\([^<]*\\)</Body>.*:\\1:p'); "
                + "[ -z \"$h\" ] && continue; sleep 0.3; "
                + wget + " \"" + sqs + "&Action=SendMessage&QueueUrl=" + done + "&MessageBody=$b\" >/dev/null && "
                + wget + " \"" + sqs + "&Action=DeleteMessage&QueueUrl=" + jobs + "&ReceiptHandle=$h\" >/dev/null; "
                + "done";
    }

    @Test
    void workersDrainTheQueueScalingOnBacklogAndLoseNothingAcrossAKill9() throws Exception {
        Map<String, Integer> doneCounts = new HashMap<>();
        String jobs, done;
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            jobs = sqs.createQueue(b -> b.queueName("jobs").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "20"))).queueUrl();
            done = sqs.createQueue(b -> b.queueName("done")).queueUrl();
        }
        // Container Insights on: RunningTaskCount is the denominator of the backlog per task
        aws.run("ecs", "create-cluster", "--cluster-name", "workers", "--settings", "name=containerInsights,value=enabled").ok();
        aws.run("ecs", "register-task-definition", "--family", "worker", "--network-mode", "bridge", "--container-definitions",
                "[{\"name\":\"w\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,\"command\":[\"sh\",\"-c\","
                        + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(worker(jobs, done)) + "]}]").ok();
        aws.run("ecs", "create-service", "--cluster", "workers", "--service-name", "worker", "--task-definition", "worker", "--desired-count", "1").ok();
        aws.run("application-autoscaling", "register-scalable-target", "--service-namespace", "ecs", "--resource-id", "service/workers/worker",
                "--scalable-dimension", "ecs:service:DesiredCount", "--min-capacity", "1", "--max-capacity", "4").ok();
        // backlog per task: visible messages / running tasks, target 10 (the AWS guidance for queue workers)
        String policy = "{\"TargetValue\":10,\"ScaleOutCooldown\":5,\"ScaleInCooldown\":5,\"CustomizedMetricSpecification\":{\"Metrics\":["
                + "{\"Id\":\"m1\",\"ReturnData\":false,\"MetricStat\":{\"Stat\":\"Average\",\"Metric\":{\"Namespace\":\"AWS/SQS\","
                + "\"MetricName\":\"ApproximateNumberOfMessagesVisible\",\"Dimensions\":[{\"Name\":\"QueueName\",\"Value\":\"jobs\"}]}}},"
                + "{\"Id\":\"m2\",\"ReturnData\":false,\"MetricStat\":{\"Stat\":\"Average\",\"Metric\":{\"Namespace\":\"ECS/ContainerInsights\","
                + "\"MetricName\":\"RunningTaskCount\",\"Dimensions\":[{\"Name\":\"ClusterName\",\"Value\":\"workers\"},{\"Name\":\"ServiceName\",\"Value\":\"worker\"}]}}},"
                + "{\"Id\":\"e1\",\"Expression\":\"m1 / m2\",\"Label\":\"backlog per task\",\"ReturnData\":true}]}}";
        aws.run("application-autoscaling", "put-scaling-policy", "--policy-name", "backlog", "--service-namespace", "ecs", "--resource-id",
                "service/workers/worker", "--scalable-dimension", "ecs:service:DesiredCount", "--policy-type", "TargetTrackingScaling",
                "--target-tracking-scaling-policy-configuration", policy).ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> running() == 1);

        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            for (int i = 0; i < JOBS; i += 10) {
                int from = i;
                sqs.sendMessageBatch(b -> b.queueUrl(jobs).entries(IntStream.range(from, from + 10).mapToObj(n ->
                        SendMessageBatchRequestEntry.builder().id("j" + n).messageBody("job-" + n).build()).toList()));
            }
            Instant sent = Instant.now();
            // the backlog makes the service scale out
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> running() >= 2);
            System.out.printf("queue workers: scaled out to %d tasks %d s after the jobs were sent%n", running(), Duration.between(sent, Instant.now()).toSeconds());
            collect(sqs, done, doneCounts, JOBS / 3, Duration.ofSeconds(90));
        }

        // kill -9 of Dockyard with work in flight; the workers retry until it is back
        dockyard.process().kill9();
        Thread.sleep(2000);
        dockyard.process().start();
        try (SqsClient sqs = Sdk.sqs(dockyard.endpoint())) {
            collect(sqs, done, doneCounts, JOBS, Duration.ofSeconds(180));
            assertThat(doneCounts.keySet()).as("every job done").hasSize(JOBS)
                    .containsAll(IntStream.range(0, JOBS).mapToObj(n -> "job-" + n).toList());
            long twice = doneCounts.values().stream().filter(c -> c > 1).count();
            System.out.printf("queue workers: %d jobs done, %d of them twice (in flight at the kill -9)%n", doneCounts.size(), twice);
            assertThat(twice).as("only jobs in flight at the crash may be done again").isLessThanOrEqualTo(8);
            await().atMost(Duration.ofSeconds(30)).until(() -> "0".equals(sqs.getQueueAttributes(b -> b.queueUrl(jobs).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values()
                    .stream().mapToInt(Integer::parseInt).sum() + ""));
        }
        // the queue is empty: the service scales back in
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).until(() -> desired() == 1);
        assertThat(aws.run("application-autoscaling", "describe-scaling-activities", "--service-namespace", "ecs", "--resource-id", "service/workers/worker")
                .ok().at("/ScalingActivities").toString()).contains("Successful");
    }

    /** Reads the done queue until {@code atLeast} distinct jobs are counted. */
    private static void collect(SqsClient sqs, String done, Map<String, Integer> counts, int atLeast, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(done).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : got) {
                counts.merge(m.body(), 1, Integer::sum);
                sqs.deleteMessage(b -> b.queueUrl(done).receiptHandle(m.receiptHandle()));
            }
            return counts.size() >= atLeast;
        });
    }

    private static int running() {
        return aws.run("ecs", "describe-services", "--cluster", "workers", "--services", "worker").ok().at("/services/0/runningCount").asInt();
    }

    private static int desired() {
        return aws.run("ecs", "describe-services", "--cluster", "workers", "--services", "worker").ok().at("/services/0/desiredCount").asInt();
    }
}
