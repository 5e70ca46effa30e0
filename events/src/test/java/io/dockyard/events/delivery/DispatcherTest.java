package io.dockyard.events.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.port.EcsTaskRunner;
import io.dockyard.core.port.LogWriter;
import io.dockyard.core.port.QueueSender;
import io.dockyard.events.rules.Bus;
import io.dockyard.events.rules.Rule;
import io.dockyard.events.rules.RuleState;
import io.dockyard.events.rules.Target;
import io.dockyard.protocol.Json;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Matching, inputs, schedules and retries with fake targets and a hand-moved clock. */
class DispatcherTest {
    @TempDir Path dir;
    /** The control plane's store: what every replica of a fleet shares (each RuleState on it plays one replica). */
    private final CachedStore store = new CachedStore(new MemoryJournal());

    static final class Hand extends Clock {
        volatile Instant now = Instant.parse("2026-12-04T12:00:00.400Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final Hand clock = new Hand();
    private final Bus bus = new Bus("default", "arn:aws:events:us-east-1:000000000000:event-bus/default", null, clock.now, List.of());
    private final List<String[]> sent = new CopyOnWriteArrayList<>();
    private final List<EcsTaskRunner.Run> runs = new CopyOnWriteArrayList<>();
    private final QueueSender queues = (arn, body, group, dedup) -> {
        if (arn.endsWith(":missing")) throw new QueueSender.Failed("no such queue");
        sent.add(new String[]{arn, body});
    };
    private final EcsTaskRunner ecs = r -> {
        runs.add(r);
        return List.of("arn:aws:ecs:us-east-1:000000000000:task/c/1");
    };
    private final LogWriter logs = (g, s, at, m) -> {};

    private static Rule rule(String name, String pattern, String schedule, Instant anchor, Target... targets) {
        return new Rule(name, "default", "arn:aws:events:us-east-1:000000000000:rule/" + name, pattern, schedule, "ENABLED", null, null, List.of(),
                List.of(targets), anchor, null);
    }

    private static Target queue(String id, String arn) { return new Target(id, arn, null, null, null, null, null, null, null, null); }

    @Test
    void anEventGoesToTheTargetsOfTheRulesItMatchesWithTheirInputs() throws Exception {
        RuleState state = new RuleState(store, dir, bus);
        state.putRule(rule("orders", "{\"source\":[\"shop\"],\"detail\":{\"total\":[{\"numeric\":[\">\",100]}]}}", null, clock.now,
                queue("whole", "arn:aws:sqs:us-east-1:000000000000:all"),
                new Target("part", "arn:aws:sqs:us-east-1:000000000000:part", null, null, "$.detail.customer", null, null, null, null, null),
                new Target("tpl", "arn:aws:sqs:us-east-1:000000000000:tpl", null, null, null,
                        new Target.Transformer(Map.of("c", "$.detail.customer", "t", "$.detail.total"), "{\"who\": <c>, \"sum\": <t>, \"text\": \"<c> paid <t>\", \"rule\": \"<aws.events.rule-name>\"}"),
                        null, null, null, null)));
        state.putRule(rule("others", "{\"source\":[\"elsewhere\"]}", null, clock.now, queue("x", "arn:aws:sqs:us-east-1:000000000000:x")));
        Dispatcher d = new Dispatcher(state, clock, "us-east-1", "000000000000", ecs, queues, logs);
        JsonNode big = d.event("shop", "Order", List.of(), Json.MAPPER.readTree("{\"customer\":\"ada\",\"total\":150}"), clock.now);
        JsonNode small = d.event("shop", "Order", List.of(), Json.MAPPER.readTree("{\"customer\":\"bob\",\"total\":5}"), clock.now);
        d.dispatch(new Dispatcher.Put("default", big));
        d.dispatch(new Dispatcher.Put("default", small));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 3);
        Map<String, String> byQueue = new java.util.HashMap<>();
        sent.forEach(s -> byQueue.put(s[0].substring(s[0].lastIndexOf(':') + 1), s[1]));
        assertThat(Json.MAPPER.readTree(byQueue.get("all")).at("/detail/customer").asText()).isEqualTo("ada");
        assertThat(byQueue.get("part")).isEqualTo("\"ada\"");
        assertThat(Json.MAPPER.readTree(byQueue.get("tpl"))).isEqualTo(Json.MAPPER.readTree("{\"who\":\"ada\",\"sum\":150,\"text\":\"ada paid 150\",\"rule\":\"orders\"}"));
    }

    @Test
    void aScheduleFiresEachOccurrenceOnceEvenAfterARestart() {
        RuleState state = new RuleState(store, dir, bus);
        Target run = new Target("run", "arn:aws:ecs:us-east-1:000000000000:cluster/c", "role", null, null, null,
                new Target.Ecs("job", 2, "FARGATE", List.of(), List.of("subnet-1"), List.of(), null, null, null, false, false, null, null, List.of()), null, null, null);
        state.putRule(rule("tick", null, "rate(5 seconds)", clock.now, run));
        Dispatcher d = new Dispatcher(state, clock, "us-east-1", "000000000000", ecs, queues, logs);
        d.fireSchedules();
        assertThat(runs).isEmpty();
        clock.now = clock.now.plusSeconds(5);
        d.fireSchedules();
        d.fireSchedules();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 1);
        assertThat(runs.getFirst().count()).isEqualTo(2);
        assertThat(runs.getFirst().startedBy()).isEqualTo("events-rule/tick");
        assertThat(runs.getFirst().overridesJson()).as("no input: no overrides").isNull();
        // a new process on the same state does not fire the same occurrence again
        Dispatcher again = new Dispatcher(new RuleState(store, dir, bus), clock, "us-east-1", "000000000000", ecs, queues, logs);
        again.fireSchedules();
        clock.now = clock.now.plusSeconds(4);
        again.fireSchedules();
        clock.now = clock.now.plusSeconds(1);
        again.fireSchedules();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 2);
    }

    @Test
    void aRuleMadeOnOneReplicaMatchesEventsOnAnotherAndAScheduleFiresOnceAcrossThem() throws Exception {
        RuleState onA = new RuleState(store, null, bus), onB = new RuleState(store, null, bus);
        onA.putRule(rule("orders", "{\"source\":[\"shop\"]}", null, clock.now, queue("q", "arn:aws:sqs:us-east-1:000000000000:orders")));
        Dispatcher b = new Dispatcher(onB, clock, "us-east-1", "000000000000", ecs, queues, logs);
        b.put("default", b.event("shop", "Order", List.of(), Json.MAPPER.readTree("{}"), clock.now));
        Thread loop = Thread.ofVirtual().start(() -> {
            try {
                b.run();
            } catch (InterruptedException ignored) {
                // stopped
            }
        });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        } finally {
            loop.interrupt();
        }
        assertThat(sent.getFirst()[0]).endsWith(":orders");

        // a schedule made on B; both replicas' loops run (as two leaders would for a moment): each occurrence fires once
        onB.putRule(rule("tick", null, "rate(1 minute)", clock.now, queue("t", "arn:aws:sqs:us-east-1:000000000000:ticks")));
        Dispatcher a = new Dispatcher(onA, clock, "us-east-1", "000000000000", ecs, queues, logs);
        for (int minute = 1; minute <= 3; minute++) {
            clock.now = clock.now.plusSeconds(60);
            Thread ta = Thread.ofVirtual().start(a::fireSchedules), tb = Thread.ofVirtual().start(b::fireSchedules);
            ta.join();
            tb.join();
            a.fireSchedules();
            b.fireSchedules();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().filter(x -> x[0].endsWith(":ticks")).count() == 3);
        Thread.sleep(200);
        assertThat(sent.stream().filter(x -> x[0].endsWith(":ticks")).count()).as("one delivery per occurrence").isEqualTo(3);
        assertThat(onA.rule("default", "tick").lastFired()).isEqualTo(clock.now);
    }

    @Test
    void aFailingTargetIsRetriedThenDeadLettered() throws Exception {
        RuleState state = new RuleState(store, dir, bus);
        state.putRule(rule("r", "{\"source\":[\"a\"]}", null, clock.now, new Target("t", "arn:aws:sqs:us-east-1:000000000000:missing", null, null, null, null,
                null, null, new Target.Retry(2, 60), "arn:aws:sqs:us-east-1:000000000000:dlq")));
        Dispatcher d = new Dispatcher(state, clock, "us-east-1", "000000000000", ecs, queues, logs).firstRetry(Duration.ofMillis(10));
        Thread loop = Thread.ofVirtual().start(() -> {
            try {
                d.run();
            } catch (InterruptedException ignored) {
                // stopped
            }
        });
        try {
            d.put("default", d.event("a", "t", List.of(), Json.MAPPER.readTree("{}"), clock.now));
            await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
            assertThat(sent.getFirst()[0]).endsWith(":dlq");
            assertThat(d.counts()[2]).isEqualTo(1);
        } finally {
            loop.interrupt();
        }
    }
}
