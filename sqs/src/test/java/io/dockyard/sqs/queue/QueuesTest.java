package io.dockyard.sqs.queue;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal-backed queues: the contract, and the journal across reopenings. */
class QueuesTest extends QueuesContract {
    @TempDir Path dir;

    @Override
    protected Queues open(Clock clock) { return Queues.open(dir, clock, "us-east-1", "000000000000", () -> "http://localhost:4566", true); }

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
    void attributeDigestsFollowTheDocumentedEncoding() {
        // the SDK for Java v2 checks these on every send and receive (SqsIT); here the bytes, by hand
        Map<String, Message.Attribute> attrs = Map.of("k", new Message.Attribute("String", "v", null));
        byte[] encoded = {0, 0, 0, 1, 'k', 0, 0, 0, 6, 'S', 't', 'r', 'i', 'n', 'g', 1, 0, 0, 0, 1, 'v'};
        assertThat(Md5.attributes(attrs)).isEqualTo(Md5.of(encoded));
        assertThat(Md5.body("hello")).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    }
}
