package io.dockyard.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The log set-up, in code (found by logback's service loader) rather than in a logback.xml: the XML configurator and
 * its parser cost about 400 classes at every start. Structured (logfmt) and quiet: Dockyard at INFO, libraries at
 * WARN, on stderr; {@code DOCKYARD_LOG_LEVEL=DEBUG} for more.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} level=%level logger=%logger{0} msg=\"%replace(%msg){'\"','\\\\\"'}\"%n%ex{short}";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        String level = System.getProperty("DOCKYARD_LOG_LEVEL", System.getenv("DOCKYARD_LOG_LEVEL"));
        context.getLogger("io.dockyard").setLevel(Level.toLevel(level, Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
