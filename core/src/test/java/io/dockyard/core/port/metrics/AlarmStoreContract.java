package io.dockyard.core.port.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link AlarmStore} contract, run on each implementation (files, PostgreSQL): documents by name, all-or-nothing
 * updates and deletes, history in order with its 30 days, and what a store opened later on the same storage reads back.
 */
public abstract class AlarmStoreContract {
    protected static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    /** A store on this test's storage (fresh for each test; every call within a test opens the same storage). */
    protected abstract AlarmStore open(Clock clock);

    private static Clock at(Instant t) { return Clock.fixed(t, ZoneOffset.UTC); }

    private static String doc(String name, String state) { return "{\"name\":\"" + name + "\",\"state\":\"" + state + "\"}"; }

    @Test
    void alarmsAreKeptByNameInNameOrder() {
        try (AlarmStore s = open(at(T0))) {
            s.put("b", doc("b", "OK"));
            s.put("a", doc("a", "OK"));
            s.put("b", doc("b", "ALARM"));
            assertThat(s.all().keySet()).containsExactly("a", "b");
            assertThat(s.get("b")).isEqualTo(doc("b", "ALARM"));
            assertThat(s.get("c")).isNull();
        }
        try (AlarmStore again = open(at(T0))) {
            assertThat(again.all()).containsEntry("a", doc("a", "OK")).containsEntry("b", doc("b", "ALARM")).hasSize(2);
        }
    }

    @Test
    void updatesAreAllOrNothingAndSeeTheCurrentDocument() {
        try (AlarmStore s = open(at(T0))) {
            s.put("a", doc("a", "OK"));
            s.put("b", doc("b", "OK"));
            AtomicInteger calls = new AtomicInteger();
            assertThat(s.update(List.of("a", "missing"), (n, d) -> {
                calls.incrementAndGet();
                return doc(n, "ALARM");
            })).isFalse();
            assertThat(calls).hasValue(0);
            assertThat(s.get("a")).isEqualTo(doc("a", "OK"));
            assertThat(s.update(List.of("b", "a"), (n, d) -> d.replace("OK", "ALARM"))).isTrue();
            assertThat(s.all().values()).containsExactly(doc("a", "ALARM"), doc("b", "ALARM"));
            assertThat(s.update(List.of("a"), (n, d) -> d)).as("an unchanged document").isTrue();
            assertThat(s.get("a")).isEqualTo(doc("a", "ALARM"));
        }
    }

    @Test
    void deletesAreAllOrNothing() {
        try (AlarmStore s = open(at(T0))) {
            s.put("a", doc("a", "OK"));
            s.put("b", doc("b", "OK"));
            assertThat(s.delete(List.of("a", "missing"))).isFalse();
            assertThat(s.all()).hasSize(2);
            assertThat(s.delete(List.of("a"))).isTrue();
            assertThat(s.all().keySet()).containsExactly("b");
        }
        try (AlarmStore again = open(at(T0))) {
            assertThat(again.all().keySet()).containsExactly("b");
        }
    }

    @Test
    void historyIsKeptInOrderFor30Days() {
        AlarmHistoryItem old = new AlarmHistoryItem("a", T0.minus(AlarmStore.HISTORY_KEPT).minusSeconds(60), "StateUpdate", "old", null);
        AlarmHistoryItem created = new AlarmHistoryItem("a", T0, "ConfigurationUpdate", "Alarm \"a\" created", "{\"type\":\"Create\"}");
        AlarmHistoryItem changed = new AlarmHistoryItem("a", T0.plusMillis(1500), "StateUpdate", "Alarm updated from OK to ALARM", "{}");
        try (AlarmStore s = open(at(T0))) {
            s.record(old);
            s.record(created);
            s.record(changed);
            assertThat(s.history()).endsWith(created, changed);
        }
        try (AlarmStore again = open(at(T0.plusSeconds(10)))) {
            assertThat(again.history()).containsExactly(created, changed);
        }
    }

    @Test
    void clearForgetsAlarmsAndHistory() {
        try (AlarmStore s = open(at(T0))) {
            s.put("a", doc("a", "OK"));
            s.record(new AlarmHistoryItem("a", T0, "ConfigurationUpdate", "created", null));
            s.clear();
            assertThat(s.all()).isEmpty();
            assertThat(s.history()).isEmpty();
        }
        try (AlarmStore again = open(at(T0))) {
            assertThat(again.all()).isEmpty();
            assertThat(again.history()).isEmpty();
        }
    }
}
