package io.dockyard.it.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A capacity provider over an Auto Scaling group of Dockyard hosts (the {@code local} instance provider:
 * an agent process per instance), driven with the AWS CLI: a service that does not fit makes managed
 * scaling add hosts, its tasks run there; when the service shrinks, the empty host is drained and
 * removed and the host with a task is never touched (managed termination protection); an EC2 Spot
 * interruption of that host drains it and its task moves to a replacement; the group's errors and its
 * forced deletion.
 */
class ManagedCapacityIT {
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage().env("DOCKYARD_MANAGED_SCALE_IN_SECONDS", "3")
            .env("DOCKYARD_INSTANCE_NETWORK", "process") // its hosts share this machine's engine (HostNamespacesIT: hosts of their own)
            .env("DOCKYARD_PROVISIONING_TIMEOUT_SECONDS", "45");
    private static AwsCli aws;

    @BeforeEach
    void cli() { aws = dockyard.cli(); }

    @Test
    void managedScalingAddsHostsForAServiceAndRemovesTheEmptyOne() throws Exception {
        // a group of hosts offering 512 CPU units and 512 MiB each, empty to begin with
        aws.run("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "hosts", "--launch-template", "LaunchTemplateName=dockyard-host",
                "--min-size", "0", "--max-size", "3", "--desired-capacity", "0", "--new-instances-protected-from-scale-in",
                "--tags", "Key=dockyard:cpu,Value=512", "Key=dockyard:memory,Value=512").ok();
        JsonNode group = aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "hosts").ok().at("/AutoScalingGroups/0");
        String groupArn = group.at("/AutoScalingGroupARN").asText();
        assertThat(groupArn).contains(":autoScalingGroup:").endsWith(":autoScalingGroupName/hosts");
        assertThat(group.at("/MaxSize").asInt()).isEqualTo(3);
        assertThat(aws.run("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "hosts", "--launch-template",
                "LaunchTemplateName=dockyard-host", "--min-size", "0", "--max-size", "3").stderr()).contains("AlreadyExists");
        assertThat(aws.run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "hosts", "--desired-capacity", "5").stderr())
                .contains("ValidationError").contains("above max value 3");
        assertThat(aws.run("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "bad", "--launch-template",
                "LaunchTemplateName=dockyard-host", "--min-size", "4", "--max-size", "3").stderr()).contains("ValidationError");

        assertThat(aws.run("ecs", "create-capacity-provider", "--name", "ecs-hosts", "--auto-scaling-group-provider", "autoScalingGroupArn=" + groupArn)
                .stderr()).contains("InvalidParameterException").contains("cannot begin with aws, ecs, or fargate");
        assertThat(aws.run("ecs", "create-capacity-provider", "--name", "ghost", "--auto-scaling-group-provider",
                "autoScalingGroupArn=arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:x:autoScalingGroupName/ghost").stderr()).contains("ClientException");
        JsonNode provider = aws.run("ecs", "create-capacity-provider", "--name", "hosts-cp", "--auto-scaling-group-provider", "autoScalingGroupArn=" + groupArn
                + ",managedScaling={status=ENABLED,targetCapacity=100,minimumScalingStepSize=1,maximumScalingStepSize=10,instanceWarmupPeriod=5},"
                + "managedTerminationProtection=ENABLED,managedDraining=ENABLED").ok().at("/capacityProvider");
        assertThat(provider.at("/status").asText()).isEqualTo("ACTIVE");
        assertThat(provider.at("/autoScalingGroupProvider/managedScaling/status").asText()).isEqualTo("ENABLED");
        assertThat(aws.run("autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "hosts", "--force-delete").stderr()).contains("ResourceInUse");
        // tagged through its ARN like every taggable ECS resource
        String providerArn = provider.at("/capacityProviderArn").asText();
        aws.run("ecs", "tag-resource", "--resource-arn", providerArn, "--tags", "key=team,value=infra").ok();
        assertThat(aws.run("ecs", "list-tags-for-resource", "--resource-arn", providerArn).ok().at("/tags/0/value").asText()).isEqualTo("infra");
        assertThat(aws.run("ecs", "describe-capacity-providers", "--capacity-providers", "hosts-cp", "--include", "TAGS").ok()
                .at("/capacityProviders/0/tags/0/key").asText()).isEqualTo("team");
        aws.run("ecs", "untag-resource", "--resource-arn", providerArn, "--tag-keys", "team").ok();
        assertThat(aws.run("ecs", "list-tags-for-resource", "--resource-arn", providerArn).ok().at("/tags")).isEmpty();
        assertThat(aws.run("ecs", "list-tags-for-resource", "--resource-arn", providerArn.replace("hosts-cp", "nope")).stderr()).contains("InvalidParameterException");

        aws.run("ecs", "create-cluster", "--cluster-name", "hostfleet", "--capacity-providers", "hosts-cp", "--default-capacity-provider-strategy",
                "capacityProvider=hosts-cp,weight=1").ok();
        aws.run("ecs", "register-task-definition", "--family", "worker", "--network-mode", "bridge", "--container-definitions",
                "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"cpu\":256,\"memory\":128,\"stopTimeout\":2,\"command\":[\"sleep\",\"3600\"]}]").ok();

        // a task no host of the group can hold waits in PROVISIONING (no failure), adds no host, and stops when its wait times out
        aws.run("ecs", "register-task-definition", "--family", "huge", "--network-mode", "bridge", "--container-definitions",
                "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"cpu\":2048,\"memory\":128,\"command\":[\"sleep\",\"3600\"]}]").ok();
        JsonNode huge = aws.run("ecs", "run-task", "--cluster", "hostfleet", "--task-definition", "huge").ok();
        assertThat(huge.at("/failures")).isEmpty();
        String hugeTask = huge.at("/tasks/0/taskArn").asText();
        assertThat(huge.at("/tasks/0/lastStatus").asText()).isEqualTo("PROVISIONING");
        assertThat(huge.at("/tasks/0/capacityProviderName").asText()).isEqualTo("hosts-cp");
        assertThat(huge.at("/tasks/0/containerInstanceArn").isMissingNode()).isTrue();

        // three tasks of 256 units and a standalone one do not fit anywhere: they wait in PROVISIONING while managed scaling
        // asks for two hosts of 512, and run there
        Instant created = Instant.now();
        aws.run("ecs", "create-service", "--cluster", "hostfleet", "--service-name", "app", "--task-definition", "worker", "--desired-count", "3",
                "--deployment-configuration", "minimumHealthyPercent=0,maximumPercent=100").ok();
        JsonNode standalone = aws.run("ecs", "run-task", "--cluster", "hostfleet", "--task-definition", "worker").ok();
        assertThat(standalone.at("/failures")).isEmpty();
        String standaloneTask = standalone.at("/tasks/0/taskArn").asText();
        assertThat(standalone.at("/tasks/0/lastStatus").asText()).isEqualTo("PROVISIONING");
        assertThat(task(hugeTask).at("/lastStatus").asText()).isEqualTo("PROVISIONING");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> running("app") == 3 && "RUNNING".equals(task(standaloneTask).at("/lastStatus").asText()));
        System.out.printf("managed scaling: service of 3 on an empty group to all tasks RUNNING on 2 new hosts: %d ms%n",
                Duration.between(created, Instant.now()).toMillis());
        group = aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "hosts").ok().at("/AutoScalingGroups/0");
        assertThat(group.at("/DesiredCapacity").asInt()).isEqualTo(2);
        assertThat(group.at("/Instances")).hasSize(2);
        Set<String> hosts = new HashSet<>();
        for (JsonNode i : group.at("/Instances")) {
            assertThat(i.at("/LifecycleState").asText()).isEqualTo("InService");
            hosts.add(i.at("/InstanceId").asText());
        }
        JsonNode instances = containerInstances();
        assertThat(instances).hasSize(2);
        for (JsonNode ci : instances) {
            assertThat(hosts).contains(ci.at("/ec2InstanceId").asText());
            assertThat(ci.at("/capacityProviderName").asText()).isEqualTo("hosts-cp");
        }
        for (JsonNode t : tasks("app")) assertThat(t.at("/capacityProviderName").asText()).isEqualTo("hosts-cp");
        assertThat(hosts).as("the standalone task runs on a host of the group").contains(ec2Of(task(standaloneTask).at("/containerInstanceArn").asText(), instances));
        assertThat(task(hugeTask).at("/lastStatus").asText()).as("a task too big for any host adds none").isEqualTo("PROVISIONING");
        aws.run("ecs", "stop-task", "--cluster", "hostfleet", "--task", standaloneTask).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> "STOPPED".equals(task(standaloneTask).at("/lastStatus").asText()));
        // managed termination protection: both hosts run tasks
        await().atMost(Duration.ofSeconds(10)).until(() -> protectedCount() == 2);
        JsonNode reservation = aws.run("cloudwatch", "list-metrics", "--namespace", "AWS/ECS/ManagedScaling").ok().at("/Metrics/0");
        assertThat(reservation.at("/MetricName").asText()).isEqualTo("CapacityProviderReservation");

        // down to one task: one host empties; it is drained and removed, the one with the task stays
        aws.run("ecs", "update-service", "--cluster", "hostfleet", "--service", "app", "--desired-count", "1").ok();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> running("app") == 1 && tasks("app").size() == 1);
        String survivorTask = tasks("app").get(0).at("/taskArn").asText();
        String busyInstance = tasks("app").get(0).at("/containerInstanceArn").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "hosts").ok().at("/AutoScalingGroups/0/Instances").size() == 1);
        assertThat(tasks("app")).hasSize(1);
        assertThat(tasks("app").get(0).at("/taskArn").asText()).isEqualTo(survivorTask);
        assertThat(tasks("app").get(0).at("/lastStatus").asText()).isEqualTo("RUNNING");
        JsonNode left = containerInstances();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).at("/containerInstanceArn").asText()).isEqualTo(busyInstance);
        List<String> activities = new ArrayList<>();
        aws.run("autoscaling", "describe-scaling-activities", "--auto-scaling-group-name", "hosts").ok().at("/Activities")
                .forEach(a -> activities.add(a.at("/Description").asText()));
        assertThat(activities).anyMatch(d -> d.startsWith("Terminating EC2 instance: i-")).anyMatch(d -> d.startsWith("Launching a new EC2 instance: i-"));

        // an EC2 Spot interruption of the host with the task: it drains (the task moves to a replacement host), then goes
        String spotHost = left.get(0).at("/ec2InstanceId").asText();
        java.net.http.HttpResponse<String> interrupted = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(dockyard.endpoint() + "/_dockyard/spot-interruption")).header("X-Dockyard-Dev", "1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"instance\":\"" + spotHost + "\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(interrupted.statusCode()).as(interrupted.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<JsonNode> now = tasks("app");
            JsonNode hostsNow = containerInstances();
            return now.size() == 1 && "RUNNING".equals(now.get(0).at("/lastStatus").asText()) && hostsNow.size() == 1
                    && !hostsNow.get(0).at("/ec2InstanceId").asText().equals(spotHost)
                    && now.get(0).at("/containerInstanceArn").asText().equals(hostsNow.get(0).at("/containerInstanceArn").asText());
        });
        assertThat(tasks("app").get(0).at("/taskArn").asText()).isNotEqualTo(survivorTask);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> "STOPPED".equals(task(hugeTask).at("/lastStatus").asText()));
        JsonNode timedOut = task(hugeTask);
        assertThat(timedOut.at("/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(timedOut.at("/stopCode").asText()).isEqualTo("TaskFailedToStart");
        assertThat(timedOut.at("/stoppedReason").asText()).contains("hosts-cp");

        // tear down as a user would: the service, the provider off the cluster, the group with its instances
        aws.run("ecs", "delete-service", "--cluster", "hostfleet", "--service", "app", "--force").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> tasks("app").isEmpty());
        assertThat(aws.run("ecs", "delete-capacity-provider", "--capacity-provider", "hosts-cp").stderr()).contains("ResourceInUseException");
        // the provider stays in use until the deleted service has drained (INACTIVE), as on ECS
        await().atMost(Duration.ofSeconds(60)).until(() -> aws.run("ecs", "put-cluster-capacity-providers", "--cluster", "hostfleet", "--capacity-providers", "[]",
                "--default-capacity-provider-strategy", "[]").exitCode() == 0);
        assertThat(aws.run("ecs", "delete-capacity-provider", "--capacity-provider", "hosts-cp").ok().at("/capacityProvider/status").asText()).isEqualTo("INACTIVE");
        aws.run("autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "hosts", "--force-delete").ok();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "hosts").ok().at("/AutoScalingGroups").isEmpty());
    }

    private static JsonNode task(String arn) {
        return aws.run("ecs", "describe-tasks", "--cluster", "hostfleet", "--tasks", arn).ok().at("/tasks/0");
    }

    private static String ec2Of(String containerInstanceArn, JsonNode instances) {
        for (JsonNode ci : instances) if (ci.at("/containerInstanceArn").asText().equals(containerInstanceArn)) return ci.at("/ec2InstanceId").asText();
        return "none";
    }

    private static int protectedCount() {
        int n = 0;
        for (JsonNode i : aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "hosts").ok().at("/AutoScalingGroups/0/Instances")) {
            if (i.at("/ProtectedFromScaleIn").asBoolean()) n++;
        }
        return n;
    }

    /** The cluster's ACTIVE container instances from the group (local mode's own capacity, ec2InstanceId "local", left out). */
    private static JsonNode containerInstances() {
        com.fasterxml.jackson.databind.node.ArrayNode out = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        for (JsonNode ci : allContainerInstances()) if (!"local".equals(ci.at("/ec2InstanceId").asText())) out.add(ci);
        return out;
    }

    private static JsonNode allContainerInstances() {
        List<String> arns = new ArrayList<>();
        aws.run("ecs", "list-container-instances", "--cluster", "hostfleet", "--status", "ACTIVE").ok().at("/containerInstanceArns").forEach(a -> arns.add(a.asText()));
        if (arns.isEmpty()) return new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        List<String> args = new ArrayList<>(List.of("ecs", "describe-container-instances", "--cluster", "hostfleet", "--container-instances"));
        args.addAll(arns);
        return aws.run(args.toArray(String[]::new)).ok().at("/containerInstances");
    }

    private static int running(String service) {
        return aws.run("ecs", "describe-services", "--cluster", "hostfleet", "--services", service).ok().at("/services/0/runningCount").asInt();
    }

    private static List<JsonNode> tasks(String service) {
        List<String> arns = new ArrayList<>();
        aws.run("ecs", "list-tasks", "--cluster", "hostfleet", "--service-name", service).ok().at("/taskArns").forEach(a -> arns.add(a.asText()));
        List<JsonNode> out = new ArrayList<>();
        if (arns.isEmpty()) return out;
        List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "hostfleet", "--tasks"));
        args.addAll(arns);
        aws.run(args.toArray(String[]::new)).ok().at("/tasks").forEach(out::add);
        return out;
    }
}
