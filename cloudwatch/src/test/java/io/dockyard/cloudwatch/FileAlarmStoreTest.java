package io.dockyard.cloudwatch;

import io.dockyard.cloudwatch.alarms.FileAlarmStore;
import io.dockyard.core.port.metrics.AlarmStore;
import io.dockyard.core.port.metrics.AlarmStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The alarm store contract on files. */
class FileAlarmStoreTest extends AlarmStoreContract {
    @TempDir
    Path dir;

    @Override
    protected AlarmStore open(Clock clock) { return new FileAlarmStore(dir, clock); }
}
