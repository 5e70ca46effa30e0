package io.dockyard.cloudwatch;

import io.dockyard.cloudwatch.alarms.Alarm;
import io.dockyard.cloudwatch.alarms.Alarms;
import io.dockyard.cloudwatch.metrics.FileMetricStore;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore.Datapoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Alarm evaluation: M of N breaching periods, missing data treatments, history, listeners, reload. */
class AlarmsTest {
    static final MetricId M = new MetricId("App", "Load", Map.of());

    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now;
        MovableClock(Instant start) { now = new AtomicReference<>(start); }
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    }

    static Alarm alarm(String name, int n, int m, String missing, Instant at) {
        return new Alarm(name, "arn:aws:cloudwatch:us-east-1:000000000000:alarm:" + name, null, true, List.of(), List.of(), List.of(), M,
                "Average", null, 60, null, List.of(), null, n, m, 50.0, "GreaterThanThreshold", missing, null, at, Alarm.INSUFFICIENT,
                "Unchecked: Initial alarm creation", null, at, at, Map.of());
    }

    @Test
    void mOfNBreachingPeriodsGoToAlarmAndBackToOk(@TempDir Path dir) {
        Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
        MovableClock clock = new MovableClock(t0);
        try (FileMetricStore store = new FileMetricStore(dir.resolve("m"), clock)) {
            Alarms alarms = new Alarms(dir.resolve("a"), clock, store);
            List<String> changes = new ArrayList<>();
            alarms.listen((a, old) -> changes.add(old + "->" + a.state()));
            alarms.put(alarm("two-of-three", 3, 2, "missing", t0), true);
            store.put(M, List.of(Datapoint.of(t0, 80, null)));
            clock.now.set(t0.plusSeconds(60));
            alarms.evaluate();
            assertThat(alarms.state("two-of-three")).as("1 of 3 breaching, others missing").isEqualTo(Alarm.OK);
            store.put(M, List.of(Datapoint.of(t0.plusSeconds(60), 90, null)));
            clock.now.set(t0.plusSeconds(120));
            alarms.evaluate();
            assertThat(alarms.state("two-of-three")).isEqualTo(Alarm.ALARM);
            assertThat(alarms.get("two-of-three").stateReason()).startsWith("Threshold Crossed: 2 out of the last 3 datapoints");
            store.put(M, List.of(Datapoint.of(t0.plusSeconds(120), 10, null), Datapoint.of(t0.plusSeconds(180), 10, null)));
            clock.now.set(t0.plusSeconds(240));
            alarms.evaluate();
            assertThat(alarms.state("two-of-three")).isEqualTo(Alarm.OK);
            assertThat(changes).containsExactly("INSUFFICIENT_DATA->OK", "OK->ALARM", "ALARM->OK");
            assertThat(alarms.history()).extracting(h -> h.type()).containsExactly("ConfigurationUpdate", "StateUpdate", "StateUpdate", "StateUpdate");
            Alarms reloaded = new Alarms(dir.resolve("a"), clock, store);
            assertThat(reloaded.state("two-of-three")).isEqualTo(Alarm.OK);
            assertThat(reloaded.history()).hasSize(4);
        }
    }

    @Test
    void missingDataIsTreatedAsTheAlarmSays(@TempDir Path dir) {
        Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
        MovableClock clock = new MovableClock(t0.plusSeconds(600));
        try (FileMetricStore store = new FileMetricStore(dir.resolve("m"), clock)) {
            Alarms alarms = new Alarms(dir.resolve("a"), clock, store);
            for (String treat : List.of("missing", "breaching", "notBreaching", "ignore")) alarms.put(alarm(treat, 2, 2, treat, t0), true);
            alarms.evaluate();
            assertThat(alarms.state("missing")).isEqualTo(Alarm.INSUFFICIENT);
            assertThat(alarms.state("breaching")).isEqualTo(Alarm.ALARM);
            assertThat(alarms.state("notBreaching")).isEqualTo(Alarm.OK);
            assertThat(alarms.state("ignore")).as("unchanged").isEqualTo(Alarm.INSUFFICIENT);
        }
    }
}
