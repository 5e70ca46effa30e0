package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reads behind the pages: list and describe operations, paged as a client pages them. */
final class Reads {
    private final Api api;
    private final Session session;

    Reads(Api api, Session session) {
        this.api = api;
        this.session = session;
    }

    ObjectNode ecs(String operation, Map<String, Object> input) { return api.call(session, "ecs", operation, input); }

    /** Any JSON-protocol operation of another service (ecr, servicediscovery, logs, …). */
    ObjectNode ecsLike(String service, String operation, Map<String, Object> input) { return api.call(session, service, operation, input); }

    ObjectNode elb(String action, Map<String, String> form) { return api.query(session, "elasticloadbalancing", action, form); }

    /** Every item of a paged list operation ({@code nextToken} in and out), up to {@code max}. */
    List<JsonNode> every(String service, String operation, Map<String, Object> input, String member, int max) {
        List<JsonNode> out = new ArrayList<>();
        Map<String, Object> in = new LinkedHashMap<>(input);
        while (out.size() < max) {
            ObjectNode page = api.call(session, service, operation, in);
            page.path(member).forEach(out::add);
            String next = page.path("nextToken").asText(page.path("NextToken").asText(""));
            if (next.isEmpty()) break;
            in.put(page.has("NextToken") ? "NextToken" : "nextToken", next);
        }
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** The strings of a paged list operation (ARNs, names). */
    List<String> all(String service, String operation, Map<String, Object> input, String member, int max) {
        return every(service, operation, input, member, max).stream().map(JsonNode::asText).toList();
    }

    List<Views.Cluster> clusters() {
        List<String> arns = all("ecs", "ListClusters", Map.of(), "clusterArns", 10_000);
        List<Views.Cluster> out = new ArrayList<>();
        for (List<String> chunk : chunks(arns, 100)) {
            for (JsonNode c : ecs("DescribeClusters", Map.of("clusters", chunk)).path("clusters")) out.add(Views.cluster(c));
        }
        out.sort(Comparator.comparing(Views.Cluster::name));
        return out;
    }

    Optional<Views.Cluster> cluster(String name) {
        for (JsonNode c : ecs("DescribeClusters", Map.of("clusters", List.of(name))).path("clusters")) {
            if (!"INACTIVE".equals(c.path("status").asText())) return Optional.of(Views.cluster(c));
        }
        return Optional.empty();
    }

    /** The cluster's service ARNs whose name contains {@code filter} (all when blank), in the order of their names (pages follow it). */
    List<String> serviceArns(String cluster, String filter) {
        List<String> arns = all("ecs", "ListServices", Map.of("cluster", cluster, "maxResults", 100), "serviceArns", 100_000);
        String f = filter == null ? "" : filter.trim().toLowerCase(java.util.Locale.ROOT);
        return arns.stream().filter(a -> f.isEmpty() || Views.lastSegment(a).toLowerCase(java.util.Locale.ROOT).contains(f))
                .sorted(Comparator.comparing(Views::lastSegment)).toList();
    }

    List<Views.Service> services(String cluster, List<String> arns) {
        List<Views.Service> out = new ArrayList<>();
        for (List<String> chunk : chunks(arns, 10)) {
            for (JsonNode s : ecs("DescribeServices", Map.of("cluster", cluster, "services", chunk)).path("services")) out.add(Views.service(cluster, s));
        }
        out.sort(Comparator.comparing(Views.Service::name));
        return out;
    }

    Optional<Views.Service> service(String cluster, String name) {
        for (JsonNode s : ecs("DescribeServices", Map.of("cluster", cluster, "services", List.of(name))).path("services")) {
            if (!"INACTIVE".equals(s.path("status").asText())) return Optional.of(Views.service(cluster, s));
        }
        return Optional.empty();
    }

    List<Views.Instance> instances(String cluster) {
        List<String> arns = all("ecs", "ListContainerInstances", Map.of("cluster", cluster), "containerInstanceArns", 10_000);
        List<Views.Instance> out = new ArrayList<>();
        for (List<String> chunk : chunks(arns, 100)) {
            for (JsonNode i : ecs("DescribeContainerInstances", Map.of("cluster", cluster, "containerInstances", chunk)).path("containerInstances")) {
                out.add(Views.instance(i));
            }
        }
        return out;
    }

    /** The tasks of a cluster (of one service when {@code service} is given) that are to run, then the recently stopped ones. */
    List<Views.Task> tasks(String cluster, String service, int max) {
        List<Views.Task> out = new ArrayList<>();
        for (String desired : List.of("RUNNING", "STOPPED")) {
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("cluster", cluster);
            in.put("desiredStatus", desired);
            if (service != null) in.put("serviceName", service);
            List<String> arns = all("ecs", "ListTasks", in, "taskArns", max);
            for (List<String> chunk : chunks(arns, 100)) out.addAll(describeTasks(cluster, chunk));
        }
        return out;
    }

    /** DescribeTasks of up to 100 tasks, by id. */
    private List<Views.Task> describeTasks(String cluster, List<String> arns) {
        List<Views.Task> out = new ArrayList<>();
        if (arns.isEmpty()) return out;
        for (JsonNode t : ecs("DescribeTasks", Map.of("cluster", cluster, "tasks", arns)).path("tasks")) out.add(Views.task(t));
        out.sort(Comparator.comparing(Views.Task::id));
        return out;
    }

    record TaskPage(List<Views.Task> tasks, String nextToken) {}

    /** One page of ListTasks with {@code input} (its filters, maxResults of at most 100, and nextToken), described. */
    TaskPage taskPage(String cluster, Map<String, Object> input) {
        ObjectNode page = ecs("ListTasks", input);
        List<String> arns = new ArrayList<>();
        page.path("taskArns").forEach(a -> arns.add(a.asText()));
        return new TaskPage(describeTasks(cluster, arns), page.path("nextToken").asText(""));
    }

    /** The service's deployments, newest first, as ListServiceDeployments and DescribeServiceDeployments tell them. */
    List<JsonNode> serviceDeployments(String cluster, String service) {
        List<String> arns = new ArrayList<>();
        for (JsonNode d : ecs("ListServiceDeployments", Map.of("cluster", cluster, "service", service, "maxResults", 20)).path("serviceDeployments")) {
            arns.add(d.path("serviceDeploymentArn").asText());
        }
        List<JsonNode> out = new ArrayList<>();
        for (List<String> chunk : chunks(arns, 20)) {
            ecs("DescribeServiceDeployments", Map.of("serviceDeploymentArns", chunk)).path("serviceDeployments").forEach(out::add);
        }
        return out;
    }

    /**
     * Every active family with its latest revision: one pass over ListTaskDefinitions, newest first (ECS sorts by family,
     * then revision), keeping each family's first ARN — a page per hundred revisions, not a call per family.
     */
    List<Views.Family> families() {
        Map<String, String> latest = new java.util.TreeMap<>();
        for (String arn : all("ecs", "ListTaskDefinitions", Map.of("status", "ACTIVE", "sort", "DESC", "maxResults", 100), "taskDefinitionArns", 100_000)) {
            String rev = Views.shortArn(arn);
            int colon = rev.lastIndexOf(':');
            if (colon > 0) latest.putIfAbsent(rev.substring(0, colon), rev);
        }
        List<Views.Family> out = new ArrayList<>();
        latest.forEach((f, rev) -> out.add(new Views.Family(f, rev)));
        return out;
    }

    /** A family's active revisions, newest first (up to 100). */
    List<String> revisions(String family) {
        List<String> out = new ArrayList<>();
        ecs("ListTaskDefinitions", Map.of("familyPrefix", family, "status", "ACTIVE", "sort", "DESC", "maxResults", 100))
                .path("taskDefinitionArns").forEach(a -> out.add(Views.shortArn(a.asText())));
        return out;
    }

    List<Views.Repository> repositories() {
        List<Views.Repository> out = new ArrayList<>(every("ecr", "DescribeRepositories", Map.of(), "repositories", 100_000).stream().map(Views::repository).toList());
        out.sort(Comparator.comparing(Views.Repository::name));
        return out;
    }

    /** One repository, or empty when it does not exist. */
    Optional<Views.Repository> repository(String name) {
        try {
            for (JsonNode r : api.call(session, "ecr", "DescribeRepositories", Map.of("repositoryNames", List.of(name))).path("repositories")) {
                return Optional.of(Views.repository(r));
            }
            return Optional.empty();
        } catch (io.dockyard.core.AwsException e) {
            if (e.code().equals("RepositoryNotFoundException")) return Optional.empty();
            throw e;
        }
    }

    List<Views.Image> images(String repository) {
        List<Views.Image> out = new ArrayList<>(every("ecr", "DescribeImages", Map.of("repositoryName", repository), "imageDetails", 100_000)
                .stream().map(Views::image).toList());
        out.sort(Comparator.comparing(Views.Image::pushedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    List<Views.Target> targetHealth(String targetGroupArn) {
        List<Views.Target> out = new ArrayList<>();
        ObjectNode answer = api.query(session, "elasticloadbalancing", "DescribeTargetHealth", Map.of("TargetGroupArn", targetGroupArn));
        JsonNode list = answer.path("TargetHealthDescriptions");
        if (list.has("member")) list = list.path("member");
        for (JsonNode d : list) {
            out.add(new Views.Target(Views.text(d.path("Target"), "Id"), d.path("Target").path("Port").asInt(),
                    Views.text(d.path("TargetHealth"), "State"), Views.text(d.path("TargetHealth"), "Description")));
        }
        return out;
    }

    static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) out.add(all.subList(i, Math.min(all.size(), i + size)));
        return out;
    }
}
