package io.dockyard.api.ecs;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS's IAM actions ({@code ecs:<Operation>}) and resources: the agent's Poll and StartTelemetrySession its container
 * instance's ARN; CreateCluster the new cluster's ARN; an operation naming a
 * service that service's ARN ({@code service/<cluster>/<name>}); one naming a cluster (List* aside) the cluster's ARN.
 * Without a cluster: the tasks StopTask and DescribeTasks name ({@code task/default/<id>}), else the task definition
 * RunTask, StartTask, DescribeTaskDefinition and DeregisterTaskDefinition name ({@code task-definition/<family>:<revision>},
 * a bare family {@code <family>:*}). Condition keys: {@code ecs:cluster} and, for RunTask and StartTask, {@code ecs:task-definition}.
 */
public final class EcsAccess implements AccessMapping {
    private static final java.util.Set<String> TASK_DEFINITION_OPS = java.util.Set.of("RunTask", "StartTask", "DescribeTaskDefinition", "DeregisterTaskDefinition");

    @Override
    public String service() { return "ecs"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        String r = ctx.region(), a = ctx.account();
        String cluster = in.get("cluster") instanceof String c ? c : null;
        String clusterName = cluster == null ? "default" : cluster.startsWith("arn:") ? cluster.substring(cluster.lastIndexOf('/') + 1) : cluster;
        List<String> out = new ArrayList<>();
        if (("Poll".equals(operation) || "StartTelemetrySession".equals(operation)) && in.get("containerInstance") instanceof String ci) {
            out.add(ci); // the agent protocol's calls on its container instance (AgentAuth)
        } else if ("CreateCluster".equals(operation) && in.get("clusterName") instanceof String n) {
            out.add("arn:aws:ecs:" + r + ":" + a + ":cluster/" + n);
        } else if (in.get("service") instanceof String s) {
            out.add(s.startsWith("arn:") ? s : "arn:aws:ecs:" + r + ":" + a + ":service/" + clusterName + "/" + s);
        } else if (cluster != null && !operation.startsWith("List")) {
            out.add(cluster.startsWith("arn:") ? cluster : "arn:aws:ecs:" + r + ":" + a + ":cluster/" + cluster);
        } else if (cluster == null && ("StopTask".equals(operation) || "DescribeTasks".equals(operation))) {
            if (in.get("task") instanceof String t) out.add(taskArn(r, a, t));
            if (in.get("tasks") instanceof List<?> ts) ts.forEach(t -> out.add(taskArn(r, a, String.valueOf(t))));
        } else if (cluster == null && TASK_DEFINITION_OPS.contains(operation) && in.get("taskDefinition") instanceof String td) {
            out.add(taskDefinitionArn(r, a, td));
        }
        return out;
    }

    @Override
    public Map<String, List<String>> conditions(String operation, Map<String, Object> in, RequestContext ctx) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        if (in.get("cluster") instanceof String cl) {
            c.put("ecs:cluster", List.of(cl.startsWith("arn:") ? cl : "arn:aws:ecs:" + ctx.region() + ":" + ctx.account() + ":cluster/" + cl));
        }
        if (("RunTask".equals(operation) || "StartTask".equals(operation)) && in.get("taskDefinition") instanceof String td) {
            c.put("ecs:task-definition", List.of(taskDefinitionArn(ctx.region(), ctx.account(), td)));
        }
        return c;
    }

    static String taskArn(String region, String account, String task) {
        return task.startsWith("arn:") ? task : "arn:aws:ecs:" + region + ":" + account + ":task/default/" + task;
    }

    static String taskDefinitionArn(String region, String account, String td) {
        if (td.startsWith("arn:")) return td;
        return "arn:aws:ecs:" + region + ":" + account + ":task-definition/" + (td.contains(":") ? td : td + ":*");
    }
}
