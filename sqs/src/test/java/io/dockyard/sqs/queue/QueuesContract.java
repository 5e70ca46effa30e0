package io.dockyard.sqs.queue;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Queues} keeps (the journal of one server and the store a fleet shares), with a hand-moved clock:
 * visibility, delay, retention, FIFO groups and deduplication, dead-letter queues, purges, names and attributes.
 * Each implementation's test extends it ({@code QueuesTest}, store-postgres's {@code PostgresQueuesTest}).
 */
public abstract class QueuesContract {
    /** A clock the test moves. */
    public static final class Hand extends Clock {
        volatile Instant now = Instant.parse("2026-12-04T12:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        public void plus(long seconds) { now = now.plusSeconds(seconds); }
    }

    protected final Hand clock = new Hand();

    /** Fresh, empty queues on {@code clock}. */
    protected abstract Queues open(Clock clock);

    protected Queues open() { return open(clock); }

    protected static Queues.Send send(String body) { return new Queues.Send(body, null, Map.of(), Map.of(), null, null, "me"); }

    protected static Queues.Send fifo(String body, String group) { return new Queues.Send(body, null, Map.of(), Map.of(), group, null, "me"); }

    protected static List<String> bodies(List<Queues.Received> r) { return r.stream().map(x -> x.message().body).toList(); }

    @Test
    void aReceivedMessageIsHiddenForItsVisibilityTimeoutThenComesBackWithAHigherCount() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("jobs", Map.of("VisibilityTimeout", "10"), Map.of());
            queues.send(q, send("a"));
            Queues.Received first = queues.receive(q, 10, null, 0).getFirst();
            assertThat(queues.receive(q, 10, null, 0)).isEmpty();
            assertThat(queues.attributes(q, List.of("ApproximateNumberOfMessagesNotVisible"))).containsEntry("ApproximateNumberOfMessagesNotVisible", "1");
            clock.plus(10);
            Queues.Received second = queues.receive(q, 10, null, 0).getFirst();
            assertThat(second.message().receiveCount()).isEqualTo(2);
            assertThat(second.message().firstReceiveAt()).isEqualTo(first.message().firstReceiveAt());
            assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
            assertThatThrownBy(() -> queues.changeVisibility(q, first.receiptHandle(), 5)).as("an old handle changes nothing")
                    .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("AWS.SimpleQueueService.MessageNotInflight"));
            queues.deleteMessage(q, second.receiptHandle());
            queues.deleteMessage(q, second.receiptHandle());
            clock.plus(100);
            assertThat(queues.receive(q, 10, null, 0)).isEmpty();
        }
    }

    @Test
    void changingTheVisibilityToZeroMakesTheMessageReceivableAtOnce() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("cv", Map.of(), Map.of());
            queues.send(q, send("x"));
            Queues.Received r = queues.receive(q, 1, 60, 0).getFirst();
            queues.changeVisibility(q, r.receiptHandle(), 0);
            assertThat(bodies(queues.receive(q, 1, null, 0))).containsExactly("x");
            assertThatThrownBy(() -> queues.deleteMessage(q, "bm90LWEtaGFuZGxl")).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("ReceiptHandleIsInvalid"));
        }
    }

    @Test
    void messagesComeInTheOrderTheyWereSentWithTheirAttributes() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("order", Map.of(), Map.of());
            Map<String, Message.Attribute> attrs = Map.of("k", new Message.Attribute("String", "v", null), "b", new Message.Attribute("Binary", null, "AQID"));
            Queues.Sent sent = queues.send(q, new Queues.Send("1", null, attrs, Map.of(), null, null, "me"));
            assertThat(sent.md5OfAttributes()).isEqualTo(Md5.attributes(attrs));
            for (int i = 2; i <= 5; i++) queues.send(q, send(Integer.toString(i)));
            List<Queues.Received> got = queues.receive(q, 10, null, 0);
            assertThat(bodies(got)).containsExactly("1", "2", "3", "4", "5");
            Message first = got.getFirst().message();
            assertThat(first.attributes).isEqualTo(attrs);
            assertThat(first.id).isEqualTo(sent.messageId());
            assertThat(first.senderId).isEqualTo("me");
            assertThat(first.sentAt).isEqualTo(clock.millis());
        }
    }

    @Test
    void aBatchKeepsItsGoodEntriesAndDropsOnlyTheBadOne() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("batch.fifo", Map.of("FifoQueue", "true"), Map.of());
            List<String> failed = queues.batch(() -> {
                List<String> bad = new java.util.ArrayList<>();
                for (String body : List.of("one", "", "two", "one")) {
                    try {
                        queues.send(q, new Queues.Send(body, null, Map.of(), Map.of(), "g", "id-" + body, "me"));
                    } catch (AwsException e) {
                        bad.add(e.code());
                    }
                }
                return bad;
            });
            assertThat(failed).containsExactly("MissingParameter");
            List<Queues.Received> got = queues.receive(q, 10, null, 0);
            assertThat(bodies(got)).as("the duplicate admitted once").containsExactly("one", "two");
            queues.batch(() -> {
                got.forEach(r -> queues.deleteMessage(q, r.receiptHandle()));
                return null;
            });
            clock.plus(31);
            assertThat(queues.receive(q, 10, null, 0)).isEmpty();
        }
    }

    @Test
    void delayedAndExpiredMessages() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("slow", Map.of("DelaySeconds", "5", "MessageRetentionPeriod", "60"), Map.of());
            queues.send(q, send("late"));
            assertThat(queues.attributes(q, List.of("ApproximateNumberOfMessagesDelayed"))).containsEntry("ApproximateNumberOfMessagesDelayed", "1");
            assertThat(queues.receive(q, 1, null, 0)).isEmpty();
            clock.plus(5);
            assertThat(bodies(queues.receive(q, 1, 0, 0))).containsExactly("late");
            clock.plus(60);
            assertThat(queues.receive(q, 1, null, 0)).as("past the retention period").isEmpty();
            assertThat(queues.attributes(q, List.of("All"))).containsEntry("ApproximateNumberOfMessages", "0");
        }
    }

    @Test
    void aFifoGroupWaitsWhileItsHeadIsInFlightAndDuplicatesAreDropped() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("o.fifo", Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"), Map.of());
            Queues.Sent first = queues.send(q, fifo("a1", "A"));
            String a1 = first.messageId();
            queues.send(q, fifo("a2", "A"));
            queues.send(q, fifo("b1", "B"));
            Queues.Sent again = queues.send(q, fifo("a1", "A"));
            assertThat(again.messageId()).isEqualTo(a1);
            assertThat(again.sequenceNumber()).isEqualTo(first.sequenceNumber());
            assertThat(bodies(queues.receive(q, 1, null, 0))).containsExactly("a1");
            assertThat(bodies(queues.receive(q, 10, null, 0))).containsExactly("b1");
            clock.plus(31);
            List<Queues.Received> all = queues.receive(q, 10, null, 0);
            assertThat(bodies(all)).containsExactly("a1", "a2", "b1");
            assertThat(all.get(1).message().sequenceNumber).isGreaterThan(all.get(0).message().sequenceNumber);
            clock.plus(301);
            queues.maintain();
            assertThat(queues.send(q, fifo("a1", "A")).messageId()).as("after the five-minute window").isNotEqualTo(a1);
        }
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueue() throws Exception {
        try (Queues queues = open()) {
            Queue dlq = queues.create("dead", Map.of(), Map.of());
            Queue q = queues.create("work", Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlq.arn + "\",\"maxReceiveCount\":\"2\"}"), Map.of());
            assertThat(queues.deadLetterSources(dlq)).extracting(x -> x.name).containsExactly("work");
            String id = queues.send(q, send("poison")).messageId();
            for (int i = 0; i < 2; i++) {
                assertThat(queues.receive(q, 1, 1, 0)).hasSize(1);
                clock.plus(1);
            }
            assertThat(queues.receive(q, 1, 1, 0)).as("received twice: moved instead").isEmpty();
            List<Queues.Received> dead = queues.receive(dlq, 1, null, 0);
            assertThat(bodies(dead)).containsExactly("poison");
            assertThat(dead.getFirst().message().id).isEqualTo(id);
            assertThatThrownBy(() -> queues.create("bad", Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:none\",\"maxReceiveCount\":1}"),
                    Map.of())).isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("InvalidParameterValue"));
        }
    }

    @Test
    void aPurgeEmptiesTheQueueOnceAMinute() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("p", Map.of(), Map.of());
            queues.send(q, send("a"));
            queues.purge(q);
            assertThat(queues.receive(q, 10, null, 0)).isEmpty();
            assertThatThrownBy(() -> queues.purge(q)).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("AWS.SimpleQueueService.PurgeQueueInProgress"));
            clock.plus(61);
            queues.purge(q);
        }
    }

    @Test
    void aLongPollAnswersAsSoonAsAMessageArrives() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("lp", Map.of(), Map.of());
            CompletableFuture<List<Queues.Received>> poll = CompletableFuture.supplyAsync(() -> {
                try {
                    return queues.receive(q, 1, null, 20);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(poll).isNotDone();
            queues.send(q, send("now"));
            assertThat(bodies(poll.get(3, TimeUnit.SECONDS))).containsExactly("now");
        }
    }

    @Test
    void attributesAndTagsChange() {
        try (Queues queues = open()) {
            Queue q = queues.create("t", Map.of(), Map.of("a", "1"));
            queues.setAttributes(q, Map.of("VisibilityTimeout", "7"));
            queues.tag(queues.queue("t"), Map.of("b", "2"));
            queues.untag(queues.queue("t"), List.of("a"));
            Queue again = queues.byName("t");
            assertThat(queues.attributes(again, List.of("VisibilityTimeout", "QueueArn"))).containsEntry("VisibilityTimeout", "7")
                    .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:000000000000:t");
            assertThat(again.tags()).isEqualTo(Map.of("b", "2"));
            assertThat(queues.byArn(again.arn).name).isEqualTo("t");
            assertThat(queues.list("t")).extracting(x -> x.name).containsExactly("t");
            assertThat(queues.url(again)).isEqualTo("http://localhost:4566/000000000000/t");
        }
    }

    @Test
    void namesAndAttributesAreCheckedAndAnExistingQueueAnswersOnlyForTheSameAttributes() {
        try (Queues queues = open()) {
            assertThatThrownBy(() -> queues.create("bad name", Map.of(), Map.of())).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("InvalidParameterValue"));
            assertThatThrownBy(() -> queues.create("q", Map.of("VisibilityTimeout", "43201"), Map.of())).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("InvalidAttributeValue"));
            assertThatThrownBy(() -> queues.create("q", Map.of("FifoQueue", "true"), Map.of())).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("InvalidParameterValue"));
            Queue q = queues.create("q", Map.of("VisibilityTimeout", "5"), Map.of());
            clock.plus(1);
            assertThat(queues.create("q", Map.of("VisibilityTimeout", "5"), Map.of()).createdAt).isEqualTo(q.createdAt);
            assertThatThrownBy(() -> queues.create("q", Map.of("VisibilityTimeout", "6"), Map.of())).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("QueueAlreadyExists"));
            queues.delete(q);
            assertThatThrownBy(() -> queues.queue("q")).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));
            assertThatThrownBy(() -> queues.create("q", Map.of(), Map.of())).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("AWS.SimpleQueueService.QueueDeletedRecently"));
            clock.plus(61);
            queues.maintain();
            assertThat(queues.create("q", Map.of(), Map.of()).name).isEqualTo("q");
        }
    }
}
