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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CloudWatch in a fleet: two control-plane replicas on one PostgreSQL database. Datapoints of the same metric put on
 * each replica add up in GetMetricStatistics, GetMetricData and ListMetrics on either; an alarm created on the replica
 * that does not lead is evaluated by the one that does, and its state and history read the same on both; SetAlarmState
 * and DeleteAlarms on one are seen on the other.
 */
@ResourceLock("postgres")
class FleetMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String NAMESPACE = "FleetIT/" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<DockyardProcess> replicas = new ArrayList<>();
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.createDatabase("dockyard_fm_");
        for (int i = 1; i <= 2; i++) {
            replicas.add(DockyardProcess.controlPlaneOnly("--database", url, "--node-name", "cp" + i, "--dns-address", "off",
                    "--leader-lease-seconds", "2").env("DOCKYARD_ALARM_EVALUATION_SECONDS", "1").start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        replicas.forEach(DockyardProcess::close);
        if (url != null) TestPostgres.dropDatabase(url);
    }

    private static AwsCli cli(int replica) { return new AwsCli(replicas.get(replica).endpoint()); }

    /** Whether the replica says it leads, from its health answer. */
    private static boolean leading(int replica) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(replicas.get(replica).endpoint() + "/_dockyard/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("leadership").path("leading").asBoolean();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String datum(String name, Instant at, double value, int resolution) {
        return "[{\"MetricName\":\"" + name + "\",\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"web\"}],\"Timestamp\":\"" + at
                + "\",\"Value\":" + value + ",\"Unit\":\"Count\",\"StorageResolution\":" + resolution + "}]";
    }

    @Test
    void datapointsPutOnEitherReplicaAddUpOnBoth() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.MINUTES);
        cli(0).run("cloudwatch", "put-metric-data", "--namespace", NAMESPACE, "--metric-data", datum("Requests", minute.plusSeconds(5), 10, 60)).ok();
        cli(1).run("cloudwatch", "put-metric-data", "--namespace", NAMESPACE, "--metric-data", datum("Requests", minute.plusSeconds(35), 30, 60)).ok();
        for (int i = 0; i < 2; i++) {
            AwsCli aws = cli(i);
            JsonNode points = aws.run("cloudwatch", "get-metric-statistics", "--namespace", NAMESPACE, "--metric-name", "Requests",
                    "--dimensions", "Name=Service,Value=web", "--start-time", minute.toString(), "--end-time", minute.plusSeconds(120).toString(),
                    "--period", "60", "--statistics", "SampleCount", "Sum", "Minimum", "Maximum").ok().path("Datapoints");
            assertThat(points).as("replica %d", i + 1).hasSize(1);
            assertThat(points.get(0).path("SampleCount").asDouble()).isEqualTo(2);
            assertThat(points.get(0).path("Sum").asDouble()).isEqualTo(40);
            assertThat(points.get(0).path("Minimum").asDouble()).isEqualTo(10);
            assertThat(points.get(0).path("Maximum").asDouble()).isEqualTo(30);

            String queries = "[{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"" + NAMESPACE + "\",\"MetricName\":\"Requests\","
                    + "\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"web\"}]},\"Period\":60,\"Stat\":\"Sum\"}}]";
            JsonNode result = aws.run("cloudwatch", "get-metric-data", "--metric-data-queries", queries, "--start-time", minute.toString(),
                    "--end-time", minute.plusSeconds(120).toString()).ok().path("MetricDataResults").path(0);
            assertThat(result.path("Values")).hasSize(1);
            assertThat(result.path("Values").get(0).asDouble()).isEqualTo(40);

            JsonNode metrics = aws.run("cloudwatch", "list-metrics", "--namespace", NAMESPACE).ok().path("Metrics");
            assertThat(metrics).hasSize(1);
            assertThat(metrics.get(0).path("MetricName").asText()).isEqualTo("Requests");
        }
    }

    @Test
    void theLeaderEvaluatesAnAlarmCreatedOnTheOtherReplica() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> leading(0) != leading(1));
        int leader = leading(0) ? 0 : 1, follower = 1 - leader;
        String alarm = "fleet-load-" + UUID.randomUUID().toString().substring(0, 8);
        cli(follower).run("cloudwatch", "put-metric-alarm", "--alarm-name", alarm, "--namespace", NAMESPACE, "--metric-name", "Load",
                "--dimensions", "Name=Service,Value=web", "--statistic", "Maximum", "--period", "10", "--evaluation-periods", "1",
                "--threshold", "50", "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "ignore").ok();
        assertThat(state(leader, alarm)).as("created on the follower, seen on the leader").isEqualTo("INSUFFICIENT_DATA");

        cli(follower).run("cloudwatch", "put-metric-data", "--namespace", NAMESPACE, "--metric-data", datum("Load", Instant.now(), 90, 1)).ok();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> "ALARM".equals(state(follower, alarm)));
        assertThat(state(leader, alarm)).isEqualTo("ALARM");
        assertThat(replicas.get(leader).output()).as("the leader evaluated it").anyMatch(l -> l.contains("alarm state alarm=" + alarm));
        assertThat(replicas.get(follower).output()).as("the follower evaluates nothing").noneMatch(l -> l.contains("alarm state alarm=" + alarm));
        for (int i = 0; i < 2; i++) {
            JsonNode history = cli(i).run("cloudwatch", "describe-alarm-history", "--alarm-name", alarm).ok().path("AlarmHistoryItems");
            List<String> summaries = new ArrayList<>();
            history.forEach(h -> summaries.add(h.path("HistorySummary").asText()));
            assertThat(summaries).as("replica %d", i + 1).contains("Alarm \"" + alarm + "\" created", "Alarm updated from INSUFFICIENT_DATA to ALARM");
        }

        cli(leader).run("cloudwatch", "set-alarm-state", "--alarm-name", alarm, "--state-value", "OK", "--state-reason", "by hand").ok();
        // the leader's next evaluation may put it back in ALARM at once (the datum is still in its period), as on AWS:
        // what the follower must see is the change the leader made
        List<String> after = new ArrayList<>();
        cli(follower).run("cloudwatch", "describe-alarm-history", "--alarm-name", alarm).ok().path("AlarmHistoryItems")
                .forEach(h -> after.add(h.path("HistorySummary").asText()));
        assertThat(after).contains("Alarm updated from ALARM to OK");
        cli(follower).run("cloudwatch", "delete-alarms", "--alarm-names", alarm).ok();
        assertThat(cli(leader).run("cloudwatch", "describe-alarms", "--alarm-names", alarm).ok().path("MetricAlarms")).isEmpty();
    }

    private static String state(int replica, String alarm) {
        JsonNode alarms = cli(replica).run("cloudwatch", "describe-alarms", "--alarm-names", alarm).ok().path("MetricAlarms");
        return alarms.isEmpty() ? null : alarms.get(0).path("StateValue").asText();
    }
}
