package io.dockyard.cloudtrail;

import io.dockyard.core.port.AuditLog;
import io.dockyard.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The audit trail: one JSON line per event in a file per UTC day under {@code <data-dir>/cloudtrail}, written as the event
 * happens and flushed every second (a crash loses at most that second); files older than 90 days are deleted, as
 * CloudTrail's event history keeps 90 days. The newest {@value #KEPT_IN_MEMORY} events are also kept in memory, newest
 * first, for LookupEvents; they are read back from the files at start. Each control-plane replica keeps its own trail (a fleet
 * on PostgreSQL shares one: PostgresAuditLog).
 */
public final class Trail implements AuditLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Trail.class);
    static final int KEPT_IN_MEMORY = 200_000;

    private final Path dir;
    private final Clock clock;
    private final Deque<Event> recent = new ArrayDeque<>();
    private BufferedWriter out;
    private LocalDate outDay;

    public Trail(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        load();
    }

    private void load() {
        LocalDate oldest = LocalDate.ofInstant(clock.instant().minus(RETENTION), ZoneOffset.UTC);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                LocalDate day = LocalDate.parse(f.getFileName().toString().replace(".jsonl", ""));
                if (day.isBefore(oldest)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    try {
                        remember(Json.RECORDS.readValue(line, Event.class));
                    } catch (IOException | RuntimeException e) {
                        // a line cut by a crash
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("audit trail in {} not read completely: {}", dir, e.toString());
        }
    }

    private void remember(Event e) {
        recent.addFirst(e);
        if (recent.size() > KEPT_IN_MEMORY) recent.removeLast();
    }

    @Override
    public synchronized void record(Event e) {
        remember(e);
        try {
            LocalDate day = LocalDate.ofInstant(e.time(), ZoneOffset.UTC);
            if (out == null || !day.equals(outDay)) {
                if (out != null) out.close();
                out = Files.newBufferedWriter(dir.resolve(day + ".jsonl"), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                outDay = day;
            }
            out.write(Json.RECORDS.writeValueAsString(e));
            out.newLine();
        } catch (IOException ex) {
            log.warn("audit event not written: {}", ex.toString());
        }
    }

    /** Flushes what was written and deletes the days past retention. */
    @Override
    public synchronized void maintain() {
        try {
            if (out != null) out.flush();
        } catch (IOException e) {
            log.warn("audit trail flush: {}", e.toString());
        }
        LocalDate oldest = LocalDate.ofInstant(clock.instant().minus(RETENTION), ZoneOffset.UTC);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                if (LocalDate.parse(f.getFileName().toString().replace(".jsonl", "")).isBefore(oldest)) Files.deleteIfExists(f);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("audit retention: {}", e.toString());
        }
        while (!recent.isEmpty() && recent.peekLast().time().isBefore(clock.instant().minus(RETENTION))) recent.removeLast();
    }

    @Override
    public synchronized List<Event> newestFirst(Instant from, Instant to, Predicate<Event> filter, int max) {
        List<Event> out = new ArrayList<>();
        for (Event e : recent) {
            if (out.size() >= max) break;
            if ((from == null || !e.time().isBefore(from)) && (to == null || !e.time().isAfter(to)) && filter.test(e)) out.add(e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) out.close();
        } catch (IOException e) {
            log.debug("audit trail close: {}", e.toString());
        }
        out = null;
    }
}
