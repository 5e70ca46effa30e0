package io.dockyard.cloudtrail;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.AuditLog;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.NamedOperation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * CloudTrail's event history (JSON 1.1, {@code CloudTrail_20131101}): LookupEvents over the audit log — the {@link Trail}
 * in the data directory, or the log a fleet shares (PostgreSQL).
 */
public final class CloudTrail implements AutoCloseable {
    public static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
    private final AuditLog trail;
    private final JsonService service;

    private CloudTrail(AuditLog trail) {
        this.trail = trail;
        this.service = JsonService.of(TARGET_PREFIX, "cloudtrail", List.of(NamedOperation.of("LookupEvents", new LookupEvents(trail)::handle)));
    }

    /** The trail under {@code <data-dir>/cloudtrail}, flushed every second. */
    public static CloudTrail start(Path dataDir, Clock clock, Supervisor supervisor) {
        return start(new Trail(dataDir.resolve("cloudtrail"), clock), supervisor);
    }

    /** Over {@code log} (this CloudTrail closes it), maintained every second. */
    public static CloudTrail start(AuditLog log, Supervisor supervisor) {
        CloudTrail c = new CloudTrail(log);
        supervisor.every("cloudtrail-flush", Duration.ofSeconds(1), c.trail::maintain);
        return c;
    }

    public AuditLog trail() { return trail; }

    public JsonService service() { return service; }

    @Override
    public void close() { trail.close(); }
}
