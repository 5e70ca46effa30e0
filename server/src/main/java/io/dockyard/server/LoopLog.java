package io.dockyard.server;

import io.dockyard.core.loop.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** The supervisor's reports in the process log: one structured line per failure (the stack trace at DEBUG). */
final class LoopLog implements Supervisor.Events {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    @Override
    public void failed(String loop, Throwable error, int failures, Duration restartIn) {
        log.warn("loop failed loop={} failures={} restartInMs={} error={}", loop, failures, restartIn.toMillis(), oneLine(error));
        log.debug("loop failure loop={}", loop, error);
    }

    @Override
    public void fatal(String loop, Throwable error) {
        log.error("loop hit a fatal error, the process exits loop={} error={}", loop, oneLine(error));
    }

    private static String oneLine(Throwable e) { return e.toString().replaceAll("\\s*[\\r\\n]+\\s*", " "); }
}
