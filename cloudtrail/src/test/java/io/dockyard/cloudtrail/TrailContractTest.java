package io.dockyard.cloudtrail;

import io.dockyard.core.port.AuditLog;
import io.dockyard.core.port.audit.AuditLogContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The audit log contract on the trail's files (one replica's). */
class TrailContractTest extends AuditLogContract {
    @TempDir
    Path dir;

    @Override
    protected AuditLog open(Clock clock) { return new Trail(dir, clock); }
}
