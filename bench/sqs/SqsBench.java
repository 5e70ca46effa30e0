import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQS throughput and long-poll latency against any SQS endpoint (JSON 1.0 protocol, unsigned-but-SigV4-shaped requests):
 * {@code clients} workers each loop SendMessageBatch (10) → ReceiveMessage (up to 10, long poll 1 s) → DeleteMessageBatch
 * for {@code seconds}; messages/s counts messages deleted (each sent, received and deleted once). Then the latency of a
 * long poll: a receive waits (WaitTimeSeconds 5), a send follows 50 ms later, and the time from the send's start to the
 * receive's answer is taken {@code polls} times.
 * usage: java SqsBench.java ENDPOINT [seconds=10] [clients=16] [polls=200]
 */
public class SqsBench {
    static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern HANDLE = Pattern.compile("\"ReceiptHandle\"\\s*:\\s*\"([^\"]+)\"");
    static String endpoint;

    static String call(String op, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS." + op)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IllegalStateException(op + " " + resp.statusCode() + ": " + resp.body());
        return resp.body();
    }

    static String queue(String name) throws Exception {
        String out = call("CreateQueue", "{\"QueueName\":\"" + name + "\"}");
        Matcher m = Pattern.compile("\"QueueUrl\"\\s*:\\s*\"([^\"]+)\"").matcher(out);
        if (!m.find()) throw new IllegalStateException(out);
        return m.group(1);
    }

    public static void main(String[] args) throws Exception {
        endpoint = args[0];
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
