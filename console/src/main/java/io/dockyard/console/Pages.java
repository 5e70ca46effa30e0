package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.AwsException;
import io.dockyard.protocol.Json;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which page a path is, and what it shows: the reads it needs, gathered into the template's parameters. */
final class Pages {
    /** Services shown per cluster on the overview, and per page on a cluster's page. */
    static final int OVERVIEW_SERVICES = 25;
    static final int PAGE_SIZE = 50;
    /** Tasks per page of a cluster's task list. */
    static final int TASK_PAGE = 100;

    record Rendered(int status, String template, Map<String, Object> params) {}

    private final Reads reads;
    private final Session session;
    private final boolean secure;
    private final Fields query;
    private final String host;

    Pages(Reads reads, Session session, boolean secure, Request request) {
        this.reads = reads;
        this.session = session;
        this.secure = secure;
        this.query = Request.extractQueryParameters(request);
        String h = request.getHeaders().get("Host");
        this.host = h == null ? "localhost:4566" : h;
    }

    Rendered render(String path) {
        String[] p = path.split("/", -1);
        List<String> parts = new ArrayList<>();
        for (String s : p) if (!s.isEmpty()) parts.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        try {
            if (parts.isEmpty()) return overview();
            return switch (parts.getFirst()) {
                case "clusters" -> clusters(parts);
                case "task-definitions" -> parts.size() == 1 ? taskDefinitions() : parts.get(1).equals("new") ? newTaskDefinition() : taskDefinition(param("name"));
                case "registry" -> parts.size() == 1 ? registry() : repository(param("name"));
                case "load-balancers" -> loadBalancers();
                case "discovery" -> ok("discovery.jte", "Service discovery", "discovery", DiscoveryViews.read(reads));
                case "alarms" -> ok("alarms.jte", "Alarms", "alarms", Map.of("alarms", new Observe(reads).alarms()));
                default -> missing("There is no console page at " + path + ".");
            };
        } catch (AwsException e) {
            if (e.status() == 400 && (e.code().contains("NotFound") || e.code().equals("ClusterNotFoundException"))) return missing(e.getMessage());
            return new Rendered(e.status(), "failed.jte", Map.of("page", page("Refused", ""), "code", e.code(), "message", e.getMessage()));
        }
    }

    private Rendered clusters(List<String> parts) {
        if (parts.size() == 1) return overview();
        if (parts.get(1).equals("new")) return ok("cluster-new.jte", "Create cluster", "clusters", Map.of());
        String cluster = parts.get(1);
        if (parts.size() == 2) return cluster(cluster);
        if (parts.size() == 3 && parts.get(2).equals("tasks")) return clusterTasks(cluster);
        if (parts.size() == 4 && parts.get(2).equals("tasks")) return task(cluster, parts.get(3));
        if (parts.size() == 4 && parts.get(2).equals("services")) {
            return parts.get(3).equals("new") ? newService(cluster) : service(cluster, parts.get(3));
        }
        return missing("There is no such page of cluster " + cluster + ".");
    }

    private Rendered overview() {
        List<Views.Cluster> clusters = reads.clusters();
        Map<String, List<Views.Service>> services = new LinkedHashMap<>();
        Map<String, Integer> more = new LinkedHashMap<>();
        Map<String, List<Views.Instance>> instances = new LinkedHashMap<>();
        List<Views.Event> events = new ArrayList<>();
        for (Views.Cluster c : clusters) {
            List<String> arns = reads.serviceArns(c.name(), null);
            List<Views.Service> shown = reads.services(c.name(), arns.subList(0, Math.min(arns.size(), OVERVIEW_SERVICES)));
            services.put(c.name(), shown);
            more.put(c.name(), Math.max(0, arns.size() - shown.size()));
            instances.put(c.name(), reads.instances(c.name()));
            for (Views.Service s : shown) {
                for (Views.Event e : s.events().subList(0, Math.min(5, s.events().size()))) {
                    events.add(new Views.Event(e.at(), e.message(), c.name() + "/" + s.name(), Fmt.servicePath(c.name(), s.name())));
                }
            }
        }
        events.sort(Comparator.comparing(Views.Event::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return ok("overview.jte", "Overview", "overview", Map.of("clusters", clusters, "services", services, "more", more, "instances", instances,
                "events", events.subList(0, Math.min(20, events.size()))));
    }

    private Rendered cluster(String name) {
        Optional<Views.Cluster> cluster = reads.cluster(name);
        if (cluster.isEmpty()) return missing("Cluster " + name + " does not exist (or no longer does).");
        String q = param("q");
        List<String> arns = reads.serviceArns(name, q);
        int pageNo = Math.max(0, parseInt(param("page")));
        int from = Math.min(arns.size(), pageNo * PAGE_SIZE);
        List<Views.Service> services = reads.services(name, arns.subList(from, Math.min(arns.size(), from + PAGE_SIZE)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster.get());
        m.put("services", services);
        m.put("q", q == null ? "" : q);
        m.put("pageNo", pageNo);
        m.put("total", arns.size());
        m.put("pages", (arns.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        m.put("instances", reads.instances(name));
        return ok("cluster.jte", "Cluster " + name, "overview", m);
    }

    /** A cluster's tasks, {@link #TASK_PAGE} at a time, filtered as ListTasks filters them (desired status, service, family, started by). */
    private Rendered clusterTasks(String name) {
        Optional<Views.Cluster> cluster = reads.cluster(name);
        if (cluster.isEmpty()) return missing("Cluster " + name + " does not exist (or no longer does).");
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("desiredStatus", "STOPPED".equals(param("desiredStatus")) ? "STOPPED" : "RUNNING");
        for (String f : List.of("serviceName", "family", "startedBy")) {
            String v = param(f);
            filters.put(f, v == null ? "" : v.trim());
        }
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("cluster", name);
        filters.forEach((k, v) -> { if (!v.isEmpty()) in.put(k, v); });
        in.put("maxResults", TASK_PAGE);
        String token = param("nextToken");
        if (token != null && !token.isBlank()) in.put("nextToken", token);
        Reads.TaskPage tasks = reads.taskPage(name, in);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster.get());
        m.put("filters", filters);
        m.put("tasks", tasks.tasks());
        m.put("nextToken", tasks.nextToken());
        m.put("first", token == null || token.isBlank());
        m.put("pageSize", TASK_PAGE);
        StringBuilder query = new StringBuilder();
        filters.forEach((k, v) -> query.append(query.isEmpty() ? "" : "&").append(k).append('=').append(Fmt.url(v)));
        m.put("filterQuery", query.toString());
        return ok("cluster-tasks.jte", "Tasks of " + name, "overview", m);
    }

    private Rendered service(String cluster, String name) {
        Optional<Views.Service> service = reads.service(cluster, name);
        if (service.isEmpty()) return missing("Service " + name + " does not exist in cluster " + cluster + " (or no longer does).");
        Views.Service s = service.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s);
        m.put("tasks", reads.tasks(cluster, name, 200));
        Observe observe = new Observe(reads);
        List<Views.Step> scaling;
        try {
            scaling = observe.scalingActivities(cluster, name);
        } catch (AwsException e) {
            scaling = List.of();
        }
        m.put("timeline", Timeline.of(s, reads.serviceDeployments(cluster, name), scaling));
        Observe.LogTarget logs = s.taskDefinition().isEmpty() ? null : observe.logTarget(s.taskDefinition());
        String filter = param("logFilter");
        m.put("logTarget", logs == null ? "" : logs.group() + (logs.streamPrefix().isEmpty() ? "" : " (streams " + logs.streamPrefix() + "…)"));
        m.put("logFilter", filter == null ? "" : filter);
        m.put("logs", logs == null ? List.of() : observe.logs(logs, filter));
        List<Observe.Chart> charts = new ArrayList<>(List.of(observe.serviceMetric(cluster, name, "CPUUtilization", "CPU utilization"),
                observe.serviceMetric(cluster, name, "MemoryUtilization", "Memory utilization")));
        for (Views.LoadBalancer lb : s.loadBalancers()) charts.add(observe.requests(lb.targetGroupArn(), "Requests a minute to " + lb.targetGroup()));
        m.put("charts", charts);
        Map<String, List<Views.Target>> health = new LinkedHashMap<>();
        for (Views.LoadBalancer lb : s.loadBalancers()) {
            try {
                health.put(lb.targetGroupArn(), reads.targetHealth(lb.targetGroupArn()));
            } catch (AwsException e) {
                health.put(lb.targetGroupArn(), List.of());
            }
        }
        m.put("health", health);
        String def = s.taskDefinition();
        m.put("revisions", def.contains(":") ? reads.revisions(def.substring(0, def.lastIndexOf(':'))) : List.of());
        return ok("service.jte", "Service " + name, "overview", m);
    }

    private Rendered task(String cluster, String id) {
        JsonNode t = null;
        for (JsonNode n : reads.ecs("DescribeTasks", Map.of("cluster", cluster, "tasks", List.of(id))).path("tasks")) t = n;
        if (t == null) return missing("Task " + id + " does not exist in cluster " + cluster + " (or is no longer kept).");
        Views.Task task = Views.task(t);
        List<Views.Container> containers = new ArrayList<>();
        for (JsonNode c : t.path("containers")) containers.add(Views.container(c));
        Observe observe = new Observe(reads);
        String family = task.taskDefinition().contains(":") ? task.taskDefinition().substring(0, task.taskDefinition().indexOf(':')) : task.taskDefinition();
        Observe.LogTarget logs = observe.logTarget(task.taskDefinition());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster);
        m.put("task", task);
        m.put("containers", containers);
        m.put("charts", List.of(observe.taskMetric(cluster, family, task.id(), "CpuUtilized", "CPU used (units)"),
                observe.taskMetric(cluster, family, task.id(), "MemoryUtilized", "Memory used (MiB)")));
        m.put("logs", logs == null ? List.of() : observe.logs(new Observe.LogTarget(logs.group(), logs.streamPrefix() + task.id()), null));
        m.put("logTarget", logs == null ? "" : logs.group());
        return ok("task.jte", "Task " + task.id(), "overview", m);
    }

    private Rendered newService(String cluster) {
        if (reads.cluster(cluster).isEmpty()) return missing("Cluster " + cluster + " does not exist (or no longer does).");
        List<String> targetGroups = new ArrayList<>();
        reads.elb("DescribeTargetGroups", Map.of()).path("TargetGroups").forEach(t -> targetGroups.add(t.path("TargetGroupArn").asText()));
        List<String> registries = reads.every("servicediscovery", "ListServices", Map.of(), "Services", 1000).stream().map(n -> n.path("Arn").asText()).toList();
        return ok("service-new.jte", "Create service", "overview", Map.of("cluster", cluster, "families", reads.families(), "targetGroups", targetGroups,
                "registries", registries));
    }

    private Rendered taskDefinitions() {
        String registered = param("registered");
        return ok("task-definitions.jte", "Task definitions", "task-definitions", Map.of("families", reads.families(), "registered", registered == null ? "" : registered));
    }

    private Rendered newTaskDefinition() {
        List<String> images = new ArrayList<>();
        for (Views.Repository r : reads.repositories()) {
            for (Views.Image i : reads.images(r.name())) for (String t : i.tags()) images.add(r.uri() + ":" + t);
        }
        return ok("task-definition-new.jte", "Create task definition", "task-definitions", Map.of("images", images, "sizes", TaskDefinitionForm.FARGATE_SIZES,
                "maxContainers", TaskDefinitionForm.MAX_CONTAINERS));
    }

    private Rendered taskDefinition(String name) {
        if (name == null || name.isBlank()) return missing("Name a task definition: ?name=family:revision.");
        JsonNode td = reads.ecs("DescribeTaskDefinition", Map.of("taskDefinition", name)).path("taskDefinition");
        String text;
        try {
            text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(td);
        } catch (java.io.IOException e) {
            text = td.toString();
        }
        return ok("task-definition.jte", "Task definition " + name, "task-definitions", Map.of("name", name, "json", text));
    }

    private Rendered registry() {
        List<Views.Repository> repos = reads.repositories();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Views.Repository r : repos) counts.put(r.name(), reads.images(r.name()).size());
        return ok("registry.jte", "Registry", "registry", Map.of("repositories", repos, "counts", counts, "host", host));
    }

    private Rendered repository(String name) {
        if (name == null || name.isBlank()) return missing("Name a repository: ?name=….");
        Optional<Views.Repository> repo = reads.repository(name);
        if (repo.isEmpty()) return missing("Repository " + name + " does not exist (or no longer does).");
        String lifecycle = "";
        try {
            lifecycle = reads.ecsLike("ecr", "GetLifecyclePolicy", Map.of("repositoryName", name)).path("lifecyclePolicyText").asText("");
        } catch (AwsException e) {
            lifecycle = "";
        }
        List<Views.Image> expiring = new ArrayList<>();
        String previewStatus = "";
        if (!lifecycle.isEmpty()) {
            try {
                JsonNode preview = reads.ecsLike("ecr", "GetLifecyclePolicyPreview", Map.of("repositoryName", name));
                previewStatus = preview.path("status").asText("");
                preview.path("previewResults").forEach(r -> expiring.add(Views.image(r)));
            } catch (AwsException e) {
                previewStatus = ""; // no preview started yet
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repository", repo.get());
        m.put("images", reads.images(name));
        m.put("host", host);
        m.put("lifecycle", lifecycle);
        m.put("previewStatus", previewStatus);
        m.put("expiring", expiring);
        return ok("repository.jte", "Repository " + name, "registry", m);
    }

    private Rendered loadBalancers() {
        return ok("load-balancers.jte", "Load balancers", "load-balancers", LoadBalancerViews.read(reads));
    }

    private Rendered missing(String message) {
        return new Rendered(404, "missing.jte", Map.of("page", page("Not found", ""), "message", message));
    }

    private Rendered ok(String template, String title, String section, Map<String, Object> params) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("page", page(title, section));
        return new Rendered(200, template, all);
    }

    private Page page(String title, String section) {
        return new Page(title, section, session.token(), session.who(), secure);
    }

    private String param(String name) {
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
