package io.dockyard.cloudtrail;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.NamedOperation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** CloudTrail's event history (JSON 1.1, {@code CloudTrail_20131101}): LookupEvents over the audit {@link Trail}. */
public final class CloudTrail implements AutoCloseable {
    public static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
    private final Trail trail;
    private final JsonService service;

    private CloudTrail(Trail trail) {
        this.trail = trail;
        this.service = JsonService.of(TARGET_PREFIX, "cloudtrail", List.of(NamedOperation.of("LookupEvents", new LookupEvents(trail)::handle)));
    }

    /** The trail under {@code <data-dir>/cloudtrail}, flushed every second. */
    public static CloudTrail start(Path dataDir, Clock clock, Supervisor supervisor) {
        CloudTrail c = new CloudTrail(new Trail(dataDir.resolve("cloudtrail"), clock));
        supervisor.every("cloudtrail-flush", Duration.ofSeconds(1), c.trail::maintain);
        return c;
    }

    public Trail trail() { return trail; }

    public JsonService service() { return service; }

    @Override
    public void close() { trail.close(); }
}
