package io.dockyard.store.postgres;

import io.dockyard.sqs.queue.Queue;
import io.dockyard.sqs.queue.Queues;
import io.dockyard.sqs.queue.QueuesContract;
import io.dockyard.sqs.queue.SharedQueues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS queue contract on PostgreSQL, and two replicas on one database: consumers on both receive every message once,
 * a long poll on one answers a send on the other at once, and a message hidden on one is hidden on the other.
 */
class PostgresQueuesTest extends QueuesContract {
    @RegisterExtension
    static final TestDatabases.PerTest database = new TestDatabases.PerTest();

    @Override
    protected Queues open(Clock clock) {
        return new SharedQueues(new PostgresQueueStore(database.url(), clock), clock, "us-east-1", "000000000000", () -> "http://localhost:4566");
    }

    @Test
    void twoConsumersOnTwoReplicasReceiveEveryMessageExactlyOnce() throws Exception {
        Clock real = Clock.systemUTC();
        try (Queues a = open(real); Queues b = open(real); ExecutorService threads = Executors.newFixedThreadPool(4)) {
            Queue qa = a.create("shared", Map.of("VisibilityTimeout", "60"), Map.of());
            Set<String> sent = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200; i++) sent.add(a.send(qa, send("m" + i)).messageId());
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            AtomicInteger duplicates = new AtomicInteger();
            List<Future<?>> consumers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Queues replica = t % 2 == 0 ? a : b;
                consumers.add(threads.submit(() -> {
                    Queue q = replica.queue("shared");
                    while (true) {
                        List<Queues.Received> got = replica.receive(q, 10, null, 1);
                        if (got.isEmpty()) return null;
                        for (Queues.Received r : got) {
                            if (seen.merge(r.message().id, 1, Integer::sum) > 1) duplicates.incrementAndGet();
                            replica.deleteMessage(q, r.receiptHandle());
                        }
                    }
                }));
            }
            for (Future<?> f : consumers) f.get(60, TimeUnit.SECONDS);
            assertThat(duplicates).hasValue(0);
            assertThat(seen.keySet()).isEqualTo(sent);
            assertThat(b.attributes(b.queue("shared"), List.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")))
                    .containsEntry("ApproximateNumberOfMessages", "0").containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
        }
    }

    @Test
    void aLongPollOnOneReplicaAnswersASendOnTheOtherPromptlyAndTheMessageIsHiddenOnBoth() throws Exception {
        Clock real = Clock.systemUTC();
        try (Queues a = open(real); Queues b = open(real)) {
            a.create("lp", Map.of(), Map.of());
            Queue onB = b.queue("http://other:4566/000000000000/lp");
            Thread.sleep(500); // both listening
            long[] answeredAt = {0};
            CompletableFuture<List<Queues.Received>> poll = CompletableFuture.supplyAsync(() -> {
                try {
                    List<Queues.Received> r = a.receive(a.queue("lp"), 1, 30, 20);
                    answeredAt[0] = System.nanoTime();
                    return r;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(poll).isNotDone();
            long sentAt = System.nanoTime();
            b.send(onB, send("across"));
            List<Queues.Received> got = poll.get(5, TimeUnit.SECONDS);
            assertThat(bodies(got)).containsExactly("across");
            assertThat(TimeUnit.NANOSECONDS.toMillis(answeredAt[0] - sentAt)).as("woken by the notification, not the 1 s re-check").isLessThan(500);
            assertThat(b.receive(onB, 10, null, 0)).as("in flight on A, hidden on B").isEmpty();
            b.deleteMessage(onB, got.getFirst().receiptHandle());
            assertThat(a.attributes(a.queue("lp"), List.of("ApproximateNumberOfMessagesNotVisible"))).containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
        }
    }
}
