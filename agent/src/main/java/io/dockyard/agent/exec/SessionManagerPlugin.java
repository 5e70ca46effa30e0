package io.dockyard.agent.exec;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Dockyard's {@code session-manager-plugin}: the client the AWS CLI runs for {@code aws ecs
 * execute-command} (argv: the session JSON, region, {@code StartSession}, profile, the target, the
 * endpoint). It opens the session's WebSocket, sends the token, answers the handshake, sends the
 * terminal's size and keystrokes (raw mode when stdin is a terminal) and prints the output until the
 * server closes the channel, acknowledging and resending as the protocol asks. Exits 0 like the stock
 * plugin (the CLI turns any other exit code into 255), or with the command's exit code when
 * {@code DOCKYARD_EXEC_EXIT_CODE=1}.
 */
public final class SessionManagerPlugin {
    public static final String VERSION = "1.2.650.0-dockyard";
    private static final int CHUNK = 1024;

    private final String sessionId;
    private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    private final ConcurrentSkipListMap<Long, byte[]> unacked = new ConcurrentSkipListMap<>();
    private final Map<Long, ClientMessage> reorder = new TreeMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    /** One frame at a time on the socket. */
    private final Object sendLock = new Object();
    private volatile WebSocket ws;
    private volatile boolean ready;
    private long outSeq, expected;
    private volatile Integer exitCode;
    private volatile String farewell;
    private String savedTty;

    private SessionManagerPlugin(String sessionId) { this.sessionId = sessionId; }

    public static int main(String[] args) {
        if (args.length == 0) {
            System.out.println("\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n");
            return 0;
        }
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println(VERSION);
            return 0;
        }
        if (args.length < 3) {
            System.out.println("\nUnknown operation " + args[0] + ". \nUse session-manager-plugin --version to check the version.\n");
            return 0;
        }
        String json = args[0];
        if (json.startsWith("AWS_SSM_START_SESSION_RESPONSE")) json = System.getenv(json);
        if (!"StartSession".equals(args[2])) {
            System.out.println("Invalid Operation");
            return 0;
        }
        try {
            JsonNode s = ExecChannel.JSON.readTree(json);
            String id = field(s, "sessionId"), url = field(s, "streamUrl"), token = field(s, "tokenValue");
            if (id == null || url == null || token == null) {
                System.out.println("The session JSON lacks sessionId, streamUrl or tokenValue.");
                return 0;
            }
            SessionManagerPlugin p = new SessionManagerPlugin(id);
            int code = p.run(url, token);
            return "1".equals(System.getenv("DOCKYARD_EXEC_EXIT_CODE")) ? code : 0;
        } catch (IOException e) {
            System.out.println("Cannot read the session: " + e.getMessage());
            return 0;
        }
    }

    /** A member of the session JSON, whatever its case (the CLI sends sessionId, SSM SessionId). */
    private static String field(JsonNode s, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue().asText();
        }
        return null;
    }

    private int run(String url, String token) {
        out.print("\nStarting session with SessionId: " + sessionId + "\n");
        out.flush();
        try {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).get(30, TimeUnit.SECONDS);
            String open = "{\"MessageSchemaVersion\":\"1.0\",\"RequestId\":\"" + UUID.randomUUID() + "\",\"TokenValue\":\"" + token
                    + "\",\"ClientId\":\"" + UUID.randomUUID() + "\",\"ClientVersion\":\"" + VERSION + "\"}";
            ws.sendText(open, true).get(10, TimeUnit.SECONDS);
            Thread resender = Thread.ofVirtual().start(this::resendLoop);
            done.await();
            resender.interrupt();
        } catch (Exception e) {
            restoreTerminal();
            System.err.println("\nCannot open the session " + sessionId + ": " + e);
            return 255;
        }
        restoreTerminal();
        if (farewell != null) {
            out.print(farewell);
            out.flush();
        }
        Integer code = exitCode;
        return code == null ? 0 : code;
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            frame.writeBytes(b);
            if (last) {
                byte[] whole = frame.toByteArray();
                frame.reset();
                ClientMessage m = ClientMessage.decode(whole);
                if (m != null) receive(m);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            if (done.getCount() > 0) {
                out.print("\n\nSession " + sessionId + " closed: " + status + " " + reason + "\n\n");
                out.flush();
                done.countDown();
            }
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            if (done.getCount() > 0) {
                out.print("\n\nSession " + sessionId + " closed unexpectedly: " + error + "\n\n");
                out.flush();
                done.countDown();
            }
        }
    }

    private synchronized void receive(ClientMessage m) {
        switch (m.type()) {
            case ClientMessage.ACK -> {
                try {
                    unacked.remove(ExecChannel.JSON.readTree(m.payload()).path("AcknowledgedMessageSequenceNumber").asLong(-1));
                } catch (IOException ignored) {
                    // malformed
                }
            }
            case ClientMessage.OUTPUT -> {
                send(ClientMessage.ack(m).encode());
                if (m.sequence() < expected) return;
                if (m.sequence() > expected) {
                    reorder.put(m.sequence(), m);
                    return;
                }
                handle(m);
                expected++;
                ClientMessage next;
                while ((next = reorder.remove(expected)) != null) {
                    handle(next);
                    expected++;
                }
            }
            case ClientMessage.CLOSED -> {
                String text = "";
                try {
                    text = ExecChannel.JSON.readTree(m.payload()).path("Output").asText("");
                } catch (IOException ignored) {
                    // no output
                }
                // printed after the terminal is out of raw mode (newlines as newlines)
                farewell = text.isEmpty() ? "\n\nExiting session with sessionId: " + sessionId + ".\n\n" : "\n\nSessionId: " + sessionId + " : " + text + "\n\n";
                done.countDown();
            }
            default -> { }
        }
    }

    private void handle(ClientMessage m) {
        switch (m.payloadType()) {
            case ClientMessage.HANDSHAKE_REQUEST -> {
                String response = "{\"ClientVersion\":\"" + VERSION + "\",\"ProcessedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionStatus\":1,"
                        + "\"ActionResult\":null,\"Error\":\"\"}],\"Errors\":null}";
                sendStream(ClientMessage.HANDSHAKE_RESPONSE, response.getBytes(StandardCharsets.UTF_8));
            }
            case ClientMessage.HANDSHAKE_COMPLETE -> {
                try {
                    String msg = ExecChannel.JSON.readTree(m.payload()).path("CustomerMessage").asText("");
                    if (!msg.isEmpty()) out.print(msg + "\n");
                } catch (IOException ignored) {
                    // no message
                }
                startSession();
            }
            case ClientMessage.EXIT_CODE -> {
                String t = m.text().trim();
                try {
                    exitCode = Integer.parseInt(t.substring(t.indexOf(':') + 1).trim());
                } catch (RuntimeException ignored) {
                    // not a number
                }
            }
            case ClientMessage.STDERR -> {
                System.err.write(m.payload(), 0, m.payload().length);
                System.err.flush();
            }
            default -> {
                if (!ready) startSession();
                out.write(m.payload(), 0, m.payload().length);
                out.flush();
            }
        }
    }

    /** The session runs: raw terminal, its size, and the keystrokes. */
    private void startSession() {
        if (ready) return;
        ready = true;
        boolean tty = System.console() != null && new File("/dev/tty").canRead();
        if (tty) {
            savedTty = stty("-g");
            stty("raw", "-echo");
        }
        Thread.ofVirtual().start(() -> sizeLoop(tty));
        Thread reader = new Thread(this::readInput, "stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private void sizeLoop(boolean tty) {
        String last = "";
        while (done.getCount() > 0) {
            String size = "{\"cols\":300,\"rows\":100}";
            if (tty) {
                String[] rc = String.valueOf(stty("size")).trim().split("\\s+");
                if (rc.length == 2) size = "{\"cols\":" + rc[1] + ",\"rows\":" + rc[0] + "}";
            }
            if (!size.equals(last)) {
                sendStream(ClientMessage.SIZE, size.getBytes(StandardCharsets.UTF_8));
                last = size;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readInput() {
        InputStream in = System.in;
        byte[] buf = new byte[CHUNK];
        try {
            int n;
            while (done.getCount() > 0 && (n = in.read(buf)) > 0) {
                byte[] chunk = n == 1 && buf[0] == '\n' ? new byte[]{'\r'} : java.util.Arrays.copyOf(buf, n);
                sendStream(ClientMessage.OUT, chunk);
            }
        } catch (IOException ignored) {
            // stdin closed: the session goes on until the server closes it
        }
    }

    private void sendStream(int payloadType, byte[] payload) {
        byte[] frame;
        synchronized (this) {
            long seq = outSeq++;
            frame = new ClientMessage(ClientMessage.INPUT, 1, System.currentTimeMillis(), seq, 0, UUID.randomUUID(), payloadType, payload).encode();
            unacked.put(seq, frame);
        }
        send(frame);
    }

    private void send(byte[] frame) {
        WebSocket w = ws;
        if (w == null) return;
        synchronized (sendLock) {
            try {
                w.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the channel is going away
            }
        }
    }

    /** Resends the oldest unacknowledged message every 300 ms until it is acknowledged. */
    private void resendLoop() {
        try {
            while (done.getCount() > 0) {
                Thread.sleep(300);
                var first = unacked.firstEntry();
                if (first != null) send(first.getValue());
            }
        } catch (InterruptedException ignored) {
            // done
        }
    }

    private static String stty(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "stty";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).redirectErrorStream(true).start();
            String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(2, TimeUnit.SECONDS);
            return o;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private void restoreTerminal() {
        if (savedTty != null && !savedTty.isEmpty()) stty(savedTty);
        out.flush();
    }

}
