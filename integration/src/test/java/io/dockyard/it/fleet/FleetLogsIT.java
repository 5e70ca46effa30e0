package io.dockyard.it.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CloudWatch Logs in a fleet: two control-plane replicas ({@code dockyard server --database … --node-name})
 * on one PostgreSQL, driven with the AWS CLI. Events put through either replica land in one stream, numbered
 * in the order they arrived; every read (get-log-events, filter-log-events, describe-log-streams) through the
 * other replica sees all of them; a retention policy and a group deletion made through one replica hold on the other.
 */
@ResourceLock("postgres")
class FleetLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String url;
    /** The two replicas, and the AWS CLI pointed at each. */
    private static DockyardProcess a, b;
    private static AwsCli cliA, cliB;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.createDatabase("dockyard_logs_");
        a = replica("cp1");
        b = replica("cp2");
        cliA = new AwsCli(a.endpoint());
        cliB = new AwsCli(b.endpoint());
    }

    /** A control-plane replica on the test database, its retention loop every second. */
    private static DockyardProcess replica(String node) {
        return DockyardProcess.controlPlaneOnly("--database", url, "--node-name", node, "--dns-address", "off", "--leader-lease-seconds", "2")
                .env("DOCKYARD_LOGS_RETENTION_SECONDS", "1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) b.close();
        if (a != null) a.close();
        if (url != null) TestPostgres.dropDatabase(url);
    }

    /** put-log-events of these messages, one millisecond apart from {@code first}, through {@code cli}. */
    private static void put(AwsCli cli, String group, String stream, long first, List<String> messages) throws IOException {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) events.add(java.util.Map.of("timestamp", first + i, "message", messages.get(i)));
        Path f = Files.createTempFile("events-", ".json");
        try {
            Files.writeString(f, JSON.writeValueAsString(events));
            JsonNode r = cli.run("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", "file://" + f).ok();
            assertThat(r.has("rejectedLogEventsInfo")).as("nothing rejected: " + r).isFalse();
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static List<String> messages(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("message").asText()));
        return out;
    }

    private static List<String> all(AwsCli cli, String group, String stream) {
        return messages(cli.run("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head").ok().get("events"));
    }

    private static List<String> batch(String who, int n) { return IntStream.range(0, n).mapToObj(i -> who + " line " + i).toList(); }

    @Test
    void eventsPutThroughEitherReplicaAreReadThroughTheOther() throws Exception {
        String g = "/fleet/app";
        cliA.run("logs", "create-log-group", "--log-group-name", g).ok();
        cliA.run("logs", "create-log-stream", "--log-group-name", g, "--log-stream-name", "web").ok();
        long t0 = System.currentTimeMillis() - 60_000;
        put(cliA, g, "web", t0, batch("from-a first", 3));
        put(cliB, g, "web", t0 + 10, batch("from-b", 3));
        put(cliA, g, "web", t0 + 20, batch("from-a second", 2));
        List<String> inOrder = new ArrayList<>(batch("from-a first", 3));
        inOrder.addAll(batch("from-b", 3));
        inOrder.addAll(batch("from-a second", 2));
        assertThat(all(cliB, g, "web")).containsExactlyElementsOf(inOrder);
        assertThat(all(cliA, g, "web")).containsExactlyElementsOf(inOrder);

        // Both replicas at once, into one stream: every batch lands whole, none lost, none twice.
        List<String> writers = List.of("a0", "a1", "a2", "b0", "b1", "b2");
        try (ExecutorService pool = Executors.newFixedThreadPool(writers.size())) {
            List<Future<?>> done = new ArrayList<>();
            for (String w : writers) done.add(pool.submit(() -> {
                put(w.startsWith("a") ? cliA : cliB, g, "web", t0 + 100, batch("concurrent " + w, 25));
                return null;
            }));
            for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
        }
        List<String> after = all(cliA, g, "web");
        assertThat(after).hasSize(inOrder.size() + writers.size() * 25).doesNotHaveDuplicates();
        for (String w : writers) {
            int at = after.indexOf("concurrent " + w + " line 0");
            assertThat(after.subList(at, at + 25)).as("batch of " + w + " in one piece").containsExactlyElementsOf(batch("concurrent " + w, 25));
        }

        // filter-log-events with a pattern through A sees what B put
        JsonNode filtered = cliA.run("logs", "filter-log-events", "--log-group-name", g, "--filter-pattern", "\"from-b\"").ok();
        assertThat(messages(filtered.get("events"))).containsExactlyElementsOf(batch("from-b", 3));
        assertThat(filtered.get("events").get(0).get("logStreamName").asText()).isEqualTo("web");
        JsonNode concurrentB = cliB.run("logs", "filter-log-events", "--log-group-name", g, "--filter-pattern", "\"concurrent b1\"").ok();
        assertThat(messages(concurrentB.get("events"))).containsExactlyInAnyOrderElementsOf(batch("concurrent b1", 25));

        // describe-log-streams through B: the times and bytes of everything put through either
        JsonNode stream = cliB.run("logs", "describe-log-streams", "--log-group-name", g).ok().get("logStreams");
        assertThat(stream).hasSize(1);
        assertThat(stream.get(0).get("firstEventTimestamp").asLong()).isEqualTo(t0);
        assertThat(stream.get(0).get("lastEventTimestamp").asLong()).isEqualTo(t0 + 124);
        assertThat(stream.get(0).get("lastIngestionTime").asLong()).isGreaterThan(t0 + 60_000 - 1);
        long messageBytes = after.stream().mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(stream.get(0).get("storedBytes").asLong()).isGreaterThanOrEqualTo(messageBytes);
    }

    @Test
    void retentionAndDeletionThroughOneReplicaHoldOnTheOther() throws Exception {
        String g = "/fleet/retained";
        cliB.run("logs", "create-log-group", "--log-group-name", g).ok();
        cliB.run("logs", "create-log-stream", "--log-group-name", g, "--log-stream-name", "old").ok();
        cliA.run("logs", "create-log-stream", "--log-group-name", g, "--log-stream-name", "fresh").ok();
        put(cliB, g, "old", System.currentTimeMillis() - 2 * 86_400_000L, batch("old", 2));
        put(cliA, g, "fresh", System.currentTimeMillis() - 1000, batch("fresh", 1));
        assertThat(all(cliA, g, "old")).hasSize(2);

        cliA.run("logs", "put-retention-policy", "--log-group-name", g, "--retention-in-days", "1").ok();
        assertThat(cliB.run("logs", "describe-log-groups", "--log-group-name-prefix", g).ok().get("logGroups").get(0).get("retentionInDays").asInt()).isEqualTo(1);
        // whichever replica leads expires the events; both see them gone
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> cliB.run("logs", "describe-log-streams", "--log-group-name", g,
                "--log-stream-name-prefix", "old").ok().get("logStreams").get(0).get("storedBytes").asLong() == 0);
        assertThat(cliA.run("logs", "describe-log-streams", "--log-group-name", g, "--log-stream-name-prefix", "old").ok()
                .get("logStreams").get(0).get("storedBytes").asLong()).isZero();
        assertThat(messages(cliA.run("logs", "filter-log-events", "--log-group-name", g).ok().get("events"))).containsExactly("fresh line 0");

        cliB.run("logs", "delete-log-group", "--log-group-name", g).ok();
        assertThat(cliA.run("logs", "describe-log-groups", "--log-group-name-prefix", g).ok().get("logGroups")).isEmpty();
        assertThat(cliA.run("logs", "get-log-events", "--log-group-name", g, "--log-stream-name", "fresh").stderr()).contains("ResourceNotFoundException");
        // made again through A: empty, the old events do not come back
        cliA.run("logs", "create-log-group", "--log-group-name", g).ok();
        cliA.run("logs", "create-log-stream", "--log-group-name", g, "--log-stream-name", "fresh").ok();
        assertThat(all(cliB, g, "fresh")).isEmpty();
    }
}
