package io.dockyard.sqs.queue;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue engine with a hand-moved clock: visibility, delay, retention, FIFO groups, and the journal across reopenings. */
class QueuesTest {
    @TempDir Path dir;

    /** A clock the test moves. */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void plus(long seconds) { now = now.plusSeconds(seconds); }
    }

    private final Hand clock = new Hand();

    private Queues open() { return Queues.open(dir, clock, "us-east-1", "000000000000", () -> "http://localhost:4566", true); }

    private static Queues.Send send(String body) { return new Queues.Send(body, null, Map.of(), Map.of(), null, null, "me"); }

    private static Queues.Send fifo(String body, String group) { return new Queues.Send(body, null, Map.of(), Map.of(), group, null, "me"); }

    private static List<String> bodies(List<Queues.Received> r) { return r.stream().map(x -> x.message().body).toList(); }

    @Test
    void aReceivedMessageIsHiddenForItsVisibilityTimeoutThenComesBackWithAHigherCount() throws Exception {
        try (Queues queues = open()) {
            Queue q = queues.create("jobs", Map.of("VisibilityTimeout", "10"), Map.of());
            queues.send(q, send("a"));
            Queues.Received first = queues.receive(q, 10, null, 0).getFirst();
            assertThat(queues.receive(q, 10, null, 0)).isEmpty();
            clock.plus(10);
            Queues.Received second = queues.receive(q, 10, null, 0).getFirst();
            assertThat(second.message().receiveCount()).isEqualTo(2);
            assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
            assertThatThrownBy(() -> queues.changeVisibility(q, first.receiptHandle(), 5)).as("an old handle changes nothing")
                    .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("AWS.SimpleQueueService.MessageNotInflight"));
            queues.deleteMessage(q, second.receiptHandle());
            clock.plus(100);
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
            String a1 = queues.send(q, fifo("a1", "A")).messageId();
            queues.send(q, fifo("a2", "A"));
            queues.send(q, fifo("b1", "B"));
            assertThat(queues.send(q, fifo("a1", "A")).messageId()).isEqualTo(a1);
            assertThat(bodies(queues.receive(q, 1, null, 0))).containsExactly("a1");
            assertThat(bodies(queues.receive(q, 10, null, 0))).containsExactly("b1");
            clock.plus(31);
            assertThat(bodies(queues.receive(q, 10, null, 0))).containsExactly("a1", "a2", "b1");
            clock.plus(301);
            queues.maintain();
            assertThat(queues.send(q, fifo("a1", "A")).messageId()).as("after the five-minute window").isNotEqualTo(a1);
        }
    }

    @Test
    void theJournalRestoresQueuesMessagesAndDeliveryStateAndStopsAtACutLine() throws Exception {
        String handle;
        try (Queues queues = open()) {
            Queue q = queues.create("keep", Map.of(), Map.of("t", "1"));
            queues.send(q, send("one"));
            queues.send(q, send("two"));
            queues.send(q, send("three"));
            handle = queues.receive(q, 1, 100, 0).getFirst().receiptHandle();
            Queues.Received two = queues.receive(q, 1, 100, 0).getFirst();
            queues.deleteMessage(q, two.receiptHandle());
            queues.create("gone", Map.of(), Map.of());
            queues.delete(queues.byName("gone"));
        }
        Files.writeString(dir.resolve("journal.jsonl"), "{\"t\":\"m\",\"q\":\"keep\",\"id\":\"x\",\"bo", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (Queues queues = open()) {
            assertThat(queues.list(null)).extracting(q -> q.name).containsExactly("keep");
            Queue q = queues.queue("http://elsewhere:1/000000000000/keep");
            assertThat(q.tags()).containsEntry("t", "1");
            assertThat(bodies(queues.receive(q, 10, null, 0))).as("'one' is still in flight").containsExactly("three");
            queues.changeVisibility(q, handle, 0);
            assertThat(bodies(queues.receive(q, 10, null, 0))).containsExactly("one");
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
            assertThat(queues.create("q", Map.of("VisibilityTimeout", "5"), Map.of())).isSameAs(q);
            assertThatThrownBy(() -> queues.create("q", Map.of("VisibilityTimeout", "6"), Map.of())).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("QueueAlreadyExists"));
            queues.delete(q);
            assertThatThrownBy(() -> queues.create("q", Map.of(), Map.of())).isInstanceOfSatisfying(AwsException.class,
                    e -> assertThat(e.code()).isEqualTo("AWS.SimpleQueueService.QueueDeletedRecently"));
        }
    }

    @Test
    void attributeDigestsFollowTheDocumentedEncoding() {
        // the SDK for Java v2 checks these on every send and receive (SqsIT); here the bytes, by hand
        Map<String, Message.Attribute> attrs = Map.of("k", new Message.Attribute("String", "v", null));
        byte[] encoded = {0, 0, 0, 1, 'k', 0, 0, 0, 6, 'S', 't', 'r', 'i', 'n', 'g', 1, 0, 0, 0, 1, 'v'};
        assertThat(Md5.attributes(attrs)).isEqualTo(Md5.of(encoded));
        assertThat(Md5.body("hello")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    }
}
