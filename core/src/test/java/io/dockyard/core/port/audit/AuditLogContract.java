package io.dockyard.core.port.audit;

import io.dockyard.core.port.AuditLog;
import io.dockyard.core.port.AuditLog.Event;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link AuditLog} contract, run on each implementation (the trail's files, PostgreSQL): events read back whole, newest
 * first, within a time window, filtered and capped; seen at once by the log that recorded them; kept across a reopen of
 * the same storage; forgotten past 90 days.
 */
public abstract class AuditLogContract {
    protected static final Instant NOW = Instant.parse("2026-12-04T12:00:00.123Z");
    protected static final String CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/dev";

    /** A log on this test's storage (fresh for each test; every call within a test opens the same storage). */
    protected abstract AuditLog open(Clock clock);

    protected static Clock at(Instant t) { return Clock.fixed(t, ZoneOffset.UTC); }

    protected static Event event(String id, Instant t, String name, String user, String error, String... resources) {
        return new Event(id, t, "ecs.amazonaws.com", name, "us-east-1", "10.0.0.7", "req-" + id, "AKIA" + user.toUpperCase(), "arn:aws:iam::000000000000:user/" + user,
                "IAMUser", user, "000000000000", List.of(resources), error, error == null ? null : "User: " + user + " is not authorized");
    }

    private static List<String> ids(List<Event> events) { return events.stream().map(Event::eventId).toList(); }

    @Test
    void eventsComeBackWholeNewestFirstAtOnce() {
        try (AuditLog log = open(at(NOW))) {
            Event created = event("1", NOW.minusSeconds(30), "CreateCluster", "ci", null, CLUSTER);
            Event refused = event("2", NOW.minusSeconds(20), "DeleteCluster", "ci", "AccessDeniedException", CLUSTER, CLUSTER + "-2");
            Event listed = new Event("3", NOW.minusSeconds(10), "ecs.amazonaws.com", "ListClusters", "us-east-1", null, "req-3", null,
                    "arn:aws:iam::000000000000:root", "Root", "root", "000000000000", List.of(), null, null);
            log.record(created);
            log.record(refused);
            log.record(listed);
            List<Event> all = log.newestFirst(null, null, e -> true, 10);
            assertThat(all).containsExactly(listed, refused, created);
        }
    }

    @Test
    void aWindowAFilterAndACapChooseTheEvents() {
        try (AuditLog log = open(at(NOW))) {
            for (int i = 0; i < 6; i++) log.record(event("e" + i, NOW.minusSeconds(60 - i * 10L), i % 2 == 0 ? "RunTask" : "ListTasks", i < 3 ? "ci" : "ops", null));
            log.record(event("same-a", NOW.minusSeconds(5), "RunTask", "ci", null));
            log.record(event("same-b", NOW.minusSeconds(5), "RunTask", "ci", null));
            assertThat(ids(log.newestFirst(null, null, e -> true, 3))).containsExactly("same-b", "same-a", "e5");
            assertThat(ids(log.newestFirst(NOW.minusSeconds(50), NOW.minusSeconds(30), e -> true, 10))).as("both ends included").containsExactly("e3", "e2", "e1");
            assertThat(ids(log.newestFirst(null, null, e -> e.userName().equals("ci") && e.eventName().equals("RunTask"), 10)))
                    .containsExactly("same-b", "same-a", "e2", "e0");
            assertThat(ids(log.newestFirst(NOW.minusSeconds(40), null, e -> e.userName().equals("ci"), 2))).containsExactly("same-b", "same-a");
            assertThat(log.newestFirst(NOW.plusSeconds(1), null, e -> true, 10)).isEmpty();
        }
    }

    @Test
    void eventsAreKeptAcrossAReopen() {
        try (AuditLog log = open(at(NOW))) {
            log.record(event("kept", NOW.minusSeconds(1), "CreateService", "ci", null, CLUSTER));
            log.maintain();
        }
        try (AuditLog again = open(at(NOW.plusSeconds(60)))) {
            assertThat(ids(again.newestFirst(null, null, e -> true, 10))).containsExactly("kept");
        }
    }

    @Test
    void eventsPastNinetyDaysAreForgotten() {
        try (AuditLog log = open(at(NOW))) {
            log.record(event("old", NOW.minus(AuditLog.RETENTION).minus(Duration.ofDays(2)), "CreateCluster", "ci", null));
            log.record(event("recent", NOW.minus(AuditLog.RETENTION).plus(Duration.ofDays(1)), "CreateCluster", "ci", null));
            log.record(event("new", NOW.minusSeconds(1), "CreateCluster", "ci", null));
            log.maintain();
            assertThat(ids(log.newestFirst(null, null, e -> true, 10))).containsExactly("new", "recent");
        }
        try (AuditLog again = open(at(NOW))) {
            assertThat(ids(again.newestFirst(null, null, e -> true, 10))).containsExactly("new", "recent");
        }
    }
}
