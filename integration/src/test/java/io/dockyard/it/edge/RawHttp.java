package io.dockyard.it.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http will not send (a foreign Host header, a
 * browser's headers, bodies of tens of MB produced on the fly): one request per connection.
 */
final class RawHttp {
    private final int port;

    RawHttp(int port) { this.port = port; }

    /** An answer: status, head (lower-cased header names kept as sent) and body text. */
    record Answer(int status, String head, String body) {
        boolean closes() { return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close"); }
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
            }
            return null;
        }
        @Override public String toString() { return status + " " + body; }
    }

    /** Sends the head (request line and headers, without the blank line) and the body. */
    Answer send(String head, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String h = head + (body == null || head.toLowerCase(Locale.ROOT).contains("content-length") ? "" : "\r\nContent-Length: " + b.length);
        return exchange(h, out -> out.write(b));
    }

    /**
     * Sends the head and then a body of {@code length} bytes made by {@code chunks} (null when
     * exhausted), as Content-Length or, when {@code chunked}, in chunked encoding. Writes on a
     * second thread while the answer is read, as a client streaming a body does; the server may
     * answer and close before the body is done.
     */
    Answer stream(String head, boolean chunked, long length, Supplier<byte[]> chunks) throws IOException {
        String h = head + (chunked ? "\r\nTransfer-Encoding: chunked" : "\r\nContent-Length: " + length);
        return exchange(h, out -> {
            byte[] c;
            while ((c = chunks.get()) != null) {
                if (chunked) out.write((Integer.toHexString(c.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(c);
                if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
    }

    interface Body { void write(OutputStream out) throws IOException; }

    private Answer exchange(String head, Body body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    body.write(out);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed before the whole body was sent
                }
            });
            try {
                return read(s.getInputStream());
            } finally {
                s.close();
                try {
                    writer.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int headEnd = -1;
        int length = -1;
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException e) {
                if (headEnd < 0) throw e;
                break;
            }
            if (n < 0) break;
            b.write(buf, 0, n);
            String text = b.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0) {
                headEnd = text.indexOf("\r\n\r\n");
                if (headEnd > 0 && text.startsWith("HTTP/1.1 100")) { // skip an interim 100 Continue
                    b.reset();
                    b.write(text.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1));
                    headEnd = -1;
                    continue;
                }
                if (headEnd > 0) {
                    String lower = text.substring(0, headEnd + 2).toLowerCase(Locale.ROOT);
                    int cl = lower.indexOf("\r\ncontent-length:");
                    if (cl >= 0) length = Integer.parseInt(lower.substring(cl + 17, lower.indexOf("\r\n", cl + 2)).trim());
                }
            }
            if (headEnd > 0 && length >= 0 && b.size() >= headEnd + 4 + length) break;
        }
        String text = b.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) throw new IOException("no answer: " + text);
        int status = Integer.parseInt(text.substring(9, 12));
        return new Answer(status, text.substring(0, end), text.substring(end + 4));
    }
}
