package io.dockyard.server;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.EcsTaskRunner;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * EventBridge's ECS targets through ECS's own RunTask operation: the target's parameters become a RunTask request (as
 * EventBridge sends it), so the tasks are checked, placed and started as any other; a refusal or a failure to place is
 * the delivery's failure (retried, then dead-lettered).
 */
final class EcsTargetRunner implements EcsTaskRunner {
    private final Operation runTask;
    private final String region;
    private final String account;

    EcsTargetRunner(Operation runTask, String region, String account) {
        this.runTask = runTask;
        this.region = region;
        this.account = account;
    }

    @Override
    public List<String> run(Run r) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("cluster", r.cluster());
        in.put("taskDefinition", r.taskDefinition());
        in.put("count", r.count());
        if (r.launchType() != null) in.put("launchType", r.launchType());
        if (!r.capacityProviderStrategy().isEmpty()) {
            in.put("capacityProviderStrategy", r.capacityProviderStrategy().stream()
                    .map(s -> Map.<String, Object>of("capacityProvider", s.capacityProvider(), "weight", s.weight(), "base", s.base())).toList());
        }
        if (r.subnets() != null && !r.subnets().isEmpty()) {
            Map<String, Object> vpc = new LinkedHashMap<>();
            vpc.put("subnets", r.subnets());
            if (r.securityGroups() != null && !r.securityGroups().isEmpty()) vpc.put("securityGroups", r.securityGroups());
            if (r.assignPublicIp() != null) vpc.put("assignPublicIp", r.assignPublicIp());
            in.put("networkConfiguration", Map.of("awsvpcConfiguration", vpc));
        }
        if (r.platformVersion() != null) in.put("platformVersion", r.platformVersion());
        if (r.group() != null) in.put("group", r.group());
        if (r.tags() != null && !r.tags().isEmpty()) in.put("tags", r.tags().stream().map(t -> Map.<String, Object>of("key", t.key(), "value", t.value())).toList());
        if (r.enableExecuteCommand()) in.put("enableExecuteCommand", true);
        if (r.propagateTags() != null) in.put("propagateTags", r.propagateTags());
        if (r.referenceId() != null) in.put("referenceId", r.referenceId());
        if (r.startedBy() != null) in.put("startedBy", r.startedBy().length() > 128 ? r.startedBy().substring(0, 128) : r.startedBy());
        if (r.overridesJson() != null) {
            try {
                in.put("overrides", Json.MAPPER.readValue(r.overridesJson(), Map.class));
            } catch (java.io.IOException e) {
                throw new Failed("The target's input is not a JSON object of task overrides: " + e.getMessage());
            }
        }
        Object out;
        try {
            out = runTask.handle(in, new RequestContext(UUID.randomUUID().toString(), region, "events.amazonaws.com", account));
        } catch (AwsException e) {
            throw new Failed(e.code() + ": " + e.getMessage());
        }
        List<String> arns = new ArrayList<>();
        if (out instanceof Map<?, ?> m) {
            if (m.get("tasks") instanceof List<?> tasks) for (Object t : tasks) if (t instanceof Map<?, ?> tm && tm.get("taskArn") != null) arns.add(String.valueOf(tm.get("taskArn")));
            if (arns.isEmpty() && m.get("failures") instanceof List<?> f && !f.isEmpty()) throw new Failed("RunTask placed no task: " + Json.write(f));
        }
        if (arns.isEmpty()) throw new Failed("RunTask started no task.");
        return arns;
    }
}
