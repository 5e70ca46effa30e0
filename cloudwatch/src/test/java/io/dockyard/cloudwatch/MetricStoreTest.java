package io.dockyard.cloudwatch;

import io.dockyard.cloudwatch.metrics.FileMetricStore;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.MetricStore.Datapoint;
import io.dockyard.core.port.metrics.MetricStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric store contract on files, and what the hourly roll-up file keeps once a day's point file is gone. */
class MetricStoreTest extends MetricStoreContract {
    @TempDir
    Path dir;

    @Override
    protected MetricStore open(Clock clock) { return new FileMetricStore(dir, clock); }

    @Test
    void hoursOutliveTheirPointFiles() throws Exception {
        Instant old = T0.minusSeconds(20 * 86_400L);
        try (MetricStore s = open(at(old.plusSeconds(60)))) {
            s.put(CPU, List.of(Datapoint.of(old, 3, null), Datapoint.of(old.plusSeconds(60), 5, null)));
        }
        try (MetricStore s = open(at(T0))) {
            s.expire();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("points-")).contains("hours.bin");
        }
        try (MetricStore s = open(at(T0))) {
            assertThat(s.query(CPU, old, old.plusSeconds(3600), 3600).get(old).sum()).as("from hours.bin after the point file went").isEqualTo(8);
        }
    }
}
