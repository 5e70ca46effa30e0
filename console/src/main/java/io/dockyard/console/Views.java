package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the pages show, read from the API's answers (the JSON a client gets) at the console's edge. */
public final class Views {
    private Views() {}

    public record Cluster(String name, String arn, String status, int services, int running, int pending, int instances) {}

    public record Instance(String id, String arn, String status, boolean connected, int running, int pending,
                           long cpuFree, long cpuTotal, long memoryFree, long memoryTotal, String host) {}

    public record Service(String cluster, String name, String arn, String status, int desired, int running, int pending,
                          String taskDefinition, String launchType, String controller, List<Deployment> deployments,
                          List<Event> events, List<LoadBalancer> loadBalancers, List<String> registries, Instant createdAt) {
        /** The rollout state of the primary deployment (IN_PROGRESS, COMPLETED, FAILED), or "" when there is none. */
        public String rollout() {
            return deployments.stream().filter(d -> "PRIMARY".equals(d.status())).map(Deployment::rolloutState).findFirst().orElse("");
        }
    }

    public record Deployment(String id, String status, String taskDefinition, int desired, int running, int pending, int failed,
                             String rolloutState, String rolloutReason, Instant createdAt, Instant updatedAt) {}

    public record Event(Instant at, String message, String source, String link) {}

    public record LoadBalancer(String targetGroupArn, String containerName, int containerPort) {
        public String targetGroup() { return shortArn(targetGroupArn); }
    }

    public record Target(String id, int port, String state, String reason) {}

    public record Task(String id, String arn, String lastStatus, String desiredStatus, String health, String instanceId,
                       String ports, String stopCode, String stoppedReason, String taskDefinition, Instant startedAt,
                       Instant stoppedAt, String group) {}

    public record Container(String name, String image, String lastStatus, String health, Integer exitCode, String reason, String ports) {}

    static Container container(JsonNode c) {
        List<String> ports = new ArrayList<>();
        for (JsonNode b : c.path("networkBindings")) ports.add(text(b, "hostPort") + "→" + text(b, "containerPort") + "/" + text(b, "protocol"));
        return new Container(text(c, "name"), text(c, "image"), text(c, "lastStatus"), text(c, "healthStatus"),
                c.path("exitCode").isNumber() ? c.path("exitCode").asInt() : null, text(c, "reason"), String.join(", ", ports));
    }

    /** One entry of a service's timeline: a deployment (with its counts) or an event. */
    public record Step(Instant at, String css, String title, String detail) {}

    public record Repository(String name, String uri, Instant createdAt, String mutability, boolean scanOnPush) {}

    public record Image(String digest, List<String> tags, long size, Instant pushedAt, String mediaType) {}

    public record Family(String name, String latest) {}

    static Cluster cluster(JsonNode c) {
        return new Cluster(text(c, "clusterName"), text(c, "clusterArn"), text(c, "status"), num(c, "activeServicesCount"),
                num(c, "runningTasksCount"), num(c, "pendingTasksCount"), num(c, "registeredContainerInstancesCount"));
    }

    static Instance instance(JsonNode i) {
        long cpuTotal = resource(i.path("registeredResources"), "CPU");
        long memTotal = resource(i.path("registeredResources"), "MEMORY");
        return new Instance(lastSegment(text(i, "containerInstanceArn")), text(i, "containerInstanceArn"), text(i, "status"),
                i.path("agentConnected").asBoolean(), num(i, "runningTasksCount"), num(i, "pendingTasksCount"),
                resource(i.path("remainingResources"), "CPU"), cpuTotal, resource(i.path("remainingResources"), "MEMORY"), memTotal,
                text(i, "ec2InstanceId"));
    }

    static Service service(String cluster, JsonNode s) {
        List<Deployment> deployments = new ArrayList<>();
        for (JsonNode d : s.path("deployments")) {
            deployments.add(new Deployment(text(d, "id"), text(d, "status"), shortArn(text(d, "taskDefinition")), num(d, "desiredCount"),
                    num(d, "runningCount"), num(d, "pendingCount"), num(d, "failedTasks"), text(d, "rolloutState"),
                    text(d, "rolloutStateReason"), time(d, "createdAt"), time(d, "updatedAt")));
        }
        String name = text(s, "serviceName");
        List<Event> events = new ArrayList<>();
        for (JsonNode e : s.path("events")) events.add(new Event(time(e, "createdAt"), text(e, "message"), name, null));
        List<LoadBalancer> lbs = new ArrayList<>();
        for (JsonNode l : s.path("loadBalancers")) lbs.add(new LoadBalancer(text(l, "targetGroupArn"), text(l, "containerName"), num(l, "containerPort")));
        List<String> registries = new ArrayList<>();
        for (JsonNode r : s.path("serviceRegistries")) registries.add(text(r, "registryArn"));
        String launchType = text(s, "launchType");
        if (launchType.isEmpty() && s.path("capacityProviderStrategy").size() > 0) {
            List<String> providers = new ArrayList<>();
            for (JsonNode p : s.path("capacityProviderStrategy")) providers.add(text(p, "capacityProvider"));
            launchType = String.join(", ", providers);
        }
        return new Service(cluster, name, text(s, "serviceArn"), text(s, "status"), num(s, "desiredCount"), num(s, "runningCount"),
                num(s, "pendingCount"), shortArn(text(s, "taskDefinition")), launchType, text(s.path("deploymentController"), "type"),
                deployments, events, lbs, registries, time(s, "createdAt"));
    }

    static Task task(JsonNode t) {
        List<String> ports = new ArrayList<>();
        for (JsonNode c : t.path("containers")) {
            for (JsonNode b : c.path("networkBindings")) {
                ports.add(text(b, "hostPort") + "→" + text(c, "name") + ":" + text(b, "containerPort"));
            }
        }
        return new Task(lastSegment(text(t, "taskArn")), text(t, "taskArn"), text(t, "lastStatus"), text(t, "desiredStatus"),
                text(t, "healthStatus"), lastSegment(text(t, "containerInstanceArn")), String.join(", ", ports), text(t, "stopCode"),
                text(t, "stoppedReason"), shortArn(text(t, "taskDefinitionArn")), time(t, "startedAt"), time(t, "stoppedAt"), text(t, "group"));
    }

    static Repository repository(JsonNode r) {
        return new Repository(text(r, "repositoryName"), text(r, "repositoryUri"), time(r, "createdAt"), text(r, "imageTagMutability"),
                r.path("imageScanningConfiguration").path("scanOnPush").asBoolean());
    }

    static Image image(JsonNode i) {
        List<String> tags = new ArrayList<>();
        for (JsonNode t : i.path("imageTags")) tags.add(t.asText());
        return new Image(text(i, "imageDigest"), tags, i.path("imageSizeInBytes").asLong(), time(i, "imagePushedAt"), text(i, "imageManifestMediaType"));
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    static int num(JsonNode n, String field) { return n.path(field).asInt(); }

    /** An AWS JSON timestamp (epoch seconds with a fraction), or null. */
    static Instant time(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isNumber()) return null;
        BigDecimal millis = v.decimalValue().movePointRight(3);
        return Instant.ofEpochMilli(millis.longValue());
    }

    private static long resource(JsonNode resources, String name) {
        for (JsonNode r : resources) if (name.equals(text(r, "name"))) return r.path("integerValue").asLong();
        return 0;
    }

    /** The part of an ARN after its last '/', or the ARN. */
    public static String lastSegment(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }

    /** A task definition ARN as family:revision, a target group ARN as its name; other strings as they are. */
    public static String shortArn(String arn) {
        if (arn.contains(":task-definition/")) return arn.substring(arn.indexOf(":task-definition/") + 17);
        if (arn.contains(":targetgroup/")) {
            String rest = arn.substring(arn.indexOf(":targetgroup/") + 13);
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
        return arn;
    }
}
