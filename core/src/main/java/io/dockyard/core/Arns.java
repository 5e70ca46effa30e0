package io.dockyard.core;

import java.util.Optional;
import java.util.UUID;

/** ARNs formatted exactly as AWS formats them, and their parsing. */
public record Arns(String partition, String region, String account) {

    public Arns {
        java.util.Objects.requireNonNull(region, "region is null");
        java.util.Objects.requireNonNull(account, "account is null");
    }

    public static Arns of(String region, String account) { return new Arns("aws", region, account); }

    /** The partition, region and account of an existing ARN (to name resources beside it). */
    public static Arns sameAs(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !"arn".equals(parts[0])) throw new IllegalArgumentException("not an ARN: " + arn);
        return new Arns(parts[1], parts[3], parts[4]);
    }

    public String ecs(String resource) { return "arn:" + partition + ":ecs:" + region + ":" + account + ":" + resource; }
    public String cluster(String name) { return ecs("cluster/" + name); }
    public String taskDefinition(String family, int revision) { return ecs("task-definition/" + family + ":" + revision); }
    public String task(String clusterName, String id) { return ecs("task/" + clusterName + "/" + id); }
    public String container(String clusterName, String taskId, String containerId) { return ecs("container/" + clusterName + "/" + taskId + "/" + containerId); }
    public String containerInstance(String clusterName, String id) { return ecs("container-instance/" + clusterName + "/" + id); }
    public String service(String clusterName, String name) { return ecs("service/" + clusterName + "/" + name); }
    public String serviceDeployment(String clusterName, String serviceName, String id) { return ecs("service-deployment/" + clusterName + "/" + serviceName + "/" + id); }
    public String serviceRevision(String clusterName, String serviceName, String id) { return ecs("service-revision/" + clusterName + "/" + serviceName + "/" + id); }
    public String taskSet(String clusterName, String serviceName, String id) { return ecs("task-set/" + clusterName + "/" + serviceName + "/" + id); }
    public String daemonTaskDefinition(String family, int revision) { return ecs("daemon-task-definition/" + family + ":" + revision); }
    public String daemon(String clusterName, String name) { return ecs("daemon/" + clusterName + "/" + name); }
    public String daemonRevision(String clusterName, String name, String id) { return ecs("daemon-revision/" + clusterName + "/" + name + "/" + id); }
    public String daemonDeployment(String clusterName, String name, String id) { return ecs("daemon-deployment/" + clusterName + "/" + name + "/" + id); }
    public String capacityProvider(String name) { return ecs("capacity-provider/" + name); }

    /** A fresh 32-hex-digit id, as ECS uses for tasks and container instances. */
    public static String newId() { return UUID.randomUUID().toString().replace("-", ""); }

    /** The resource part after the service ({@code cluster/x}, {@code task/c/id}), if the string is an ARN. */
    public static Optional<String> resource(String arn) {
        if (arn == null || !arn.startsWith("arn:")) return Optional.empty();
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? Optional.of(parts[5]) : Optional.empty();
    }

    /** The service of an ARN (ecs, ecr, elasticloadbalancing...), if the string is an ARN. */
    public static Optional<String> service(String arn) {
        if (arn == null || !arn.startsWith("arn:")) return Optional.empty();
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? Optional.of(parts[2]) : Optional.empty();
    }

    /** The last path segment of a resource ARN, or the string itself when it is not an ARN. */
    public static String lastSegment(String arnOrName) {
        String r = resource(arnOrName).orElse(arnOrName);
        int slash = r.lastIndexOf('/');
        return slash >= 0 ? r.substring(slash + 1) : r;
    }

    /** The cluster name from a cluster ARN or a plain name. */
    public static String clusterName(String clusterArnOrName) {
        Optional<String> r = resource(clusterArnOrName);
        if (r.isEmpty()) return clusterArnOrName;
        String res = r.get();
        return res.startsWith("cluster/") ? res.substring("cluster/".length()) : res;
    }
}
