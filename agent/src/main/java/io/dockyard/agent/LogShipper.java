package io.dockyard.agent;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.transport.DockerHttpClient;
import io.dockyard.protocol.sigv4.Key;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Ships one container's output to CloudWatch Logs, as the awslogs driver: a reader follows the Engine's
 * log stream (the container's own log stays json-file, so nothing is lost while the agent or the control
 * plane is away) into a bounded buffer; a sender turns the lines into events (multiline joining) and puts
 * them in batches within AWS's limits, retrying while the control plane does not answer. After each
 * batch stored, the Docker timestamp of its last line is written to a checkpoint file: a restarted agent
 * resumes there. In non-blocking mode a full buffer drops its oldest lines (counted, logged); in blocking
 * mode the reader waits for room (the container is never blocked: Docker keeps writing its log file).
 * The calls are signed as {@code as} (the task's execution role; null: the agent's key). A refusal of that
 * identity (a policy without {@code logs:PutLogEvents}, a session that cannot be renewed) is logged once and
 * retried with a backoff up to 30 s, so a fixed policy resumes the shipping; the buffer's policy applies meanwhile.
 */
final class LogShipper {
    private static final Logger log = LoggerFactory.getLogger(LogShipper.class);
    static final int MAX_EVENTS = 10_000;
    static final long MAX_BATCH_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD = 26;
    static final long MAX_SPAN_MS = 24 * 3_600_000L;
    /** How long a multiline event waits for more lines before it is sent. */
    static final long MULTILINE_IDLE_MS = 300;
    private static final LogLines.Line END = new LogLines.Line(Long.MIN_VALUE, "");
    /** The refusals of the signing identity: retried (the policy may change), never dropped. */
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied", "ExpiredTokenException", "ExpiredToken",
            "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch");
    private static final long DENIED_BACKOFF_MAX_MS = 30_000;

    private final Engine engine;
    private final ControlPlane controlPlane;
    private final Supplier<Key> as;
    private final String dockerId;
    private final AwslogsOptions options;
    private final String stream;
    private final Path checkpoint;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition(), notFull = lock.newCondition();
    private final ArrayDeque<LogLines.Line> buffer = new ArrayDeque<>();
    private long bufferBytes;
    private long dropped;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile boolean deniedLogged;
    private volatile DockerHttpClient.Response response;
    private Thread reader, sender;

    LogShipper(Engine engine, ControlPlane controlPlane, Supplier<Key> as, String dockerId, AwslogsOptions options, String stream,
               Path checkpoint) {
        this.engine = engine;
        this.controlPlane = controlPlane;
        this.as = as;
        this.dockerId = dockerId;
        this.options = options;
        this.stream = stream;
        this.checkpoint = checkpoint;
    }

    LogShipper start() {
        reader = Thread.ofVirtual().name("awslogs-read-" + dockerId.substring(0, 12)).start(this::read);
        sender = Thread.ofVirtual().name("awslogs-send-" + dockerId.substring(0, 12)).start(this::send);
        return this;
    }

    /** Waits until every line of the stopped container is stored, at most until {@code deadlineNanos}; true if it was. */
    boolean awaitDone(long deadlineNanos) throws InterruptedException {
        return done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    boolean isDone() { return done.getCount() == 0; }

    /** Stops reading and sending at once (the agent is closing); a new agent resumes from the checkpoint. */
    void close() {
        closed = true;
        closeResponse();
        if (reader != null) reader.interrupt();
        if (sender != null) sender.interrupt();
    }

    // ---- reading ----

    private void read() {
        long resumeFrom = loadCheckpoint();
        try {
            while (!closed) {
                long skipUpTo = resumeFrom;
                try (DockerHttpClient.Response r = engine.followLogs(dockerId, resumeFrom)) {
                    if (r == null) break; // the container is gone
                    response = r;
                    boolean tty = tty();
                    LogLines lines = new LogLines(r.getBody(), tty);
                    LogLines.Line l;
                    while ((l = lines.next()) != null) {
                        if (skipUpTo > 0 && l.nanos() <= skipUpTo) continue;
                        put(l);
                        resumeFrom = Math.max(resumeFrom, l.nanos());
                    }
                } catch (IOException | RuntimeException e) {
                    if (closed) return;
                    log.debug("log stream of {}: {}", dockerId, e.toString());
                }
                if (closed) return;
                InspectContainerResponse c = engine.inspect(dockerId);
                if (c == null || !Boolean.TRUE.equals(c.getState().getRunning())) break;
                Thread.sleep(200); // the stream ended while the container runs: follow again from the last line read
            }
            put(END);
        } catch (InterruptedException e) {
            // closing
        }
    }

    private boolean tty() {
        InspectContainerResponse c = engine.inspect(dockerId);
        return c != null && c.getConfig() != null && Boolean.TRUE.equals(c.getConfig().getTty());
    }

    private void put(LogLines.Line l) throws InterruptedException {
        long size = l.text().length() + EVENT_OVERHEAD;
        lock.lock();
        try {
            if (l != END) {
                if (options.blocking()) {
                    while (!buffer.isEmpty() && bufferBytes + size > options.maxBufferBytes()) notFull.await();
                } else {
                    while (!buffer.isEmpty() && bufferBytes + size > options.maxBufferBytes()) {
                        LogLines.Line old = buffer.poll();
                        bufferBytes -= old.text().length() + EVENT_OVERHEAD;
                        if (dropped++ % 10_000 == 0) {
                            log.warn("awslogs buffer full, dropping the oldest lines container={} group={} stream={} dropped={}", dockerId,
                                    options.group(), stream, dropped);
                        }
                    }
                }
                bufferBytes += size;
            }
            buffer.add(l);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Takes what the buffer holds, waiting up to {@code waitMs} for a first line; an empty list when none came. */
    private List<LogLines.Line> take(long waitMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMs);
            while (buffer.isEmpty() && nanos > 0) nanos = notEmpty.awaitNanos(nanos);
            List<LogLines.Line> out = new ArrayList<>(buffer);
            buffer.clear();
            bufferBytes = 0;
            notFull.signalAll();
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---- sending ----

    private void send() {
        List<LogEventAssembler.Event> events = new ArrayList<>();
        LogEventAssembler assembler = new LogEventAssembler(options.multilineStart(), events::add);
        long lastLine = System.nanoTime();
        boolean ended = false;
        try {
            ensureStream();
            while (!ended) {
                List<LogLines.Line> lines = take(assembler.hasPending() ? MULTILINE_IDLE_MS : 1000);
                for (LogLines.Line l : lines) {
                    if (l == END) ended = true;
                    else assembler.add(l);
                }
                if (!lines.isEmpty()) lastLine = System.nanoTime();
                if (ended || (assembler.hasPending() && System.nanoTime() - lastLine >= TimeUnit.MILLISECONDS.toNanos(MULTILINE_IDLE_MS))) {
                    assembler.flush();
                }
                int from = 0;
                while (from < events.size()) from = putBatch(events, from);
                events.clear();
            }
            done.countDown();
        } catch (InterruptedException e) {
            // closing: what is not stored is read again by the next agent, from the checkpoint
        }
    }

    /** Puts the events from {@code from} that fit one batch; returns where the next batch starts. */
    private int putBatch(List<LogEventAssembler.Event> events, int from) throws InterruptedException {
        int to = from;
        long bytes = 0;
        long first = events.get(from).timestamp();
        while (to < events.size() && to - from < MAX_EVENTS) {
            LogEventAssembler.Event e = events.get(to);
            if (bytes + e.bytes() + EVENT_OVERHEAD > MAX_BATCH_BYTES || Math.abs(e.timestamp() - first) > MAX_SPAN_MS) break;
            bytes += e.bytes() + EVENT_OVERHEAD;
            to++;
        }
        List<LogEventAssembler.Event> batch = new ArrayList<>(events.subList(from, to));
        long last = batch.stream().mapToLong(LogEventAssembler.Event::lastNanos).max().orElse(0);
        batch.sort(Comparator.comparingLong(LogEventAssembler.Event::timestamp)); // stdout and stderr may interleave out of order
        List<Map<String, Object>> wire = new ArrayList<>(batch.size());
        for (LogEventAssembler.Event e : batch) wire.add(Map.of("timestamp", e.timestamp(), "message", e.message()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("logGroupName", options.group());
        body.put("logStreamName", stream);
        body.put("logEvents", wire);
        long backoff = 200;
        while (!closed) {
            try {
                controlPlane.logs("PutLogEvents", body, key());
                saveCheckpoint(last);
                deniedLogged = false;
                return to;
            } catch (ControlPlane.HttpError e) {
                if (e.status / 100 == 4 && "ResourceNotFoundException".equals(e.awsCode())) {
                    if (!ensureStream()) {
                        log.warn("awslogs: log group {} does not exist; {} events of container {} dropped", options.group(), batch.size(), dockerId);
                        saveCheckpoint(last);
                        return to;
                    }
                    continue;
                }
                if (e.status / 100 == 4 && DENIED.contains(e.awsCode())) {
                    denied("PutLogEvents", e.awsCode() + ": " + e.awsMessage());
                    backoff = deniedBackoff(backoff);
                    continue;
                }
                if (e.status / 100 == 4) {
                    log.warn("awslogs: PutLogEvents refused {} events of container {}: {}", batch.size(), dockerId, e.getMessage());
                    saveCheckpoint(last);
                    return to;
                }
                log.debug("awslogs: PutLogEvents: {}", e.toString());
            } catch (ContainerPlan.SetupError e) {
                denied("PutLogEvents", e.getMessage());
                backoff = deniedBackoff(backoff);
                continue;
            } catch (IOException e) {
                log.debug("awslogs: control plane unreachable: {}", e.toString());
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 2000);
        }
        throw new InterruptedException();
    }

    /** The signing identity: the execution role's current session, or null (the agent's key). */
    private Key key() {
        return as == null ? null : as.get();
    }

    /** Logs a refusal of the signing identity once (until a call succeeds again). */
    private void denied(String action, String why) {
        if (deniedLogged) return;
        deniedLogged = true;
        log.warn("awslogs: {} refused for container {} group={} stream={}: {}; retrying", action, dockerId, options.group(), stream, why);
    }

    /** Sleeps {@code backoff} and answers the next one, doubling up to 30 s. */
    private static long deniedBackoff(long backoff) throws InterruptedException {
        Thread.sleep(backoff);
        return Math.min(backoff * 2, DENIED_BACKOFF_MAX_MS);
    }

    /** Creates the group (when allowed) and the stream; false when the group does not exist and may not be made. Retries while unreachable. */
    private boolean ensureStream() throws InterruptedException {
        long backoff = 200;
        while (!closed) {
            try {
                boolean made = Awslogs.ensureStream(controlPlane, options, stream, key());
                deniedLogged = false;
                return made;
            } catch (ControlPlane.HttpError e) {
                if (e.status / 100 == 4 && DENIED.contains(e.awsCode())) {
                    denied("CreateLogStream", e.awsCode() + ": " + e.awsMessage());
                    backoff = deniedBackoff(backoff);
                    continue;
                }
                if (e.status / 100 != 4) log.debug("awslogs: creating stream {}: {}", stream, e.toString());
                else {
                    log.warn("awslogs: cannot create log stream {} in group {}: {}", stream, options.group(), e.getMessage());
                    return false;
                }
            } catch (ContainerPlan.SetupError e) {
                denied("CreateLogStream", e.getMessage());
                backoff = deniedBackoff(backoff);
                continue;
            } catch (IOException e) {
                log.debug("awslogs: creating stream {}: {}", stream, e.toString());
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 2000);
        }
        throw new InterruptedException();
    }

    // ---- checkpoint ----

    private long loadCheckpoint() {
        try {
            return Files.exists(checkpoint) ? Long.parseLong(Files.readString(checkpoint).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void saveCheckpoint(long nanos) {
        if (nanos <= 0) return;
        try {
            Files.createDirectories(checkpoint.getParent());
            Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(nanos));
            Files.move(tmp, checkpoint, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.debug("awslogs checkpoint {}: {}", checkpoint, e.toString());
        }
    }

    private void closeResponse() {
        DockerHttpClient.Response r = response;
        if (r == null) return;
        try {
            r.close();
        } catch (RuntimeException ignored) {
            // closing
        }
    }
}
