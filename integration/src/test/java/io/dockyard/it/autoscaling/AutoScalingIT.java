package io.dockyard.it.autoscaling;

import org.junit.jupiter.api.parallel.ResourceLock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Application Auto Scaling as users drive it (AWS CLI v1 and v2, the Java SDK v2) on real ECS services
 * with real containers: the API and its errors; a CPU-burning service scaled out by target tracking on
 * ECSServiceAverageCPUUtilization and back in when the burn ends; step scaling on the user's own
 * CloudWatch alarm fed with PutMetricData; a scheduled action in a timezone; and the whole state
 * surviving kill -9.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock("cpu")
class AutoScalingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIMENSION = "ecs:service:DesiredCount";
    private static final String CLUSTER = "scaling";
    private static DockyardProcess dockyard;
    private static AwsCli v1, v2;

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess("--dns-address", "off").env("DOCKYARD_STATS_SECONDS", "2").env("DOCKYARD_ALARM_EVALUATION_SECONDS", "1").start();
        clients();
        v1.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
    }

    private static void clients() {
        v1 = new AwsCli(dockyard.endpoint());
        v2 = v1.v2();
    }

    @AfterAll
    static void stop() {
        try {
            if (dockyard != null) dockyard.reset();
        } finally {
            if (dockyard != null) dockyard.close();
        }
    }

    @Test
    @Order(1)
    void targetsPoliciesAndTheirErrors() {
        service("api", "sleep 3600", 64, 1);
        String arn = v1.run("application-autoscaling", "register-scalable-target", "--service-namespace", "ecs", "--resource-id", "service/scaling/api",
                "--scalable-dimension", DIMENSION, "--min-capacity", "1", "--max-capacity", "3", "--tags", "team=web").ok().at("/ScalableTargetARN").asText();
        assertThat(arn).matches("arn:aws:application-autoscaling:us-east-1:\\d{12}:scalable-target/[a-z0-9]+");
        // a second registration changes only what it names
        v1.run("application-autoscaling", "register-scalable-target", "--service-namespace", "ecs", "--resource-id", "service/scaling/api",
                "--scalable-dimension", DIMENSION, "--max-capacity", "4", "--suspended-state", "ScheduledScalingSuspended=true").ok();
        try (ApplicationAutoScalingClient sdk = Sdk.autoscaling(dockyard.endpoint())) {
            List<ScalableTarget> targets = sdk.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceIds("service/scaling/api"))
                    .scalableTargets();
            assertThat(targets).hasSize(1);
            assertThat(targets.get(0).minCapacity()).isEqualTo(1);
            assertThat(targets.get(0).maxCapacity()).isEqualTo(4);
            assertThat(targets.get(0).suspendedState().scheduledScalingSuspended()).isTrue();
            assertThat(targets.get(0).suspendedState().dynamicScalingOutSuspended()).isFalse();
            assertThat(targets.get(0).roleARN()).endsWith("AWSServiceRoleForApplicationAutoScaling_ECSService");
            assertThat(targets.get(0).scalableTargetARN()).isEqualTo(arn);
            assertThat(sdk.listTagsForResource(r -> r.resourceARN(arn)).tags()).containsEntry("team", "web");

            // errors a user meets, each with AWS's code and no change of state
            assertThatThrownBy(() -> sdk.putScalingPolicy(r -> r.policyName("p").serviceNamespace(ServiceNamespace.ECS).resourceId("service/scaling/nope")
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).policyType("StepScaling")
                    .stepScalingPolicyConfiguration(c -> c.adjustmentType("ChangeInCapacity").stepAdjustments(s -> s.metricIntervalLowerBound(0.0).scalingAdjustment(1)))))
                    .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("No scalable target registered");
            assertThatThrownBy(() -> sdk.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId("service/scaling/api")
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(5).maxCapacity(2)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("Minimum capacity cannot be greater than maximum capacity");
            assertThatThrownBy(() -> sdk.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId("service/scaling/ghost")
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1).maxCapacity(2)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("ECS service doesn't exist");
            assertThatThrownBy(() -> sdk.deregisterScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId("service/scaling/ghost")
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))).isInstanceOf(ObjectNotFoundException.class);
            assertThat(sdk.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceIds("service/scaling/api")).scalableTargets().get(0)
                    .maxCapacity()).isEqualTo(4);
        }
        assertThat(v2.run("application-autoscaling", "put-scheduled-action", "--service-namespace", "ecs", "--resource-id", "service/scaling/api",
                "--scalable-dimension", DIMENSION, "--scheduled-action-name", "nightly", "--schedule", "cron(0 18 * * MON-FRI *)",
                "--scalable-target-action", "MinCapacity=0").stderr()).contains("(ValidationException)").contains("'?'");
        assertThat(v2.run("application-autoscaling", "put-scaling-policy", "--policy-name", "overlap", "--service-namespace", "ecs", "--resource-id",
                "service/scaling/api", "--scalable-dimension", DIMENSION, "--policy-type", "StepScaling", "--step-scaling-policy-configuration",
                "{\"AdjustmentType\":\"ChangeInCapacity\",\"StepAdjustments\":[{\"MetricIntervalLowerBound\":0,\"ScalingAdjustment\":1},"
                        + "{\"MetricIntervalLowerBound\":5,\"ScalingAdjustment\":2}]}").stderr()).contains("(ValidationException)").contains("overlap");
        assertThat(v2.run("application-autoscaling", "put-scaling-policy", "--policy-name", "ml", "--service-namespace", "ecs", "--resource-id",
                "service/scaling/api", "--scalable-dimension", DIMENSION, "--policy-type", "TargetTrackingScaling", "--target-tracking-scaling-policy-configuration",
                "{\"TargetValue\":100,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ALBRequestCountPerTarget\"}}").stderr())
                .contains("(ValidationException)").contains("ResourceLabel");
        assertThat(v1.run("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs").ok().at("/ScalingPolicies")).isEmpty();
        assertThat(v1.run("application-autoscaling", "describe-scheduled-actions", "--service-namespace", "ecs").ok().at("/ScheduledActions")).isEmpty();
        assertThat(v2.run("application-autoscaling", "describe-scalable-targets", "--service-namespace", "dynamodb").stderr())
                .contains("(ValidationException)").contains("Unsupported service namespace");

        // raising the minimum above the desired count scales the service at once
        v2.run("application-autoscaling", "register-scalable-target", "--service-namespace", "ecs", "--resource-id", "service/scaling/api",
                "--scalable-dimension", DIMENSION, "--min-capacity", "2").ok();
        assertThat(desired("api")).isEqualTo(2);
        JsonNode activity = activities("service/scaling/api").get(0);
        assertThat(activity.at("/Description").asText()).isEqualTo("Setting desired count to 2.");
        assertThat(activity.at("/Cause").asText()).contains("below the minimum capacity of 2");
        assertThat(activity.at("/StatusCode").asText()).isEqualTo("Successful");
        await().atMost(Duration.ofSeconds(60)).until(() -> running("api") == 2);
    }

    @Test
    @Order(2)
    void targetTrackingOnCpuScalesOutUnderLoadAndBackInAfterIt() {
        // each task burns a core for 12 s (its share is half a core: about 200 % CPUUtilization), then idles
        service("burner", "end=$(( $(date +%s) + 12 )); while [ $(date +%s) -lt $end ]; do :; done; exec sleep 3600", 512, 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> running("burner") == 1);
        register("burner", 1, 2);
        JsonNode put = v1.run("application-autoscaling", "put-scaling-policy", "--policy-name", "cpu50", "--service-namespace", "ecs", "--resource-id",
                "service/scaling/burner", "--scalable-dimension", DIMENSION, "--policy-type", "TargetTrackingScaling", "--target-tracking-scaling-policy-configuration",
                "{\"TargetValue\":50,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ECSServiceAverageCPUUtilization\"},"
                        + "\"ScaleOutCooldown\":60,\"ScaleInCooldown\":0}").ok();
        List<String> alarmNames = new ArrayList<>();
        put.at("/Alarms").forEach(a -> alarmNames.add(a.at("/AlarmName").asText()));
        assertThat(alarmNames).hasSize(2).anyMatch(n -> n.startsWith("TargetTracking-service/scaling/burner-AlarmHigh-"))
                .anyMatch(n -> n.startsWith("TargetTracking-service/scaling/burner-AlarmLow-"));
        // the alarms it owns are CloudWatch alarms users see
        JsonNode alarms = v2.run("cloudwatch", "describe-alarms", "--alarm-name-prefix", "TargetTracking-service/scaling/burner-").ok().at("/MetricAlarms");
        assertThat(alarms).hasSize(2);
        for (JsonNode a : alarms) {
            assertThat(a.at("/MetricName").asText()).isEqualTo("CPUUtilization");
            assertThat(a.at("/Namespace").asText()).isEqualTo("AWS/ECS");
            assertThat(a.at("/AlarmActions/0").asText()).isEqualTo(put.at("/PolicyARN").asText());
        }

        Instant loaded = Instant.now();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> running("burner") == 2);
        System.out.printf("target tracking: policy put under load to the second task RUNNING: %d ms%n", Duration.between(loaded, Instant.now()).toMillis());
        JsonNode out = activities("service/scaling/burner").get(0);
        assertThat(out.at("/Description").asText()).isEqualTo("Setting desired count to 2.");
        assertThat(out.at("/Cause").asText()).startsWith("monitor alarm TargetTracking-service/scaling/burner-AlarmHigh-").endsWith("in state ALARM triggered policy cpu50");

        // the burn ends: a minute of low datapoints (6 × 10 s) and the service scales back in
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> desired("burner") == 1);
        JsonNode in = activities("service/scaling/burner").get(0);
        assertThat(in.at("/Description").asText()).isEqualTo("Setting desired count to 1.");
        assertThat(in.at("/Cause").asText()).contains("-AlarmLow-").contains("triggered policy cpu50");

        // deleting the policy deletes its alarms
        v2.run("application-autoscaling", "delete-scaling-policy", "--policy-name", "cpu50", "--service-namespace", "ecs", "--resource-id",
                "service/scaling/burner", "--scalable-dimension", DIMENSION).ok();
        assertThat(v2.run("cloudwatch", "describe-alarms", "--alarm-name-prefix", "TargetTracking-service/scaling/burner-").ok().at("/MetricAlarms")).isEmpty();
        v1.run("ecs", "update-service", "--cluster", CLUSTER, "--service", "burner", "--desired-count", "0").ok();
    }

    @Test
    @Order(3)
    void stepScalingFollowsTheUsersAlarm() {
        service("worker", "sleep 3600", 64, 1);
        register("worker", 1, 6);
        String policy = v2.run("application-autoscaling", "put-scaling-policy", "--policy-name", "queue-steps", "--service-namespace", "ecs", "--resource-id",
                "service/scaling/worker", "--scalable-dimension", DIMENSION, "--policy-type", "StepScaling", "--step-scaling-policy-configuration",
                "{\"AdjustmentType\":\"ChangeInCapacity\",\"Cooldown\":3600,\"MetricAggregationType\":\"Maximum\",\"StepAdjustments\":["
                        + "{\"MetricIntervalLowerBound\":0,\"MetricIntervalUpperBound\":20,\"ScalingAdjustment\":1},"
                        + "{\"MetricIntervalLowerBound\":20,\"ScalingAdjustment\":3}]}").ok().at("/PolicyARN").asText();
        assertThat(policy).contains(":scalingPolicy:").endsWith(":resource/ecs/service/scaling/worker:policyName/queue-steps");
        v1.run("cloudwatch", "put-metric-alarm", "--alarm-name", "queue-deep", "--namespace", "Shop", "--metric-name", "QueueDepth", "--statistic", "Maximum",
                "--period", "10", "--evaluation-periods", "1", "--threshold", "100", "--comparison-operator", "GreaterThanThreshold",
                "--alarm-actions", policy).ok();
        JsonNode described = v1.run("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs", "--policy-names", "queue-steps").ok();
        assertThat(described.at("/ScalingPolicies/0/StepScalingPolicyConfiguration/StepAdjustments")).hasSize(2);

        // 150 is 50 over the threshold: the second step, +3
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).toSeconds() < 25 && desired("worker") == 1) {
            // high-resolution datapoints: the alarm reads 10-second periods
            v1.run("cloudwatch", "put-metric-data", "--namespace", "Shop", "--metric-name", "QueueDepth", "--value", "150", "--storage-resolution", "1").ok();
            sleep(2_000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> desired("worker") == 4);
        JsonNode activity = activities("service/scaling/worker").get(0);
        assertThat(activity.at("/Cause").asText()).isEqualTo("monitor alarm queue-deep in state ALARM triggered policy queue-steps");
        // the cooldown holds it there while the alarm stays in ALARM
        sleep(3_000);
        assertThat(desired("worker")).isEqualTo(4);
        await().atMost(Duration.ofSeconds(60)).until(() -> running("worker") == 4);
    }

    @Test
    @Order(4)
    void aScheduledActionFiresAtItsLocalTime() {
        service("nightly", "sleep 3600", 64, 1);
        register("nightly", 1, 2);
        ZoneId paris = ZoneId.of("Europe/Paris");
        // far enough ahead that the two CLI calls below are done before it fires, even on a loaded machine
        String at = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(Instant.now().plusSeconds(12).atZone(paris).truncatedTo(ChronoUnit.SECONDS));
        v2.run("application-autoscaling", "put-scheduled-action", "--service-namespace", "ecs", "--resource-id", "service/scaling/nightly",
                "--scalable-dimension", DIMENSION, "--scheduled-action-name", "evening-peak", "--schedule", "at(" + at + ")", "--timezone", "Europe/Paris",
                "--scalable-target-action", "MinCapacity=3,MaxCapacity=5").ok();
        JsonNode listed = v1.run("application-autoscaling", "describe-scheduled-actions", "--service-namespace", "ecs", "--resource-id",
                "service/scaling/nightly").ok().at("/ScheduledActions/0");
        assertThat(listed.at("/Schedule").asText()).isEqualTo("at(" + at + ")");
        assertThat(listed.at("/Timezone").asText()).isEqualTo("Europe/Paris");
        assertThat(listed.at("/ScheduledActionARN").asText()).contains(":scheduledAction:").endsWith(":scheduledActionName/evening-peak");
        assertThat(desired("nightly")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> desired("nightly") == 3);
        JsonNode target = v1.run("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs", "--resource-ids",
                "service/scaling/nightly").ok().at("/ScalableTargets/0");
        assertThat(target.at("/MinCapacity").asInt()).isEqualTo(3);
        assertThat(target.at("/MaxCapacity").asInt()).isEqualTo(5);
        List<String> causes = new ArrayList<>();
        activities("service/scaling/nightly").forEach(a -> causes.add(a.at("/Description").asText() + " / " + a.at("/Cause").asText()));
        assertThat(causes).contains("Setting min capacity to 3 and max capacity to 5 / scheduled action name evening-peak was triggered",
                "Setting desired count to 3. / the desired count of 1 was below the minimum capacity of 3");
        await().atMost(Duration.ofSeconds(60)).until(() -> running("nightly") == 3);
    }

    @Test
    @Order(5)
    void albRequestsPerTargetScaleOutUnderLoadAndBackInAfterIt() throws Exception {
        String lb = v1.run("elbv2", "create-load-balancer", "--name", "shop-lb", "--subnets", "subnet-1", "subnet-2").ok()
                .at("/LoadBalancers/0/LoadBalancerArn").asText();
        String tg = v1.run("elbv2", "create-target-group", "--name", "shop-tg", "--protocol", "HTTP", "--port", "80", "--vpc-id", "vpc-1",
                "--health-check-path", "/", "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2",
                "--healthy-threshold-count", "2").ok().at("/TargetGroups/0/TargetGroupArn").asText();
        v1.run("elbv2", "modify-target-group-attributes", "--target-group-arn", tg, "--attributes", "Key=deregistration_delay.timeout_seconds,Value=2").ok();
        int port = DockyardProcess.freePort();
        v1.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=forward,TargetGroupArn=" + tg).ok();
        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                + "\"command\":[\"sh\",\"-c\",\"echo shop > /var/www/index.html; exec httpd -f -p 80 -h /var/www\"],"
                + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]";
        v1.run("ecs", "register-task-definition", "--family", "shop", "--container-definitions", defs).ok();
        v1.run("ecs", "create-service", "--cluster", CLUSTER, "--service-name", "shop", "--task-definition", "shop", "--desired-count", "1",
                "--deployment-configuration", "minimumHealthyPercent=100,maximumPercent=200",
                "--load-balancers", "targetGroupArn=" + tg + ",containerName=web,containerPort=80").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> healthy(tg) == 1);
        register("shop", 1, 3);
        String label = lb.substring(lb.indexOf("loadbalancer/") + "loadbalancer/".length()) + "/" + tg.substring(tg.lastIndexOf(':') + 1);
        // 300 requests per target per minute: 5 a second
        v2.run("application-autoscaling", "put-scaling-policy", "--policy-name", "requests", "--service-namespace", "ecs", "--resource-id",
                "service/scaling/shop", "--scalable-dimension", DIMENSION, "--policy-type", "TargetTrackingScaling", "--target-tracking-scaling-policy-configuration",
                "{\"TargetValue\":300,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ALBRequestCountPerTarget\",\"ResourceLabel\":\"" + label
                        + "\"},\"ScaleOutCooldown\":30,\"ScaleInCooldown\":0}").ok();

        // a bounded load, loopback only: about 30 requests a second until the service is at its maximum (or 60 s)
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant start = Instant.now();
        int sent = 0, failed = 0;
        while (Duration.between(start, Instant.now()).toSeconds() < 60 && !(desired("shop") == 3 && healthy(tg) == 3)) {
            for (int i = 0; i < 30; i++) {
                java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                sent++;
                if (r.statusCode() != 200 || !r.body().trim().equals("shop")) failed++;
                sleep(25);
            }
        }
        System.out.printf("ALB target tracking: %d requests, %d failed, scaled to %d in %d s%n", sent, failed, desired("shop"),
                Duration.between(start, Instant.now()).toSeconds());
        assertThat(desired("shop")).isEqualTo(3);
        assertThat(failed).isZero();
        assertThat(activities("service/scaling/shop").get(0).at("/Cause").asText()).contains("-AlarmHigh-").contains("triggered policy requests");
        JsonNode alarm = v2.run("cloudwatch", "describe-alarms", "--alarm-name-prefix", "TargetTracking-service/scaling/shop-AlarmHigh-").ok().at("/MetricAlarms/0");
        assertThat(alarm.at("/Metrics/0/MetricStat/Metric/MetricName").asText()).isEqualTo("RequestCountPerTarget");
        assertThat(alarm.at("/Metrics/1/Expression").asText()).isEqualTo("m1 * 6");

        // the load ends: no requests is no datapoint, counted as zero; a minute later the service is back at its minimum
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> desired("shop") == 1);
        assertThat(activities("service/scaling/shop").get(0).at("/Cause").asText()).contains("-AlarmLow-");
    }

    private static int healthy(String tg) {
        int n = 0;
        for (JsonNode d : v1.run("elbv2", "describe-target-health", "--target-group-arn", tg).ok().at("/TargetHealthDescriptions")) {
            if ("healthy".equals(d.at("/TargetHealth/State").asText())) n++;
        }
        return n;
    }

    @Test
    @Order(99)
    void everythingSurvivesKill9() {
        JsonNode targetsBefore = v1.run("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs").ok().at("/ScalableTargets");
        JsonNode policiesBefore = v1.run("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs").ok().at("/ScalingPolicies");
        int activitiesBefore = activities(null).size();
        assertThat(targetsBefore.size()).isGreaterThanOrEqualTo(1);
        dockyard.kill9();
        dockyard = dockyard.onAnotherPort().start();
        clients();
        assertThat(v1.run("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs").ok().at("/ScalableTargets"))
                .isEqualTo(targetsBefore);
        assertThat(v1.run("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs").ok().at("/ScalingPolicies"))
                .isEqualTo(policiesBefore);
        assertThat(activities(null)).hasSize(activitiesBefore);
    }

    // ---- helpers ----

    private static void service(String name, String script, int cpu, int desired) {
        try {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", "app");
            c.put("image", Docker.BUSYBOX);
            c.put("cpu", cpu);
            c.put("memory", 32);
            c.put("stopTimeout", 2);
            c.put("command", List.of("sh", "-c", script));
            v1.run("ecs", "register-task-definition", "--family", name, "--network-mode", "bridge", "--container-definitions",
                    JSON.writeValueAsString(List.of(c))).ok();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        v1.run("ecs", "create-service", "--cluster", CLUSTER, "--service-name", name, "--task-definition", name, "--desired-count", String.valueOf(desired),
                "--deployment-configuration", "minimumHealthyPercent=0,maximumPercent=200").ok();
    }

    private static void register(String service, int min, int max) {
        v1.run("application-autoscaling", "register-scalable-target", "--service-namespace", "ecs", "--resource-id", "service/" + CLUSTER + "/" + service,
                "--scalable-dimension", DIMENSION, "--min-capacity", String.valueOf(min), "--max-capacity", String.valueOf(max)).ok();
    }

    private static int desired(String service) {
        return v1.run("ecs", "describe-services", "--cluster", CLUSTER, "--services", service).ok().at("/services/0/desiredCount").asInt();
    }

    private static int running(String service) {
        return v1.run("ecs", "describe-services", "--cluster", CLUSTER, "--services", service).ok().at("/services/0/runningCount").asInt();
    }

    private static List<JsonNode> activities(String resourceId) {
        List<String> args = new ArrayList<>(List.of("application-autoscaling", "describe-scaling-activities", "--service-namespace", "ecs"));
        if (resourceId != null) args.addAll(List.of("--resource-id", resourceId));
        List<JsonNode> out = new ArrayList<>();
        v2.run(args.toArray(String[]::new)).ok().at("/ScalingActivities").forEach(out::add);
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
