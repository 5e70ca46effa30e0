package io.dockyard.agent.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server side of one Session Manager data channel (the client is the AWS CLI's
 * session-manager-plugin, or Dockyard's own): the client's first (text) message carries the session
 * token, which the agent redeems with the control plane; then the handshake (session type
 * InteractiveCommands), then a {@code docker exec} with a TTY whose output goes out as
 * {@code output_stream_data} (acknowledged, resent until acknowledged) and whose input and terminal size
 * come in as {@code input_stream_data}; when the command ends, {@code channel_closed}. Dockyard's own
 * client also gets the exit code ({@code EXIT_CODE: n}, payload type 12) before it.
 */
public final class ExecChannel implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(ExecChannel.class);
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder().recyclerPool(io.dockyard.protocol.Json.BUFFERS).build());
    static final int CHUNK = 1024;

    /** What the channel needs from the agent: redeem a session, and run the exec. */
    public interface Backend {
        /** The session's target, or null when the token is not good. */
        ExecServer.Target redeem(String sessionId, String token) throws IOException, InterruptedException;

        /** Creates the exec (not started) of {@code command} in the container; returns its id. */
        String create(ExecServer.Target target, int rows, int cols);

        DockerExec start(String execId) throws IOException;

        void resize(String execId, int rows, int cols);

        /** The exit code of a finished exec, or null. */
        Integer exitCode(String execId);
    }

    private final String sessionId;
    private final Backend backend;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, Pending> unacked = new ConcurrentSkipListMap<>();
    private final Map<Long, ClientMessage> reorder = new TreeMap<>();
    private final CountDownLatch sized = new CountDownLatch(1);
    private volatile Session session;
    private volatile boolean opened, closed, ours;
    private long outSeq, inExpected;
    private volatile int rows = 24, cols = 80;
    private volatile String execId;
    private volatile DockerExec exec;
    private ExecServer.Target target;

    private record Pending(byte[] frame, long sentAt) {}

    ExecChannel(String sessionId, Backend backend) {
        this.sessionId = sessionId;
        this.backend = backend;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(60_000);
                if (!opened && !closed) close(1008, "no OpenDataChannel message");
            } catch (InterruptedException ignored) {
                // ends with the channel
            }
        });
    }

    @Override
    public void onWebSocketText(String text) {
        if (opened) return;
        opened = true;
        Thread.ofVirtual().start(() -> open(text));
    }

    private void open(String text) {
        try {
            JsonNode m = JSON.readTree(text);
            String token = m.path("TokenValue").asText(null);
            ours = m.path("ClientVersion").asText("").contains("dockyard");
            target = token == null ? null : backend.redeem(sessionId, token);
            if (target == null) {
                close(1008, "invalid token");
                return;
            }
            String request = "{\"AgentVersion\":\"3.3.0.0\",\"RequestedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionParameters\":"
                    + "{\"SessionType\":\"InteractiveCommands\",\"Properties\":null}}]}";
            sendStream(ClientMessage.HANDSHAKE_REQUEST, request.getBytes(StandardCharsets.UTF_8));
            Thread.ofVirtual().start(this::resendLoop);
        } catch (IOException | RuntimeException e) {
            log.debug("exec session {}: {}", sessionId, e.toString());
            close(1011, "cannot open the session");
        } catch (InterruptedException e) {
            close(1011, "interrupted");
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        callback.succeed();
        ClientMessage m = ClientMessage.decode(b);
        if (m == null) return;
        switch (m.type()) {
            case ClientMessage.ACK -> {
                try {
                    unacked.remove(JSON.readTree(m.payload()).path("AcknowledgedMessageSequenceNumber").asLong(-1));
                } catch (IOException ignored) {
                    // a malformed acknowledgement
                }
            }
            case ClientMessage.INPUT -> input(m);
            default -> { }
        }
    }

    private synchronized void input(ClientMessage m) {
        send(ClientMessage.ack(m).encode());
        if (m.sequence() < inExpected) return;
        if (m.sequence() > inExpected) {
            if (reorder.size() < 10_000) reorder.put(m.sequence(), m);
            return;
        }
        handle(m);
        inExpected++;
        ClientMessage next;
        while ((next = reorder.remove(inExpected)) != null) {
            handle(next);
            inExpected++;
        }
    }

    private void handle(ClientMessage m) {
        switch (m.payloadType()) {
            case ClientMessage.HANDSHAKE_RESPONSE -> {
                sendStream(ClientMessage.HANDSHAKE_COMPLETE, "{\"HandshakeTimeToComplete\":1000000,\"CustomerMessage\":\"\"}".getBytes(StandardCharsets.UTF_8));
                Thread.ofVirtual().start(this::run);
            }
            case ClientMessage.SIZE -> {
                try {
                    JsonNode s = JSON.readTree(m.payload());
                    rows = Math.max(1, s.path("rows").asInt(24));
                    cols = Math.max(1, s.path("cols").asInt(80));
                } catch (IOException e) {
                    return;
                }
                sized.countDown();
                String id = execId;
                if (id != null && exec != null) backend.resize(id, rows, cols);
            }
            case ClientMessage.OUT -> {
                DockerExec e = exec;
                if (e == null) return;
                try {
                    e.out.write(m.payload());
                    e.out.flush();
                } catch (IOException ex) {
                    log.debug("exec input: {}", ex.toString());
                }
            }
            default -> { }
        }
    }

    /** Starts the exec (with the client's terminal size when it comes soon), pumps its output, and ends the channel after it. */
    private void run() {
        try {
            sized.await(500, TimeUnit.MILLISECONDS);
            String id = backend.create(target, rows, cols);
            execId = id;
            try (DockerExec e = backend.start(id)) {
                exec = e;
                backend.resize(id, rows, cols);
                byte[] buf = new byte[CHUNK];
                int n;
                while ((n = e.in.read(buf)) > 0) {
                    byte[] chunk = new byte[n];
                    System.arraycopy(buf, 0, chunk, 0, n);
                    sendStream(ClientMessage.OUT, chunk);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!unacked.isEmpty() && System.nanoTime() < deadline && !closed) Thread.sleep(20);
            Integer code = backend.exitCode(id);
            if (ours && code != null) sendStream(ClientMessage.EXIT_CODE, ("EXIT_CODE: " + code).getBytes(StandardCharsets.US_ASCII));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!unacked.isEmpty() && System.nanoTime() < deadline && !closed) Thread.sleep(20);
            String closedJson = "{\"MessageId\":\"" + java.util.UUID.randomUUID() + "\",\"CreatedDate\":\"" + Instant.now() + "\",\"DestinationId\":\""
                    + target.taskArn() + "\",\"SessionId\":\"" + sessionId + "\",\"MessageType\":\"channel_closed\",\"SchemaVersion\":1,\"Output\":\"\"}";
            send(ClientMessage.control(ClientMessage.CLOSED, closedJson.getBytes(StandardCharsets.UTF_8)).encode());
            close(1000, "session ended");
        } catch (IOException | RuntimeException e) {
            log.info("exec session failed session={}: {}", sessionId, e.toString());
            String text = "\r\nexec failed: " + e.getMessage() + "\r\n";
            sendStream(ClientMessage.OUT, text.getBytes(StandardCharsets.UTF_8));
            String closedJson = "{\"SessionId\":\"" + sessionId + "\",\"MessageType\":\"channel_closed\",\"SchemaVersion\":1,\"Output\":\"\"}";
            send(ClientMessage.control(ClientMessage.CLOSED, closedJson.getBytes(StandardCharsets.UTF_8)).encode());
            close(1000, "session failed");
        } catch (InterruptedException e) {
            close(1001, "interrupted");
        }
    }

    private void sendStream(int payloadType, byte[] payload) {
        byte[] frame;
        long seq;
        synchronized (this) {
            seq = outSeq++;
            frame = ClientMessage.stream(ClientMessage.OUTPUT, seq, payloadType, payload).encode();
        }
        unacked.put(seq, new Pending(frame, System.nanoTime()));
        send(frame);
    }

    /** Resends what the client has not acknowledged after 500 ms, every 200 ms (the plugin drops output it is not ready for). */
    private void resendLoop() {
        try {
            while (!closed) {
                Thread.sleep(200);
                long now = System.nanoTime();
                for (var e : unacked.entrySet()) {
                    if (now - e.getValue().sentAt() > 500_000_000L) {
                        unacked.replace(e.getKey(), e.getValue(), new Pending(e.getValue().frame(), now));
                        send(e.getValue().frame());
                    }
                }
            }
        } catch (InterruptedException ignored) {
            // closing
        }
    }

    private void send(byte[] frame) {
        Session s = session;
        if (s == null || closed) return;
        sendLock.lock();
        try {
            Callback.Completable done = new Callback.Completable();
            s.sendBinary(ByteBuffer.wrap(frame), done);
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("exec send: {}", e.toString());
        } finally {
            sendLock.unlock();
        }
    }

    private void close(int code, String reason) {
        if (closed) return;
        closed = true;
        DockerExec e = exec;
        Session s = session;
        if (s != null) s.close(code, reason, Callback.NOOP);
        if (e != null && code != 1000) e.close();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed = true;
        DockerExec e = exec;
        if (e != null) e.close();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("exec session {}: {}", sessionId, cause.toString());
        onWebSocketClose(1011, cause.toString());
    }
}
