import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQS throughput and long-poll latency against any SQS endpoint (JSON 1.0 protocol, unsigned-but-SigV4-shaped requests,
 * HTTP/1.1 keep-alive over one plain socket per worker — a client that costs far less CPU than the server it measures):
 * {@code clients} workers each loop SendMessageBatch (10) → ReceiveMessage (up to 10, long poll 1 s) → DeleteMessageBatch
 * for {@code seconds}; messages/s counts messages deleted (each sent, received and deleted once). Then the latency of a
 * long poll: a receive waits (WaitTimeSeconds 5), a send follows 50 ms later, and the time from the send's start to the
 * receive's answer is taken {@code polls} times.
 * usage: java SqsBench.java ENDPOINT [seconds=10] [clients=16] [polls=200]
 */
public class SqsBench {
    static final Pattern HANDLE = Pattern.compile("\"ReceiptHandle\"\\s*:\\s*\"([^\"]+)\"");
    static String endpoint;
    static String host;
    static int port;
    /** One keep-alive connection per thread (workers are virtual threads; each keeps its own). */
    static final ThreadLocal<Conn> CONN = new ThreadLocal<>();

    /** A keep-alive HTTP/1.1 connection: a request written in one go, the answer read by Content-Length. */
    static final class Conn {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final byte[] buf = new byte[64 * 1024];
        int start, end;
        /** The server said it closes the connection after this answer (moto_server does after every one). */
        boolean closing;

        Conn() throws Exception {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        int fill() throws Exception {
            if (end == buf.length) throw new IllegalStateException("answer headers too large");
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) throw new java.io.EOFException("connection closed");
            end += n;
            return n;
        }

        /** Sends one request; returns status and body. */
        String[] call(byte[] head, byte[] body) throws Exception {
            out.write(head);
            out.write(body);
            out.flush();
            int headerEnd;
            while ((headerEnd = indexOf(buf, start, end)) < 0) {
                if (start > 0) { System.arraycopy(buf, start, buf, 0, end - start); end -= start; start = 0; }
                fill();
            }
            String headers = new String(buf, start, headerEnd - start, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headers.substring(9, 12));
            closing = headers.toLowerCase(java.util.Locale.ROOT).contains("\nconnection: close");
            int length = 0;
            int at = headers.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
            if (at >= 0) {
                int eol = headers.indexOf('\r', at);
                length = Integer.parseInt(headers.substring(at + 15, eol < 0 ? headers.length() : eol).trim());
            }
            int bodyStart = headerEnd + 4;
            ByteArrayOutputStream b = new ByteArrayOutputStream(length);
            int have = Math.min(length, end - bodyStart);
            b.write(buf, bodyStart, have);
            start = bodyStart + have;
            while (b.size() < length) {
                start = end = 0;
                int n = in.read(buf, 0, Math.min(buf.length, length - b.size()));
                if (n < 0) throw new java.io.EOFException("connection closed");
                b.write(buf, 0, n);
            }
            if (start == end) start = end = 0;
            return new String[] {Integer.toString(status), b.toString(StandardCharsets.UTF_8)};
        }

        static int indexOf(byte[] b, int from, int to) {
            for (int i = from; i + 3 < to; i++) if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
            return -1;
        }
    }

    static String call(String op, String body) throws Exception {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS." + op
                + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"
                + "\r\nContent-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Conn c = CONN.get();
        if (c == null) CONN.set(c = new Conn());
        String[] r;
        try {
            r = c.call(head, payload);
        } catch (java.io.IOException e) {
            c.socket.close();
            CONN.set(c = new Conn()); // the server closed an idle connection: once more on a new one
            r = c.call(head, payload);
        }
        if (c.closing) {
            c.socket.close();
            CONN.remove();
        }
        if (!"200".equals(r[0])) throw new IllegalStateException(op + " " + r[0] + ": " + r[1]);
        return r[1];
    }

    static String queue(String name) throws Exception {
        String out = call("CreateQueue", "{\"QueueName\":\"" + name + "\"}");
        Matcher m = Pattern.compile("\"QueueUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(out);
        if (!m.find()) throw new IllegalStateException(out);
        return m.group(1);
    }

    public static void main(String[] args) throws Exception {
        endpoint = args[0];
        URI u = URI.create(endpoint);
        host = u.getHost();
        port = u.getPort() < 0 ? 80 : u.getPort();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int polls = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        String url = queue("bench-" + System.nanoTime());
        String send = "{\"QueueUrl\":\"" + url + "\",\"Entries\":[" + String.join(",", java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> "{\"Id\":\"m" + i + "\",\"MessageBody\":\"{\\\"job\\\":" + i + ",\\\"payload\\\":\\\"" + "x".repeat(100) + "\\\"}\"}").toList()) + "]}";
        String receive = "{\"QueueUrl\":\"" + url + "\",\"MaxNumberOfMessages\":10,\"WaitTimeSeconds\":1}";
        AtomicLong done = new AtomicLong(), requests = new AtomicLong(), errors = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        call("SendMessageBatch", send);
                        String got = call("ReceiveMessage", receive);
                        requests.addAndGet(2);
                        Matcher m = HANDLE.matcher(got);
                        List<String> entries = new ArrayList<>();
                        while (m.find()) entries.add("{\"Id\":\"d" + entries.size() + "\",\"ReceiptHandle\":\"" + m.group(1) + "\"}");
                        if (entries.isEmpty()) continue;
                        call("DeleteMessageBatch", "{\"QueueUrl\":\"" + url + "\",\"Entries\":[" + String.join(",", entries) + "]}");
                        requests.incrementAndGet();
                        done.addAndGet(entries.size());
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println(e);
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        System.out.printf("throughput: %d clients x %d s: %,d messages sent+received+deleted = %,.0f messages/s (%,.0f requests/s), %d client errors%n",
                clients, seconds, done.get(), done.get() / (double) seconds, requests.get() / (double) seconds, errors.get());

        String latencyUrl = queue("latency-" + System.nanoTime());
        String wait = "{\"QueueUrl\":\"" + latencyUrl + "\",\"MaxNumberOfMessages\":1,\"WaitTimeSeconds\":5}";
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            long[] answered = new long[1];
            String[] body = new String[1];
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    body[0] = call("ReceiveMessage", wait);
                    answered[0] = System.nanoTime();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(50);
            long sent = System.nanoTime();
            call("SendMessage", "{\"QueueUrl\":\"" + latencyUrl + "\",\"MessageBody\":\"ping\"}");
            t.join();
            Matcher m = HANDLE.matcher(body[0]);
            if (!m.find()) throw new IllegalStateException("the long poll answered no message: " + body[0]);
            ms.add((answered[0] - sent) / 1e6);
            call("DeleteMessage", "{\"QueueUrl\":\"" + latencyUrl + "\",\"ReceiptHandle\":\"" + m.group(1) + "\"}");
        }
        Collections.sort(ms);
        System.out.printf("long poll: a waiting receive answers %.2f ms (p50), %.2f ms (p90), %.2f ms (p99) after the send starts (%d polls)%n",
                ms.get(ms.size() / 2), ms.get(ms.size() * 9 / 10), ms.get(Math.min(ms.size() - 1, ms.size() * 99 / 100)), ms.size());
    }
}
