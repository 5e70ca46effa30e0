package io.dockyard.it.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * CloudWatch Logs as a user drives it: the AWS CLI (v1 on PATH, v2 for {@code aws logs tail}) and the
 * SDK v2 against a real Dockyard (control plane only: no containers needed), its retention loop every
 * second, and a kill -9 on the same data directory.
 */
class LogsApiIT {
    private static DockyardProcess dockyard;
    private static AwsCli aws;

    @BeforeAll
    static void start() {
        dockyard = DockyardProcess.controlPlaneOnly("--dns-address", "off").env("DOCKYARD_LOGS_RETENTION_SECONDS", "1").start();
        aws = new AwsCli(dockyard.endpoint());
    }

    @AfterAll
    static void stop() { if (dockyard != null) dockyard.close(); }

    private static long now() { return System.currentTimeMillis(); }

    /** Writes the events as the CLI's file:// JSON for --log-events. */
    private static String eventsFile(List<long[]> times, List<String> messages) throws IOException {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) b.append(',');
            b.append("{\"timestamp\":").append(times.get(i)[0]).append(",\"message\":").append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(messages.get(i))).append('}');
        }
        Path f = Files.createTempFile("events-", ".json");
        Files.writeString(f, b.append(']').toString());
        return "file://" + f;
    }

    private static JsonNode put(String group, String stream, long firstTimestamp, List<String> messages) throws IOException {
        List<long[]> times = IntStream.range(0, messages.size()).mapToObj(i -> new long[] {firstTimestamp + i}).toList();
        return aws.run("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", eventsFile(times, messages)).ok();
    }

    private static void groupWithStreams(String group, String... streams) {
        aws.run("logs", "create-log-group", "--log-group-name", group).ok();
        for (String s : streams) aws.run("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", s).ok();
    }

    private static List<String> messages(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("message").asText()));
        return out;
    }

    @Test
    void groupsAndStreamsAreCreatedListedAndDeletedWithAwsErrors() {
        groupWithStreams("/it/groups/a", "b-stream", "a-stream");
        groupWithStreams("/it/groups/b");
        groupWithStreams("/it/other");
        AwsCli.Result again = aws.run("logs", "create-log-group", "--log-group-name", "/it/groups/a");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("ResourceAlreadyExistsException").contains("The specified log group already exists");
        assertThat(aws.run("logs", "create-log-stream", "--log-group-name", "/it/groups/a", "--log-stream-name", "a-stream").stderr())
                .contains("ResourceAlreadyExistsException");
        assertThat(aws.run("logs", "create-log-stream", "--log-group-name", "/it/none", "--log-stream-name", "s").stderr())
                .contains("ResourceNotFoundException").contains("The specified log group does not exist.");
        assertThat(aws.run("logs", "create-log-group", "--log-group-name", "bad name!").stderr()).contains("InvalidParameterException");

        JsonNode prefixed = aws.run("logs", "describe-log-groups", "--log-group-name-prefix", "/it/groups/").ok();
        assertThat(prefixed.get("logGroups").findValuesAsText("logGroupName")).containsExactly("/it/groups/a", "/it/groups/b");
        JsonNode a = prefixed.get("logGroups").get(0);
        assertThat(a.get("arn").asText()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/it/groups/a:*");
        assertThat(a.get("logGroupArn").asText()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/it/groups/a");
        assertThat(aws.run("logs", "describe-log-groups", "--log-group-name-pattern", "OTHER").ok().get("logGroups").findValuesAsText("logGroupName"))
                .containsExactly("/it/other");
        JsonNode page = aws.run("logs", "describe-log-groups", "--log-group-name-prefix", "/it/", "--limit", "2", "--no-paginate").ok();
        assertThat(page.get("logGroups")).hasSize(2);
        JsonNode rest = aws.run("logs", "describe-log-groups", "--log-group-name-prefix", "/it/", "--limit", "2", "--no-paginate",
                "--next-token", page.get("nextToken").asText()).ok();
        assertThat(rest.get("logGroups").findValuesAsText("logGroupName")).doesNotContainAnyElementsOf(page.get("logGroups").findValuesAsText("logGroupName"));
        assertThat(aws.run("logs", "describe-log-groups", "--log-group-name-prefix", "/it", "--log-group-name-pattern", "x").stderr())
                .contains("InvalidParameterException");

        assertThat(aws.run("logs", "describe-log-streams", "--log-group-name", "/it/groups/a").ok().get("logStreams").findValuesAsText("logStreamName"))
                .containsExactly("a-stream", "b-stream");
        assertThat(aws.run("logs", "describe-log-streams", "--log-group-name", "/it/groups/a", "--order-by", "LastEventTime", "--log-stream-name-prefix", "a").stderr())
                .contains("InvalidParameterException");

        aws.run("logs", "delete-log-stream", "--log-group-name", "/it/groups/a", "--log-stream-name", "a-stream").ok();
        assertThat(aws.run("logs", "delete-log-stream", "--log-group-name", "/it/groups/a", "--log-stream-name", "a-stream").stderr())
                .contains("ResourceNotFoundException").contains("The specified log stream does not exist.");
        aws.run("logs", "delete-log-group", "--log-group-name", "/it/groups/b").ok();
        assertThat(aws.run("logs", "delete-log-group", "--log-group-name", "/it/groups/b").stderr()).contains("ResourceNotFoundException");
    }

    @Test
    void putThenGetPagesForwardAndBackwardWithAwsTokens() throws IOException {
        groupWithStreams("/it/get", "s", "later");
        long t0 = now() - 60_000;
        put("/it/get", "s", t0, IntStream.range(0, 12).mapToObj(i -> "line " + i).toList());
        put("/it/get", "s", t0 + 100, IntStream.range(12, 25).mapToObj(i -> "line " + i).toList());
        put("/it/get", "later", t0 + 50, List.of("newest"));

        JsonNode head = aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s", "--start-from-head", "--limit", "10").ok();
        assertThat(messages(head.get("events"))).containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "line " + i).toList());
        assertThat(head.get("nextForwardToken").asText()).matches("f/\\d{56}");
        assertThat(head.get("nextBackwardToken").asText()).matches("b/\\d{56}");
        JsonNode second = aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s", "--limit", "10",
                "--next-token", head.get("nextForwardToken").asText()).ok();
        assertThat(messages(second.get("events"))).containsExactlyElementsOf(IntStream.range(10, 20).mapToObj(i -> "line " + i).toList());
        JsonNode third = aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s", "--limit", "10",
                "--next-token", second.get("nextForwardToken").asText()).ok();
        assertThat(messages(third.get("events"))).hasSize(5).last().isEqualTo("line 24");
        JsonNode end = aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s",
                "--next-token", third.get("nextForwardToken").asText()).ok();
        assertThat(end.get("events")).isEmpty();
        assertThat(end.get("nextForwardToken").asText()).isEqualTo(third.get("nextForwardToken").asText()); // the same token at the end, as AWS

        JsonNode tail = aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s", "--limit", "10").ok();
        assertThat(messages(tail.get("events"))).containsExactlyElementsOf(IntStream.range(15, 25).mapToObj(i -> "line " + i).toList());
        JsonNode back = aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s", "--limit", "10",
                "--next-token", tail.get("nextBackwardToken").asText()).ok();
        assertThat(messages(back.get("events"))).containsExactlyElementsOf(IntStream.range(5, 15).mapToObj(i -> "line " + i).toList());

        JsonNode window = aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s", "--start-from-head",
                "--start-time", Long.toString(t0 + 3), "--end-time", Long.toString(t0 + 6)).ok();
        assertThat(messages(window.get("events"))).containsExactly("line 3", "line 4", "line 5");
        assertThat(aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "s", "--next-token", "x/1").stderr())
                .contains("InvalidParameterException");
        assertThat(aws.run("logs", "get-log-events", "--log-group-name", "/it/get", "--log-stream-name", "nope").stderr())
                .contains("ResourceNotFoundException");

        JsonNode byTime = aws.run("logs", "describe-log-streams", "--log-group-name", "/it/get", "--order-by", "LastEventTime", "--descending").ok();
        assertThat(byTime.get("logStreams").findValuesAsText("logStreamName")).containsExactly("s", "later");
        JsonNode s = byTime.get("logStreams").get(0);
        assertThat(s.get("firstEventTimestamp").asLong()).isEqualTo(t0);
        assertThat(s.get("lastEventTimestamp").asLong()).isEqualTo(t0 + 112);
        assertThat(s.get("storedBytes").asLong()).isPositive();
    }

    @Test
    void putLogEventsFollowsAwsBatchRules() throws IOException {
        groupWithStreams("/it/put", "s");
        long now = now();
        long old = now - 15 * 86_400_000L;
        JsonNode tooOld = aws.run("logs", "put-log-events", "--log-group-name", "/it/put", "--log-stream-name", "s",
                "--log-events", eventsFile(List.of(new long[] {old}, new long[] {old + 1}), List.of("too old 1", "too old 2"))).ok();
        assertThat(tooOld.get("rejectedLogEventsInfo").get("tooOldLogEventEndIndex").asInt()).isEqualTo(2);
        JsonNode r = aws.run("logs", "put-log-events", "--log-group-name", "/it/put", "--log-stream-name", "s",
                "--log-events", eventsFile(List.of(new long[] {now - 1000}, new long[] {now}, new long[] {now + 3 * 3_600_000L}), List.of("kept 1", "kept 2", "too new"))).ok();
        assertThat(r.get("rejectedLogEventsInfo").get("tooNewLogEventStartIndex").asInt()).isEqualTo(2);
        assertThat(r.get("rejectedLogEventsInfo").has("tooOldLogEventEndIndex")).isFalse();
        assertThat(messages(aws.run("logs", "get-log-events", "--log-group-name", "/it/put", "--log-stream-name", "s", "--start-from-head").ok().get("events")))
                .containsExactly("kept 1", "kept 2");

        AwsCli.Result unordered = aws.run("logs", "put-log-events", "--log-group-name", "/it/put", "--log-stream-name", "s",
                "--log-events", eventsFile(List.of(new long[] {now}, new long[] {now - 10}), List.of("b", "a")));
        assertThat(unordered.stderr()).contains("InvalidParameterException").contains("chronological order");
        AwsCli.Result span = aws.run("logs", "put-log-events", "--log-group-name", "/it/put", "--log-stream-name", "s",
                "--log-events", eventsFile(List.of(new long[] {now - 25 * 3_600_000L}, new long[] {now}), List.of("a", "b")));
        assertThat(span.stderr()).contains("InvalidParameterException").contains("24 hours");
        String big = "x".repeat(200_000);
        AwsCli.Result tooLarge = aws.run("logs", "put-log-events", "--log-group-name", "/it/put", "--log-stream-name", "s",
                "--log-events", eventsFile(IntStream.range(0, 6).mapToObj(i -> new long[] {now}).toList(), List.of(big, big, big, big, big, big)));
        assertThat(tooLarge.stderr()).contains("InvalidParameterException");
        assertThat(aws.run("logs", "put-log-events", "--log-group-name", "/it/none", "--log-stream-name", "s", "--log-events", "timestamp=" + now + ",message=x").stderr())
                .contains("ResourceNotFoundException").contains("log group");
        // the sequence token is accepted and ignored, as AWS does now
        aws.run("logs", "put-log-events", "--log-group-name", "/it/put", "--log-stream-name", "s", "--sequence-token", "whatever",
                "--log-events", "timestamp=" + now + ",message=tokened").ok();

        // the wire shape of an error: HTTP 400, {"__type": "InvalidParameterException", "message": ...}
        HttpResponse<String> raw = rawJson("PutLogEvents", "{\"logGroupName\":\"/it/put\",\"logStreamName\":\"s\",\"logEvents\":[]}");
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(raw.body()).contains("\"__type\":\"InvalidParameterException\"");
        HttpResponse<String> wrongType = rawJson("PutLogEvents", "{\"logGroupName\":\"/it/put\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":\"x\",\"message\":\"m\"}]}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("SerializationException");
    }

    private static HttpResponse<String> rawJson(String operation, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/"))
                    .header("X-Amz-Target", "Logs_20140328." + operation).header("Content-Type", "application/x-amz-json-1.1")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=00")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> filter(String pattern, String... more) {
        List<String> args = new ArrayList<>(List.of("logs", "filter-log-events", "--log-group-name", "/it/filter", "--filter-pattern=" + pattern));
        args.addAll(List.of(more));
        return messages(aws.run(args.toArray(String[]::new)).ok().get("events"));
    }

    @Test
    void filterLogEventsMatchesEachPatternKind() throws IOException {
        groupWithStreams("/it/filter", "app", "worker");
        long t = now() - 10_000;
        put("/it/filter", "app", t, List.of("INFO started", "ERROR disk full", "WARN slow request", "ERROR Exiting now",
                "{\"level\":\"error\",\"latency\":250,\"user\":\"alice\"}", "{\"level\":\"info\",\"latency\":20,\"user\":\"bob\"}"));
        put("/it/filter", "worker", t + 1, List.of("INFO job done id=7", "ERROR [job 9] failed: timeout", "{\"level\":\"warn\",\"latency\":120,\"user\":\"alfred\"}"));

        assertThat(filter("")).hasSize(9);
        assertThat(filter("ERROR")).containsExactly("ERROR disk full", "ERROR [job 9] failed: timeout", "ERROR Exiting now"); // interleaved by time
        assertThat(filter("ERROR -Exiting")).containsExactly("ERROR disk full", "ERROR [job 9] failed: timeout");
        assertThat(filter("\"[job 9] failed\"")).containsExactly("ERROR [job 9] failed: timeout");
        assertThat(filter("?WARN ?timeout")).containsExactly("WARN slow request", "ERROR [job 9] failed: timeout"); // same timestamp: by stream name
        assertThat(filter("error")).containsExactly("{\"level\":\"error\",\"latency\":250,\"user\":\"alice\"}"); // case-sensitive: no ERROR line
        assertThat(filter("{ $.level = \"error\" }")).containsExactly("{\"level\":\"error\",\"latency\":250,\"user\":\"alice\"}");
        assertThat(filter("{ $.latency > 100 }")).hasSize(2);
        assertThat(filter("{ $.latency > 100 && $.level != \"error\" }")).containsExactly("{\"level\":\"warn\",\"latency\":120,\"user\":\"alfred\"}");
        assertThat(filter("{ ($.user = \"bob\") || ($.latency >= 250) }")).hasSize(2);
        assertThat(filter("{ $.user = \"al*\" }")).hasSize(2);
        assertThat(filter("ERROR", "--log-stream-names", "worker")).containsExactly("ERROR [job 9] failed: timeout");
        assertThat(filter("INFO", "--log-stream-name-prefix", "wor")).containsExactly("INFO job done id=7");

        for (String bad : List.of("{ $.level = }", "{ $.latency > \"x\" }", "\"unterminated", "{ level = 1 }", "ERROR=1")) {
            AwsCli.Result r = aws.run("logs", "filter-log-events", "--log-group-name", "/it/filter", "--filter-pattern=" + bad);
            assertThat(r.exitCode()).as(bad).isNotZero();
            assertThat(r.stderr()).as(bad).contains("InvalidParameterException");
        }

        JsonNode first = aws.run("logs", "filter-log-events", "--log-group-name", "/it/filter", "--limit", "4", "--no-paginate").ok();
        assertThat(first.get("events")).hasSize(4);
        assertThat(first.get("events").get(0).get("eventId").asText()).isNotBlank();
        JsonNode next = aws.run("logs", "filter-log-events", "--log-group-name", "/it/filter", "--limit", "10", "--no-paginate",
                "--next-token", first.get("nextToken").asText()).ok();
        List<String> all = new ArrayList<>(messages(first.get("events")));
        all.addAll(messages(next.get("events")));
        assertThat(all).hasSize(9).doesNotHaveDuplicates();
        assertThat(next.has("nextToken")).isFalse();
    }

    @Test
    void awsLogsTailPrintsAndFollows() throws Exception {
        groupWithStreams("/it/tail", "web");
        put("/it/tail", "web", now() - 5_000, List.of("first line", "second line"));
        AwsCli v2 = aws.v2();
        AwsCli.Result tail = v2.run("logs", "tail", "/it/tail");
        assertThat(tail.exitCode()).as(tail.stderr()).isZero();
        assertThat(tail.stdout()).contains("web first line").contains("web second line");

        Process follow = v2.start("logs", "tail", "/it/tail", "--follow", "--format", "short");
        StringBuffer out = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = follow.getInputStream()) {
                byte[] b = new byte[4096];
                for (int n; (n = in.read(b)) > 0; ) out.append(new String(b, 0, n, StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("second line"));
            put("/it/tail", "web", now(), List.of("put after follow started"));
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("put after follow started"));
            assertThat(out.toString().split("first line", -1)).hasSize(2); // printed once, not again on each poll
        } finally {
            follow.destroy();
            reader.join(5_000);
        }
    }

    @Test
    void retentionReallyDeletesOldEvents() throws IOException {
        groupWithStreams("/it/retention", "old", "fresh");
        long twoDaysAgo = now() - 2 * 86_400_000L;
        put("/it/retention", "old", twoDaysAgo, List.of("old 1", "old 2"));
        put("/it/retention", "fresh", now() - 1000, List.of("fresh"));
        assertThat(aws.run("logs", "get-log-events", "--log-group-name", "/it/retention", "--log-stream-name", "old", "--start-from-head").ok().get("events")).hasSize(2);
        long segmentBytesBefore = segmentBytes();

        aws.run("logs", "put-retention-policy", "--log-group-name", "/it/retention", "--retention-in-days", "1").ok();
        assertThat(aws.run("logs", "describe-log-groups", "--log-group-name-prefix", "/it/retention").ok().get("logGroups").get(0).get("retentionInDays").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> aws.run("logs", "describe-log-streams", "--log-group-name", "/it/retention", "--log-stream-name-prefix", "old")
                .ok().get("logStreams").get(0).get("storedBytes").asLong() == 0);
        assertThat(segmentBytes()).isLessThan(segmentBytesBefore); // the segment files are gone from disk
        assertThat(aws.run("logs", "get-log-events", "--log-group-name", "/it/retention", "--log-stream-name", "old", "--start-from-head").ok().get("events")).isEmpty();
        assertThat(messages(aws.run("logs", "filter-log-events", "--log-group-name", "/it/retention").ok().get("events"))).containsExactly("fresh");
        JsonNode expired = put("/it/retention", "old", twoDaysAgo, List.of("expired on arrival"));
        assertThat(expired.get("rejectedLogEventsInfo").get("expiredLogEventEndIndex").asInt()).isEqualTo(1);

        assertThat(aws.run("logs", "put-retention-policy", "--log-group-name", "/it/retention", "--retention-in-days", "2").stderr()).contains("InvalidParameterException");
        aws.run("logs", "delete-retention-policy", "--log-group-name", "/it/retention").ok();
        assertThat(aws.run("logs", "describe-log-groups", "--log-group-name-prefix", "/it/retention").ok().get("logGroups").get(0).has("retentionInDays")).isFalse();
    }

    private static long segmentBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dockyard.dataDir().resolve("logs"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void logsInsightsQueriesRunThroughTheCli() throws IOException {
        groupWithStreams("/it/insights", "api", "worker");
        long t = now() - 30_000;
        put("/it/insights", "api", t, List.of("{\"level\":\"error\",\"ms\":300}", "{\"level\":\"info\",\"ms\":20}", "{\"level\":\"error\",\"ms\":100}"));
        put("/it/insights", "worker", t + 10, List.of("{\"level\":\"info\",\"ms\":40}", "plain ERROR line"));
        long from = t / 1000 - 1, to = now() / 1000 + 1;
        JsonNode stats = query(from, to, "stats count(*) as n by level | sort n desc");
        assertThat(stats.get(0).toString()).isEqualTo("[{\"field\":\"level\",\"value\":\"error\"},{\"field\":\"n\",\"value\":\"2\"}]");
        JsonNode rows = query(from, to, "fields @timestamp, @message, @logStream | filter @message like /ERROR/ or ms > 200 | sort @timestamp desc | limit 10");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).findValuesAsText("value")).contains("plain ERROR line", "worker");
        AwsCli.Result bad = aws.run("logs", "start-query", "--log-group-name", "/it/insights", "--start-time", Long.toString(from), "--end-time", Long.toString(to),
                "--query-string", "stats median(ms)");
        assertThat(bad.stderr()).contains("MalformedQueryException");
        assertThat(aws.run("logs", "start-query", "--log-group-name", "/it/none", "--start-time", "0", "--end-time", "1", "--query-string", "fields @message").stderr())
                .contains("ResourceNotFoundException");
        assertThat(aws.run("logs", "get-query-results", "--query-id", "no-such-query").stderr()).contains("ResourceNotFoundException");
    }

    /** Starts a query and polls its results until it completes. */
    private static JsonNode query(long from, long to, String text) {
        String id = aws.run("logs", "start-query", "--log-group-name", "/it/insights", "--start-time", Long.toString(from), "--end-time", Long.toString(to),
                "--query-string", text).ok().get("queryId").asText();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            last[0] = aws.run("logs", "get-query-results", "--query-id", id).ok();
            return last[0].get("status").asText().equals("Complete");
        });
        assertThat(last[0].get("statistics").get("recordsScanned").asDouble()).isEqualTo(5);
        return last[0].get("results");
    }

    @Test
    void tagsOnLogGroups() {
        aws.run("logs", "create-log-group", "--log-group-name", "/it/tags", "--tags", "team=web").ok();
        String arn = "arn:aws:logs:us-east-1:000000000000:log-group:/it/tags";
        aws.run("logs", "tag-resource", "--resource-arn", arn, "--tags", "env=prod,tier=1").ok();
        assertThat(aws.run("logs", "list-tags-for-resource", "--resource-arn", arn).ok().get("tags").toString()).isEqualTo("{\"env\":\"prod\",\"team\":\"web\",\"tier\":\"1\"}");
        aws.run("logs", "untag-resource", "--resource-arn", arn, "--tag-keys", "tier").ok();
        assertThat(aws.run("logs", "list-tags-log-group", "--log-group-name", "/it/tags").ok().get("tags").toString()).isEqualTo("{\"env\":\"prod\",\"team\":\"web\"}");
        assertThat(aws.run("logs", "list-tags-for-resource", "--resource-arn", "arn:aws:logs:us-east-1:000000000000:log-group:/it/none").stderr())
                .contains("ResourceNotFoundException");
    }

    @Test
    void acknowledgedEventsSurviveKill9ThroughTheSdk() {
        List<String> sent = IntStream.range(0, 500).mapToObj(i -> "durable " + i).toList();
        long t = now() - 1000;
        try (CloudWatchLogsClient logs = Sdk.logs(dockyard.endpoint())) {
            logs.createLogGroup(b -> b.logGroupName("/it/durable"));
            logs.createLogStream(b -> b.logGroupName("/it/durable").logStreamName("s"));
            for (int batch = 0; batch < 5; batch++) {
                List<InputLogEvent> events = new ArrayList<>();
                for (int i = batch * 100; i < batch * 100 + 100; i++) events.add(InputLogEvent.builder().timestamp(t + i).message(sent.get(i)).build());
                logs.putLogEvents(b -> b.logGroupName("/it/durable").logStreamName("s").logEvents(events));
            }
        }
        dockyard.kill9();
        dockyard.start();
        try (CloudWatchLogsClient logs = Sdk.logs(dockyard.endpoint())) {
            List<String> read = logs.getLogEvents(b -> b.logGroupName("/it/durable").logStreamName("s").startFromHead(true)).events()
                    .stream().map(OutputLogEvent::message).toList();
            assertThat(read).containsExactlyElementsOf(sent);
            logs.putLogEvents(b -> b.logGroupName("/it/durable").logStreamName("s").logEvents(InputLogEvent.builder().timestamp(t + 600).message("after restart").build()));
            var end = logs.getLogEvents(b -> b.logGroupName("/it/durable").logStreamName("s").limit(2));
            assertThat(end.events().stream().map(OutputLogEvent::message)).containsExactly("durable 499", "after restart");
            assertThatThrownBy(() -> logs.getLogEvents(b -> b.logGroupName("/it/durable").logStreamName("missing")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
