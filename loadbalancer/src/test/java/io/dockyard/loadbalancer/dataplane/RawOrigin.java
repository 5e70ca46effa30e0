package io.dockyard.loadbalancer.dataplane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test origin on plain sockets that records every request it reads (head and de-chunked body) and
 * answers each with what a {@link Script} writes, byte for byte: lets tests send what a sloppy or
 * hostile target would.
 */
final class RawOrigin implements AutoCloseable {
    /** Writes the answer to one request; returns false to close the connection afterwards. */
    interface Script {
        boolean answer(Request request, OutputStream out, Socket socket) throws IOException;
    }

    record Request(String head, byte[] body, int connection) {
        String path() { return head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1)); }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server;
    private final Script script;

    RawOrigin(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() { return server.getLocalPort(); }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int id = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, id));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                byte[] body = readBody(in, head);
                Request r = new Request(head, body, id);
                requests.add(r);
                if (!script.answer(r, out, s)) return;
                out.flush();
            }
        } catch (IOException e) {
            // the connection went away
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c, state = 0;
        while ((c = in.read()) >= 0) {
            b.write(c);
            state = switch (state) {
                case 0 -> c == '\r' ? 1 : 0;
                case 1 -> c == '\n' ? 2 : 0;
                case 2 -> c == '\r' ? 3 : 0;
                default -> c == '\n' ? 4 : 0;
            };
            if (state == 4) return b.toString(StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    /** The body the head announces (Content-Length or chunked, de-chunked). */
    static byte[] readBody(InputStream in, String head) throws IOException {
        String lower = head.toLowerCase();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                String line = readLine(in);
                int size = Integer.parseInt(line.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) { /* trailers */ }
                    return b.toByteArray();
                }
                b.write(in.readNBytes(size));
                readLine(in);
            }
        }
        int at = lower.indexOf("content-length:");
        if (at < 0) return new byte[0];
        int n = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
        return in.readNBytes(n);
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, String s) throws IOException { out.write(s.getBytes(StandardCharsets.ISO_8859_1)); }

    @Override
    public void close() throws IOException { server.close(); }
}
