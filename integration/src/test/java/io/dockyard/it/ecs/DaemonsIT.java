package io.dockyard.it.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ECS managed daemons as a user drives them with the AWS CLI and the SDK v2, on real hosts: an Auto
 * Scaling group of Dockyard hosts behind a capacity provider; a daemon runs one real container on each
 * host, a host added later gets its own at once, an update rolls the new definition over the hosts
 * half at a time and completes after its bake time, the control plane killed and restarted keeps the
 * daemon and the same tasks, a deployment whose alarm goes into ALARM rolls back to the revision it replaced,
 * the deletion stops every daemon task; and the errors ECS gives. One "minute" lasts 2 s here.
 */
class DaemonsIT {
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage()
            .env("DOCKYARD_INSTANCE_NETWORK", "process").env("DOCKYARD_DEPLOYMENT_MINUTE_SECONDS", "2");
    private static final String CLUSTER = "daemons";

    private static AwsCli aws() { return dockyard.cli(); }

    /** The daemon's live tasks (desired RUNNING) as DescribeTasks shows them. */
    private static List<JsonNode> daemonTasks(String status) {
        List<String> arns = new ArrayList<>();
        aws().run("ecs", "list-tasks", "--cluster", CLUSTER, "--desired-status", "RUNNING").ok().at("/taskArns").forEach(a -> arns.add(a.asText()));
        if (arns.isEmpty()) return List.of();
        List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks"));
        args.addAll(arns);
        List<JsonNode> out = new ArrayList<>();
        aws().run(args.toArray(String[]::new)).ok().at("/tasks").forEach(t -> {
            if ("daemon:agent".equals(t.at("/group").asText()) && (status == null || status.equals(t.at("/lastStatus").asText()))) out.add(t);
        });
        return out;
    }

    /** The cluster's ACTIVE instances of the group's capacity provider (the control plane's own instance joins every cluster too). */
    private static int hosts() {
        List<String> args = new ArrayList<>(List.of("ecs", "describe-container-instances", "--cluster", CLUSTER, "--container-instances"));
        aws().run("ecs", "list-container-instances", "--cluster", CLUSTER, "--status", "ACTIVE").ok().at("/containerInstanceArns").forEach(a -> args.add(a.asText()));
        if (args.size() == 6) return 0;
        int n = 0;
        for (JsonNode i : aws().run(args.toArray(String[]::new)).ok().at("/containerInstances")) {
            if ("daemon-hosts".equals(i.at("/capacityProviderName").asText()) && i.at("/agentConnected").asBoolean()) n++;
        }
        return n;
    }

    private static String definition(String text) {
        String defs = "[{\"name\":\"agent\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                + "\"command\":[\"sh\",\"-c\",\"echo " + text + "; exec sleep 3600\"]}]";
        return aws().run("ecs", "register-daemon-task-definition", "--family", "agent", "--container-definitions", defs).ok()
                .at("/daemonTaskDefinitionArn").asText();
    }

    private static void awaitOnePerHost(int hosts, String definition) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<JsonNode> running = daemonTasks("RUNNING");
            assertThat(running).hasSize(hosts).allSatisfy(t -> assertThat(t.at("/taskDefinitionArn").asText()).isEqualTo(definition));
            Set<String> instances = new HashSet<>();
            running.forEach(t -> instances.add(t.at("/containerInstanceArn").asText()));
            assertThat(instances).as("one task per host").hasSize(hosts);
        });
    }

    @Test
    void aDaemonRunsOneTaskOnEveryHostAndRollsUpdatesOverThem() {
        AwsCli aws = aws();
        aws.run("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "dhosts", "--launch-template", "LaunchTemplateName=dockyard-host",
                "--min-size", "0", "--max-size", "3", "--desired-capacity", "0", "--tags", "Key=dockyard:cpu,Value=512", "Key=dockyard:memory,Value=512").ok();
        String groupArn = aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "dhosts").ok()
                .at("/AutoScalingGroups/0/AutoScalingGroupARN").asText();
        String provider = aws.run("ecs", "create-capacity-provider", "--name", "daemon-hosts", "--auto-scaling-group-provider", "autoScalingGroupArn=" + groupArn)
                .ok().at("/capacityProvider/capacityProviderArn").asText();
        aws.run("ecs", "create-cluster", "--cluster-name", CLUSTER, "--capacity-providers", "daemon-hosts").ok();
        // the group's hosts join the cluster that has its capacity provider
        aws.run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "dhosts", "--desired-capacity", "2").ok();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> hosts() == 2);

        String v1 = definition("v1");
        assertThat(v1).isEqualTo("arn:aws:ecs:us-east-1:000000000000:daemon-task-definition/agent:1");
        JsonNode described = aws.run("ecs", "describe-daemon-task-definition", "--daemon-task-definition", "agent").ok().at("/daemonTaskDefinition");
        assertThat(described.at("/revision").asInt()).isEqualTo(1);
        assertThat(described.at("/status").asText()).isEqualTo("ACTIVE");
        assertThat(described.at("/containerDefinitions/0/name").asText()).isEqualTo("agent");

        JsonNode created = aws.run("ecs", "create-daemon", "--daemon-name", "agent", "--cluster-arn", CLUSTER, "--daemon-task-definition-arn", v1,
                "--capacity-provider-arns", provider, "--tags", "key=team,value=infra").ok();
        String daemon = created.at("/daemonArn").asText();
        assertThat(daemon).isEqualTo("arn:aws:ecs:us-east-1:000000000000:daemon/" + CLUSTER + "/agent");
        assertThat(created.at("/status").asText()).isEqualTo("ACTIVE");
        String firstDeployment = created.at("/deploymentArn").asText();
        awaitOnePerHost(2, v1);
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("ecs", "describe-daemon-deployments", "--daemon-deployment-arns", firstDeployment).ok()
                .at("/daemonDeployments/0/status").asText().equals("SUCCESSFUL"));

        // a third host gets its daemon task at once
        aws.run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "dhosts", "--desired-capacity", "3").ok();
        awaitOnePerHost(3, v1);
        // the control plane killed and restarted: the daemon is still there and keeps its tasks, no duplicates
        List<String> before = daemonTasks("RUNNING").stream().map(t -> t.at("/taskArn").asText()).sorted().toList();
        dockyard.process().kill9();
        dockyard.process().start();
        assertThat(aws.run("ecs", "describe-daemon", "--daemon-arn", daemon).ok().at("/daemon/status").asText()).isEqualTo("ACTIVE");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> hosts() == 3);
        awaitOnePerHost(3, v1);
        assertThat(daemonTasks("RUNNING").stream().map(t -> t.at("/taskArn").asText()).sorted().toList()).as("the same tasks").isEqualTo(before);
        JsonNode detail = aws.run("ecs", "describe-daemon", "--daemon-arn", daemon).ok().at("/daemon");
        assertThat(detail.at("/currentRevisions/0/totalRunningCount").asInt()).isEqualTo(3);
        assertThat(detail.at("/currentRevisions/0/capacityProviders/0/arn").asText()).isEqualTo(provider);

        // an update rolls over the hosts, half of them (rounded up) at a time, then bakes
        String v2 = definition("v2");
        String second = aws.run("ecs", "update-daemon", "--daemon-arn", daemon, "--daemon-task-definition-arn", v2, "--capacity-provider-arns", provider,
                "--deployment-configuration", "drainPercent=50,bakeTimeInMinutes=1").ok().at("/deploymentArn").asText();
        assertThat(second).isNotEqualTo(firstDeployment);
        int[] most = {0};
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            most[0] = Math.max(most[0], 3 - daemonTasks("RUNNING").size()); // hosts without a running daemon task right now
            JsonNode dep = aws.run("ecs", "describe-daemon-deployments", "--daemon-deployment-arns", second).ok().at("/daemonDeployments/0");
            assertThat(dep.at("/status").asText()).isEqualTo("SUCCESSFUL");
        });
        awaitOnePerHost(3, v2);
        assertThat(most[0]).as("hosts being replaced at once (drainPercent 50 of 3 → 2)").isLessThanOrEqualTo(2);
        JsonNode dep = aws.run("ecs", "describe-daemon-deployments", "--daemon-deployment-arns", second, "arn:aws:ecs:us-east-1:000000000000:daemon-deployment/x/y/z")
                .ok();
        assertThat(dep.at("/daemonDeployments/0/deploymentConfiguration/drainPercent").asDouble()).isEqualTo(50.0);
        assertThat(dep.at("/daemonDeployments/0/targetDaemonRevision/totalRunningInstanceCount").asInt()).isEqualTo(3);
        assertThat(dep.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        String revision = dep.at("/daemonDeployments/0/targetDaemonRevision/arn").asText();
        JsonNode rev = aws.run("ecs", "describe-daemon-revisions", "--daemon-revision-arns", revision).ok().at("/daemonRevisions/0");
        assertThat(rev.at("/daemonTaskDefinitionArn").asText()).isEqualTo(v2);
        assertThat(rev.at("/containerImages/0/image").asText()).isEqualTo(Docker.BUSYBOX);
        JsonNode listed = aws.run("ecs", "list-daemon-deployments", "--daemon-arn", daemon).ok().at("/daemonDeployments");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).at("/daemonDeploymentArn").asText()).isEqualTo(second);
        assertThat(aws.run("ecs", "list-daemons", "--cluster-arn", CLUSTER).ok().at("/daemonSummariesList/0/daemonArn").asText()).isEqualTo(daemon);
        assertThat(aws.run("ecs", "list-tags-for-resource", "--resource-arn", daemon).ok().at("/tags/0/key").asText()).isEqualTo("team");

        // a deployment watched by an alarm that goes into ALARM while it bakes rolls back to the revision it replaced
        aws.run("cloudwatch", "put-metric-alarm", "--alarm-name", "daemon-errors", "--namespace", "App", "--metric-name", "DaemonErrors",
                "--statistic", "Sum", "--period", "10", "--evaluation-periods", "1", "--threshold", "1",
                "--comparison-operator", "GreaterThanOrEqualToThreshold", "--treat-missing-data", "notBreaching").ok();
        String v3 = definition("v3");
        String third = aws.run("ecs", "update-daemon", "--daemon-arn", daemon, "--daemon-task-definition-arn", v3, "--capacity-provider-arns", provider,
                "--deployment-configuration", "{\"drainPercent\":34,\"bakeTimeInMinutes\":60,\"alarms\":{\"alarmNames\":[\"daemon-errors\"],\"enable\":true}}")
                .ok().at("/deploymentArn").asText();
        awaitOnePerHost(3, v3);
        JsonNode baking = aws.run("ecs", "describe-daemon-deployments", "--daemon-deployment-arns", third).ok().at("/daemonDeployments/0");
        assertThat(baking.at("/status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(baking.at("/alarms/status").asText()).isEqualTo("MONITORING");
        aws.run("cloudwatch", "put-metric-data", "--namespace", "App", "--metric-data", "MetricName=DaemonErrors,Value=5").ok(); // keeps it in ALARM
        aws.run("cloudwatch", "set-alarm-state", "--alarm-name", "daemon-errors", "--state-value", "ALARM", "--state-reason", "errors").ok();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> aws.run("ecs", "describe-daemon-deployments",
                "--daemon-deployment-arns", third).ok().at("/daemonDeployments/0/status").asText().equals("ROLLBACK_SUCCESSFUL"));
        JsonNode rolled = aws.run("ecs", "describe-daemon-deployments", "--daemon-deployment-arns", third).ok().at("/daemonDeployments/0");
        assertThat(rolled.at("/alarms/status").asText()).isEqualTo("TRIGGERED");
        assertThat(rolled.at("/alarms/triggeredAlarmNames/0").asText()).isEqualTo("daemon-errors");
        assertThat(rolled.at("/rollback/rollbackTargetDaemonRevisionArn").asText()).isEqualTo(revision);
        assertThat(rolled.at("/rollback/reason").asText()).contains("daemon-errors");
        assertThat(rolled.at("/deploymentConfiguration/alarms/enable").asBoolean()).isTrue();
        awaitOnePerHost(3, v2);
        assertThat(aws.run("ecs", "describe-daemon", "--daemon-arn", daemon).ok().at("/daemon/currentRevisions/0/arn").asText()).isEqualTo(revision);

        // deleted: every daemon task stops, then the daemon is gone
        assertThat(aws.run("ecs", "delete-daemon", "--daemon-arn", daemon).ok().at("/status").asText()).isEqualTo("DELETE_IN_PROGRESS");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> daemonTasks(null).isEmpty()
                && aws.run("ecs", "describe-daemon", "--daemon-arn", daemon).stderr().contains("DaemonNotFoundException"));
        System.out.printf("daemons: 3 hosts, at most %d without a running daemon task at once during the rolling update%n", most[0]);
    }

    /** The SDK v2 in use predates the daemon operations: the errors through the AWS CLI (v1, whose botocore has them). */
    @Test
    void errorsAreEcss() {
        AwsCli aws = aws();
        aws.run("ecs", "create-cluster", "--cluster-name", "daemon-errors").ok();
        String td = aws.run("ecs", "register-daemon-task-definition", "--family", "errs", "--container-definitions",
                "[{\"name\":\"a\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":16}]").ok().at("/daemonTaskDefinitionArn").asText();
        assertThat(aws.run("ecs", "describe-daemon", "--daemon-arn", "arn:aws:ecs:us-east-1:000000000000:daemon/daemon-errors/none").stderr())
                .contains("DaemonNotFoundException");
        assertThat(aws.run("ecs", "create-daemon", "--daemon-name", "d", "--cluster-arn", "daemon-errors", "--daemon-task-definition-arn", td,
                "--capacity-provider-arns", "arn:aws:ecs:us-east-1:000000000000:capacity-provider/FARGATE").stderr()).contains("InvalidParameterException");
        assertThat(aws.run("ecs", "create-daemon", "--daemon-name", "d", "--cluster-arn", "daemon-errors", "--daemon-task-definition-arn", td,
                "--capacity-provider-arns", "x", "--deployment-configuration", "{\"alarms\":{\"alarmNames\":[],\"enable\":true}}").stderr())
                .as("alarms enabled without a name").contains("InvalidParameterException");
        assertThat(aws.run("ecs", "create-daemon", "--daemon-name", "d", "--cluster-arn", "daemon-errors", "--daemon-task-definition-arn", td,
                "--capacity-provider-arns", "x", "--deployment-configuration", "{\"alarms\":{\"alarmNames\":[\"a1\",\"a2\",\"a3\",\"a4\",\"a5\","
                        + "\"a6\",\"a7\",\"a8\",\"a9\",\"a10\",\"a11\"],\"enable\":true}}").stderr())
                .as("more than 10 alarms").contains("InvalidParameterException");
        assertThat(aws.run("ecs", "create-daemon", "--daemon-name", "bad name", "--cluster-arn", "daemon-errors", "--daemon-task-definition-arn", td,
                "--capacity-provider-arns", "x").stderr()).contains("InvalidParameterException");
        assertThat(aws.run("ecs", "create-daemon", "--daemon-name", "d", "--cluster-arn", "nope", "--daemon-task-definition-arn", td,
                "--capacity-provider-arns", "x").stderr()).contains("ClusterNotFoundException");
        assertThat(aws.run("ecs", "describe-daemon-task-definition", "--daemon-task-definition", "nope:9").stderr()).contains("ClientException");
        assertThat(aws.run("ecs", "update-daemon", "--daemon-arn", "arn:aws:ecs:us-east-1:000000000000:daemon/daemon-errors/none",
                "--daemon-task-definition-arn", td, "--capacity-provider-arns", "x").stderr()).contains("DaemonNotFoundException");
        aws.run("ecs", "delete-daemon-task-definition", "--daemon-task-definition", td).ok();
        assertThat(aws.run("ecs", "describe-daemon-task-definition", "--daemon-task-definition", td).ok().at("/daemonTaskDefinition/status").asText())
                .isEqualTo("DELETE_IN_PROGRESS");
        assertThat(aws.run("ecs", "delete-daemon-task-definition", "--daemon-task-definition", td).stderr()).contains("ClientException");
        assertThat(aws.run("ecs", "list-daemon-task-definitions", "--family", "errs", "--status", "ALL").ok().at("/daemonTaskDefinitions")).hasSize(1);
        assertThat(aws.run("ecs", "list-daemon-task-definitions", "--family", "errs").ok().at("/daemonTaskDefinitions")).isEmpty();
    }
}
