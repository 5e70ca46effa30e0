package io.dockyard.it.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import io.dockyard.it.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQS in a fleet: two control-plane replicas on one PostgreSQL database serve the same queues. A queue created on A is
 * found, fed and emptied on B; a long poll on A answers a send on B at once; a message received on A is hidden on B;
 * consumers on both replicas receive every message exactly once; an EventBridge rule made on A delivers an event put on
 * B once, and a rate(1 minute) rule fires once a minute across both; kill -9 of a replica loses no acknowledged send.
 */
@ResourceLock("postgres")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetQueuesIT {
    private static final List<DockyardProcess> replicas = new ArrayList<>();
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.createDatabase("dockyard_fq_");
        for (int i = 1; i <= 2; i++) {
            replicas.add(DockyardProcess.controlPlaneOnly("--database", url, "--node-name", "cp" + i, "--dns-address", "off",
                    "--leader-lease-seconds", "2").start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        replicas.forEach(DockyardProcess::close);
        if (url != null) TestPostgres.dropDatabase(url);
    }

    private static AwsCli cli(int replica) { return new AwsCli(replicas.get(replica).endpoint()); }

    private static SqsClient sdk(int replica) { return Sdk.sqs(replicas.get(replica).endpoint()); }

    @Test
    @Order(1)
    void aQueueCreatedOnAIsServedByBAndALongPollOnAAnswersASendOnB() throws Exception {
        String created = cli(0).run("sqs", "create-queue", "--queue-name", "fleet-jobs", "--attributes", "VisibilityTimeout=30").ok().at("/QueueUrl").asText();
        String onB = cli(1).run("sqs", "get-queue-url", "--queue-name", "fleet-jobs").ok().at("/QueueUrl").asText();
        assertThat(onB).endsWith("/000000000000/fleet-jobs");
        try (SqsClient a = sdk(0); SqsClient b = sdk(1)) {
            long[] answered = {0};
            CompletableFuture<ReceiveMessageResponse> poll = CompletableFuture.supplyAsync(() -> {
                ReceiveMessageResponse r = a.receiveMessage(x -> x.queueUrl(created).waitTimeSeconds(20).messageAttributeNames("All"));
                answered[0] = System.nanoTime();
                return r;
            });
            Thread.sleep(2000);
            assertThat(poll).as("nothing to receive yet").isNotDone();
            long sent = System.nanoTime();
            JsonNode s = cli(1).run("sqs", "send-message", "--queue-url", onB, "--message-body", "from B", "--message-attributes",
                    "{\"k\":{\"DataType\":\"String\",\"StringValue\":\"v\"}}").ok();
            // the CLI's own start-up is part of the wait: the answer must come well before the 1 s re-check would add up
            List<Message> got = poll.get(10, TimeUnit.SECONDS).messages();
            long millis = TimeUnit.NANOSECONDS.toMillis(answered[0] - sent);
            assertThat(got).hasSize(1);
            assertThat(got.getFirst().body()).isEqualTo("from B");
            assertThat(got.getFirst().messageId()).isEqualTo(s.at("/MessageId").asText());
            assertThat(got.getFirst().messageAttributes().get("k").stringValue()).isEqualTo("v");
            assertThat(millis).as("long poll on A answered %d ms after the CLI on B started sending", millis).isLessThan(5000);

            assertThat(b.receiveMessage(x -> x.queueUrl(onB).waitTimeSeconds(1)).messages()).as("in flight: hidden on B too").isEmpty();
            JsonNode attrs = cli(1).run("sqs", "get-queue-attributes", "--queue-url", onB, "--attribute-names", "All").ok().at("/Attributes");
            assertThat(attrs.at("/ApproximateNumberOfMessagesNotVisible").asText()).isEqualTo("1");
            assertThat(attrs.at("/VisibilityTimeout").asText()).isEqualTo("30");
            cli(1).run("sqs", "delete-message", "--queue-url", onB, "--receipt-handle", got.getFirst().receiptHandle()).ok();
            assertThat(cli(0).run("sqs", "get-queue-attributes", "--queue-url", created, "--attribute-names", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessages").ok().at("/Attributes").toString()).contains("\"ApproximateNumberOfMessages\":\"0\"")
                    .contains("\"ApproximateNumberOfMessagesNotVisible\":\"0\"");
        }
    }

    @Test
    @Order(2)
    void consumersOnBothReplicasReceiveTwoHundredMessagesExactlyOnce() throws Exception {
        try (SqsClient a = sdk(0); SqsClient b = sdk(1); ExecutorService threads = Executors.newFixedThreadPool(2)) {
            String q = a.createQueue(x -> x.queueName("fleet-200").attributes(Map.of(software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
            Set<String> sent = new HashSet<>();
            for (int batch = 0; batch < 20; batch++) {
                int base = batch * 10;
                List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 10).mapToObj(i -> SendMessageBatchRequestEntry.builder()
                        .id("e" + i).messageBody("msg-" + (base + i)).build()).toList();
                SqsClient sender = batch % 2 == 0 ? a : b;
                sender.sendMessageBatch(x -> x.queueUrl(q).entries(entries)).successful().forEach(r -> sent.add(r.messageId()));
            }
            assertThat(sent).hasSize(200);
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            AtomicInteger duplicates = new AtomicInteger();
            List<Future<?>> consumers = new ArrayList<>();
            for (SqsClient consumer : List.of(a, b)) {
                consumers.add(threads.submit(() -> {
                    while (true) {
                        List<Message> got = consumer.receiveMessage(x -> x.queueUrl(q).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
                        if (got.isEmpty()) return null;
                        for (Message m : got) {
                            if (seen.merge(m.messageId(), 1, Integer::sum) > 1) duplicates.incrementAndGet();
                            consumer.deleteMessage(x -> x.queueUrl(q).receiptHandle(m.receiptHandle()));
                        }
                    }
                }));
            }
            for (Future<?> f : consumers) f.get(120, TimeUnit.SECONDS);
            assertThat(duplicates).hasValue(0);
            assertThat(seen.keySet()).isEqualTo(sent);
        }
    }

    @Test
    @Order(3)
    void aRuleMadeOnADeliversAnEventPutOnBOnceAndAScheduledRuleMadeOnBFiresOnceAMinute() throws Exception {
        try (SqsClient a = sdk(0); SqsClient b = sdk(1)) {
            String q = a.createQueue(x -> x.queueName("fleet-events")).queueUrl();
            String ticks = b.createQueue(x -> x.queueName("fleet-ticks")).queueUrl();
            String arn = "arn:aws:sqs:us-east-1:000000000000:";
            cli(0).run("events", "put-rule", "--name", "fleet-orders", "--event-pattern", "{\"source\":[\"fleet.shop\"]}").ok();
            cli(0).run("events", "put-targets", "--rule", "fleet-orders", "--targets", "[{\"Id\":\"q\",\"Arn\":\"" + arn + "fleet-events\"}]").ok();
            assertThat(cli(1).run("events", "list-targets-by-rule", "--rule", "fleet-orders").ok().at("/Targets/0/Arn").asText())
                    .as("the rule made on A, seen on B").isEqualTo(arn + "fleet-events");
            JsonNode put = cli(1).run("events", "put-events", "--entries",
                    "[{\"Source\":\"fleet.shop\",\"DetailType\":\"Order\",\"Detail\":\"{\\\"id\\\":7}\"}]").ok();
            assertThat(put.at("/FailedEntryCount").asInt()).isZero();
            List<Message> got = new ArrayList<>();
            for (int i = 0; i < 10 && got.isEmpty(); i++) got.addAll(a.receiveMessage(x -> x.queueUrl(q).waitTimeSeconds(2)).messages());
            assertThat(got).hasSize(1);
            assertThat(got.getFirst().body()).contains("\"source\":\"fleet.shop\"").contains("\"id\":7");
            a.deleteMessage(x -> x.queueUrl(q).receiptHandle(got.getFirst().receiptHandle()));
            assertThat(a.receiveMessage(x -> x.queueUrl(q).waitTimeSeconds(3)).messages()).as("delivered once").isEmpty();

            // a rate(1 minute) rule made on B: the leader fires it (whichever replica that is), once per minute
            cli(1).run("events", "put-rule", "--name", "fleet-tick", "--schedule-expression", "rate(1 minute)").ok();
            cli(1).run("events", "put-targets", "--rule", "fleet-tick", "--targets", "[{\"Id\":\"t\",\"Arn\":\"" + arn + "fleet-ticks\"}]").ok();
            long start = System.currentTimeMillis();
            List<String> times = new ArrayList<>();
            while (System.currentTimeMillis() - start < 125_000) {
                for (Message m : b.receiveMessage(x -> x.queueUrl(ticks).maxNumberOfMessages(10).waitTimeSeconds(5)).messages()) {
                    times.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.body()).path("time").asText());
                    b.deleteMessage(x -> x.queueUrl(ticks).receiptHandle(m.receiptHandle()));
                }
            }
            assertThat(times).as("two occurrences in 125 s, each once: %s", times).hasSize(2).doesNotHaveDuplicates();
        }
    }

    @Test
    @Order(4)
    void killingAReplicaLosesNoAcknowledgedMessage() throws Exception {
        try (SqsClient a = sdk(0); SqsClient b = sdk(1)) {
            String q = b.createQueue(x -> x.queueName("fleet-kill")).queueUrl();
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                sent.add(b.sendMessage(x -> x.queueUrl(q).messageBody("durable-" + n)).messageId());
            }
            replicas.get(1).kill9();
            Set<String> got = new HashSet<>();
            for (int round = 0; round < 20 && got.size() < 50; round++) {
                for (Message m : a.receiveMessage(x -> x.queueUrl(q).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    got.add(m.messageId());
                    a.deleteMessage(x -> x.queueUrl(q).receiptHandle(m.receiptHandle()));
                }
            }
            assertThat(got).isEqualTo(sent);
        }
    }
}
