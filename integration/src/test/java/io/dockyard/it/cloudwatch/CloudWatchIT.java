package io.dockyard.it.cloudwatch;

import org.junit.jupiter.api.parallel.ResourceLock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.OwnDockyard;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * CloudWatch as users drive it, in the three protocols their clients speak: the AWS CLI v1 and boto3's
 * botocore (Smithy RPC v2 CBOR), the AWS CLI v2 and the Java SDK v2 (Query), and raw JSON 1.0; then the
 * metrics Dockyard publishes from real containers (AWS/ECS CPUUtilization of a CPU-burning FARGATE
 * task near its share, Container Insights), an alarm going OK → ALARM → OK with its history, and an ECS
 * deployment rolled back by a deployment alarm.
 */
@ResourceLock("cpu")
class CloudWatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage().env("DOCKYARD_STATS_SECONDS", "2").env("DOCKYARD_ALARM_EVALUATION_SECONDS", "1")
            .env("DOCKYARD_DEPLOYMENT_MINUTE_SECONDS", "1");
    private static AwsCli v1, v2;

    @BeforeAll
    static void start() {
        v1 = new AwsCli(dockyard.endpoint());
        v2 = v1.v2();
    }


    private static String iso(Instant t) { return t.toString(); }

    @Test
    void metricsGoInAndComeOutInEveryProtocol() throws Exception {
        Instant now = Instant.now();
        // CLI v1 = CBOR; CLI v2 = Query; SDK v2 = Query; raw JSON 1.0.
        v1.run("cloudwatch", "put-metric-data", "--namespace", "Shop", "--metric-name", "Latency", "--dimensions", "Service=cart",
                "--value", "10", "--unit", "Milliseconds").ok();
        v2.run("cloudwatch", "put-metric-data", "--namespace", "Shop", "--metric-name", "Latency", "--dimensions", "Service=cart",
                "--statistic-values", "SampleCount=2,Sum=50,Minimum=20,Maximum=30", "--unit", "Milliseconds").ok();
        try (CloudWatchClient cw = Sdk.cloudwatch(dockyard.endpoint())) {
            cw.putMetricData(r -> r.namespace("Shop").metricData(d -> d.metricName("Latency").dimensions(Dimension.builder().name("Service").value("cart").build())
                    .values(5.0, 100.0).counts(1.0, 1.0).unit(StandardUnit.MILLISECONDS)));
            HttpResponse<String> put = json10("PutMetricData", "{\"Namespace\":\"Shop\",\"MetricData\":[{\"MetricName\":\"Latency\","
                    + "\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"cart\"}],\"Value\":15,\"Unit\":\"Milliseconds\"}]}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

            // 1 + 2 + 2 + 1 = 6 samples, sum 10 + 50 + 105 + 15 = 180, max 100.
            JsonNode viaCbor = v1.run("cloudwatch", "get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--dimensions",
                    "Name=Service,Value=cart", "--start-time", iso(now.minusSeconds(600)), "--end-time", iso(now.plusSeconds(600)), "--period", "1200",
                    "--statistics", "SampleCount", "Sum", "Maximum").ok();
            assertThat(viaCbor.at("/Datapoints/0/SampleCount").asDouble()).isEqualTo(6);
            assertThat(viaCbor.at("/Datapoints/0/Sum").asDouble()).isEqualTo(180);
            assertThat(viaCbor.at("/Datapoints/0/Maximum").asDouble()).isEqualTo(100);
            assertThat(viaCbor.at("/Datapoints/0/Unit").asText()).isEqualTo("Milliseconds");
            JsonNode viaQuery = v2.run("cloudwatch", "get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--dimensions",
                    "Name=Service,Value=cart", "--start-time", iso(now.minusSeconds(600)), "--end-time", iso(now.plusSeconds(600)), "--period", "1200",
                    "--extended-statistics", "p100").ok();
            assertThat(viaQuery.at("/Datapoints/0/ExtendedStatistics/p100").asDouble()).isEqualTo(100);
            List<Datapoint> sdk = cw.getMetricStatistics(r -> r.namespace("Shop").metricName("Latency")
                    .dimensions(Dimension.builder().name("Service").value("cart").build()).startTime(now.minusSeconds(600)).endTime(now.plusSeconds(600))
                    .period(1200).statistics(Statistic.AVERAGE, Statistic.MINIMUM)).datapoints();
            assertThat(sdk).hasSize(1);
            assertThat(sdk.get(0).average()).isEqualTo(30.0);
            assertThat(sdk.get(0).minimum()).isEqualTo(5.0);

            List<MetricDataResult> math = cw.getMetricData(r -> r.startTime(now.minusSeconds(600)).endTime(now.plusSeconds(600)).metricDataQueries(
                    q -> q.id("lat").returnData(false).metricStat(s -> s.metric(m -> m.namespace("Shop").metricName("Latency")
                            .dimensions(Dimension.builder().name("Service").value("cart").build())).period(1200).stat("Sum")),
                    q -> q.id("doubled").expression("lat * 2 + 1").label("twice"))).metricDataResults();
            assertThat(math).hasSize(1);
            assertThat(math.get(0).label()).isEqualTo("twice");
            assertThat(math.get(0).values()).containsExactly(361.0);

            // A large PutMetricData: the SDK sends it gzip-compressed (Content-Encoding: gzip).
            cw.putMetricData(r -> r.namespace("Bulk").metricData(java.util.stream.IntStream.range(0, 500).mapToObj(i ->
                    software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder().metricName("Many").value((double) i).timestamp(now).build()).toList()));
            assertThat(cw.getMetricStatistics(r -> r.namespace("Bulk").metricName("Many").startTime(now.minusSeconds(600)).endTime(now.plusSeconds(600))
                    .period(1200).statistics(Statistic.SAMPLE_COUNT, Statistic.SUM)).datapoints().get(0).sum()).isEqualTo(124_750.0);

            JsonNode listed = v1.run("cloudwatch", "list-metrics", "--namespace", "Shop").ok();
            assertThat(listed.at("/Metrics/0/MetricName").asText()).isEqualTo("Latency");
            assertThat(listed.at("/Metrics/0/Dimensions/0/Value").asText()).isEqualTo("cart");

            // Errors: the Query codes on every protocol.
            assertThat(v1.run("cloudwatch", "put-metric-data", "--namespace", "AWS/ECS", "--metric-name", "x", "--value", "1").stderr())
                    .contains("(InvalidParameterValue)").contains("The value AWS/ECS for parameter Namespace is invalid.");
            assertThat(v2.run("cloudwatch", "get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--start-time",
                    iso(now.minusSeconds(60)), "--end-time", iso(now), "--period", "60").stderr()).contains("InvalidParameterCombination");
            assertThatThrownBy(() -> cw.getMetricStatistics(r -> r.namespace("Shop").metricName("Latency").startTime(now.minusSeconds(60))
                    .endTime(now).period(61).statistics(Statistic.SUM)))
                    .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
            HttpResponse<String> missing = json10("PutMetricData", "{\"Namespace\":\"Shop\"}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.headers().firstValue("x-amzn-query-error")).hasValue("MissingParameter;Sender");
            assertThat(JSON.readTree(missing.body()).at("/__type").asText()).isEqualTo("MissingRequiredParameterException");
        }
    }

    private static HttpResponse<String> json10(String op, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/"))
                .header("X-Amz-Target", "GraniteServiceVersion20100801." + op)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String fargateTaskDefinition(String family, String script) throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "app");
        c.put("image", Docker.BUSYBOX);
        c.put("essential", true);
        c.put("stopTimeout", 2);
        c.put("command", List.of("sh", "-c", script));
        return v1.run("ecs", "register-task-definition", "--family", family, "--network-mode", "awsvpc", "--requires-compatibilities", "FARGATE",
                "--cpu", "256", "--memory", "512", "--container-definitions", JSON.writeValueAsString(List.of(c))).ok()
                .at("/taskDefinition/taskDefinitionArn").asText();
    }

    private static double cpuAverage(String cluster, String service, Instant from) {
        JsonNode points = v2.run("cloudwatch", "get-metric-statistics", "--namespace", "AWS/ECS", "--metric-name", "CPUUtilization",
                "--dimensions", "Name=ClusterName,Value=" + cluster, "Name=ServiceName,Value=" + service, "--start-time", iso(from),
                "--end-time", iso(Instant.now().plusSeconds(60)), "--period", "60", "--statistics", "Average").ok().at("/Datapoints");
        double sum = 0;
        for (JsonNode p : points) sum += p.at("/Average").asDouble();
        return points.isEmpty() ? -1 : sum / points.size();
    }

    private static String alarmState(String name) {
        return v1.run("cloudwatch", "describe-alarms", "--alarm-names", name).ok().at("/MetricAlarms/0/StateValue").asText();
    }

    private static void awaitRunning(String cluster, String service, String taskDefinition) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode s = new EcsWire(dockyard.endpoint()).call("DescribeServices", Map.of("cluster", cluster, "services", List.of(service))).at("/services/0");
            return s.at("/runningCount").asInt() == 1 && s.at("/deployments").size() == 1 && s.at("/deployments/0/taskDefinition").asText().equals(taskDefinition);
        });
    }

    @Test
    void aCpuBurningTaskShowsItsShareAndItsAlarmGoesOkAlarmOk() throws Exception {
        v1.run("ecs", "create-cluster", "--cluster-name", "cw", "--settings", "name=containerInsights,value=enabled").ok();
        String burn = fargateTaskDefinition("cw-burn", "while :; do :; done");
        String idle = fargateTaskDefinition("cw-idle", "sleep 3600");
        v1.run("cloudwatch", "put-metric-alarm", "--alarm-name", "cw-cpu-high", "--namespace", "AWS/ECS", "--metric-name", "CPUUtilization",
                "--dimensions", "Name=ClusterName,Value=cw", "Name=ServiceName,Value=burner", "--statistic", "Average", "--period", "10",
                "--evaluation-periods", "1", "--threshold", "50", "--comparison-operator", "GreaterThanThreshold",
                "--treat-missing-data", "notBreaching").ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> "OK".equals(alarmState("cw-cpu-high")));
        Instant started = Instant.now();
        v1.run("ecs", "create-service", "--cluster", "cw", "--service-name", "burner", "--task-definition", "cw-burn", "--desired-count", "1",
                "--launch-type", "FARGATE", "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}").ok();
        awaitRunning("cw", "burner", burn);

        // 0.25 vCPU (the FARGATE task's limit) fully used: CPUUtilization near 100 %.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> cpuAverage("cw", "burner", started) > 0);
        Thread.sleep(6000);
        double share = cpuAverage("cw", "burner", started);
        assertThat(share).as("CPUUtilization of a task burning its 0.25 vCPU").isBetween(60.0, 130.0);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> "ALARM".equals(alarmState("cw-cpu-high")));

        JsonNode insights = v1.run("cloudwatch", "list-metrics", "--namespace", "ECS/ContainerInsights", "--metric-name", "CpuUtilized",
                "--dimensions", "Name=ClusterName,Value=cw", "Name=ServiceName,Value=burner").ok().at("/Metrics");
        assertThat(insights.size()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> v1.run("cloudwatch", "get-metric-statistics", "--namespace", "ECS/ContainerInsights",
                "--metric-name", "RunningTaskCount", "--dimensions", "Name=ClusterName,Value=cw", "Name=ServiceName,Value=burner",
                "--start-time", iso(started), "--end-time", iso(Instant.now().plusSeconds(60)), "--period", "60", "--statistics", "Maximum")
                .ok().at("/Datapoints/0/Maximum").asDouble() == 1.0);

        // The load goes: OK again.
        v1.run("ecs", "update-service", "--cluster", "cw", "--service", "burner", "--task-definition", "cw-idle").ok();
        awaitRunning("cw", "burner", idle);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> "OK".equals(alarmState("cw-cpu-high")));
        List<String> summaries = new ArrayList<>();
        v2.run("cloudwatch", "describe-alarm-history", "--alarm-name", "cw-cpu-high", "--history-item-type", "StateUpdate",
                "--scan-by", "TimestampAscending").ok().at("/AlarmHistoryItems").forEach(h -> summaries.add(h.at("/HistorySummary").asText()));
        assertThat(summaries).containsSubsequence("Alarm updated from OK to ALARM", "Alarm updated from ALARM to OK");
        v1.run("ecs", "delete-service", "--cluster", "cw", "--service", "burner", "--force").ok();
    }

    @Test
    void aDeploymentAlarmInAlarmRollsTheDeploymentBack() throws Exception {
        v1.run("ecs", "create-cluster", "--cluster-name", "cwdeploy").ok();
        String calm = fargateTaskDefinition("cwd-calm", "sleep 3600");
        fargateTaskDefinition("cwd-hot", "while :; do :; done");
        v1.run("cloudwatch", "put-metric-alarm", "--alarm-name", "cwd-cpu", "--namespace", "AWS/ECS", "--metric-name", "CPUUtilization",
                "--dimensions", "Name=ClusterName,Value=cwdeploy", "Name=ServiceName,Value=web", "--statistic", "Maximum", "--period", "10",
                "--evaluation-periods", "1", "--threshold", "50", "--comparison-operator", "GreaterThanThreshold",
                "--treat-missing-data", "notBreaching").ok();
        v1.run("ecs", "create-service", "--cluster", "cwdeploy", "--service-name", "web", "--task-definition", "cwd-calm", "--desired-count", "1",
                "--launch-type", "FARGATE", "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}",
                "--deployment-configuration", "maximumPercent=200,minimumHealthyPercent=100,alarms={alarmNames=[cwd-cpu],enable=true,rollback=true}").ok();
        awaitRunning("cwdeploy", "web", calm);
        EcsWire ecs = new EcsWire(dockyard.endpoint());
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(ecs.call("DescribeServices", Map.of("cluster", "cwdeploy",
                "services", List.of("web"))).at("/services/0/deployments/0/rolloutState").asText()));

        v1.run("ecs", "update-service", "--cluster", "cwdeploy", "--service", "web", "--task-definition", "cwd-hot").ok();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> "ALARM".equals(alarmState("cwd-cpu")));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode s = ecs.call("DescribeServices", Map.of("cluster", "cwdeploy", "services", List.of("web"))).at("/services/0");
            return s.at("/taskDefinition").asText().equals(calm) && s.toString().contains("ECS deployment alarms: cwd-cpu is in ALARM state.");
        });
        awaitRunning("cwdeploy", "web", calm);
        v1.run("ecs", "delete-service", "--cluster", "cwdeploy", "--service", "web", "--force").ok();
    }

    @Test
    void theLoadBalancerPublishesItsTrafficAsApplicationElbMetrics() throws Exception {
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 16);
        target.createContext("/", x -> {
            byte[] b = (x.getRequestURI().getPath().equals("/missing") ? "no" : "ok").getBytes();
            x.sendResponseHeaders(x.getRequestURI().getPath().equals("/missing") ? 404 : 200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        target.start();
        try {
            String lb = v2.run("elbv2", "create-load-balancer", "--name", "cwlb").ok().at("/LoadBalancers/0/LoadBalancerArn").asText();
            String tg = v2.run("elbv2", "create-target-group", "--name", "cwtg", "--protocol", "HTTP", "--port", "80", "--target-type", "ip",
                    "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2", "--healthy-threshold-count", "2")
                    .ok().at("/TargetGroups/0/TargetGroupArn").asText();
            v2.run("elbv2", "register-targets", "--target-group-arn", tg, "--targets", "Id=127.0.0.1,Port=" + target.getAddress().getPort()).ok();
            int port = DockyardProcess.freePort();
            v2.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                    "--default-actions", "Type=forward,TargetGroupArn=" + tg).ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> "healthy".equals(v2.run("elbv2", "describe-target-health", "--target-group-arn", tg)
                    .ok().at("/TargetHealthDescriptions/0/TargetHealth/State").asText()));
            Instant from = Instant.now().minusSeconds(60);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 10; i++) {
                String path = i < 8 ? "/" : "/missing";
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(i < 8 ? 200 : 404);
            }
            String lbDim = lb.substring(lb.indexOf(":loadbalancer/") + 14), tgDim = tg.substring(tg.lastIndexOf(':') + 1);
            assertThat(lbDim).startsWith("app/cwlb/");
            assertThat(tgDim).startsWith("targetgroup/cwtg/");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> sum("RequestCount", from, "LoadBalancer=" + lbDim) >= 10);
            assertThat(sum("RequestCount", from, "LoadBalancer=" + lbDim)).isEqualTo(10);
            assertThat(sum("HTTPCode_Target_2XX_Count", from, "LoadBalancer=" + lbDim, "TargetGroup=" + tgDim)).isEqualTo(8);
            assertThat(sum("HTTPCode_Target_4XX_Count", from, "LoadBalancer=" + lbDim)).isEqualTo(2);
            // the window may span two 5-minute periods: counts add up over the datapoints
            assertThat(stat("SampleCount", "TargetResponseTime", from, "LoadBalancer=" + lbDim)).isEqualTo(10);
            JsonNode rt = v1.run("cloudwatch", "get-metric-statistics", "--namespace", "AWS/ApplicationELB", "--metric-name", "TargetResponseTime",
                    "--dimensions", "Name=LoadBalancer,Value=" + lbDim, "--start-time", iso(from), "--end-time", iso(Instant.now().plusSeconds(60)),
                    "--period", "300", "--statistics", "Average").ok();
            for (JsonNode p : rt.at("/Datapoints")) assertThat(p.at("/Average").asDouble()).isBetween(0.0, 5.0);
            await().atMost(Duration.ofSeconds(20)).until(() -> max("HealthyHostCount", from, "LoadBalancer=" + lbDim, "TargetGroup=" + tgDim) == 1.0);
        } finally {
            target.stop(0);
        }
    }

    private static double stat(String stat, String metric, Instant from, String... dims) {
        List<String> args = new ArrayList<>(List.of("cloudwatch", "get-metric-statistics", "--namespace", "AWS/ApplicationELB", "--metric-name", metric,
                "--start-time", iso(from), "--end-time", iso(Instant.now().plusSeconds(60)), "--period", "300", "--statistics", stat, "--dimensions"));
        for (String d : dims) args.add("Name=" + d.substring(0, d.indexOf('=')) + ",Value=" + d.substring(d.indexOf('=') + 1));
        JsonNode p = v2.run(args.toArray(String[]::new)).ok().at("/Datapoints");
        double v = 0;
        for (JsonNode x : p) {
            double d = x.at("/" + stat).asDouble();
            v = stat.equals("Maximum") ? Math.max(v, d) : v + d; // over the periods the window spans
        }
        return v;
    }

    private static double sum(String metric, Instant from, String... dims) { return stat("Sum", metric, from, dims); }

    private static double max(String metric, Instant from, String... dims) { return stat("Maximum", metric, from, dims); }
}
