package io.dockyard.events.scheduler;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * EventBridge Scheduler's IAM actions ({@code scheduler:<Operation>}; its REST routes named here) and resources: the
 * schedule a call names ({@code schedule/<group>/<name>}), the schedule group ({@code schedule-group/<name>}), a tagging
 * call's resource ARN; the List operations name none.
 */
public final class SchedulerAccess implements AccessMapping {
    public static final String SERVICE = "scheduler";
    /** The operation of a route ({@code <first path segment> <method> <name or ->}). */
    static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("schedules POST name", "CreateSchedule"), Map.entry("schedules PUT name", "UpdateSchedule"),
            Map.entry("schedules GET name", "GetSchedule"), Map.entry("schedules DELETE name", "DeleteSchedule"),
            Map.entry("schedules GET -", "ListSchedules"), Map.entry("schedule-groups POST name", "CreateScheduleGroup"),
            Map.entry("schedule-groups GET name", "GetScheduleGroup"), Map.entry("schedule-groups DELETE name", "DeleteScheduleGroup"),
            Map.entry("schedule-groups GET -", "ListScheduleGroups"), Map.entry("tags GET name", "ListTagsForResource"),
            Map.entry("tags POST name", "TagResource"), Map.entry("tags DELETE name", "UntagResource"));

    @Override
    public String service() { return SERVICE; }

    /** The input the mapping reads: the body, with the path's name as {@code Name} (or {@code ResourceArn}) and the group. */
    static Map<String, Object> input(String route, String name, String groupQuery, Map<String, Object> body) {
        Map<String, Object> in = new HashMap<>(body);
        if (name != null) in.put(route.startsWith("tags") ? "ResourceArn" : "Name", name);
        if (groupQuery != null && !in.containsKey("GroupName")) in.put("GroupName", groupQuery);
        return in;
    }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        String prefix = "arn:aws:scheduler:" + ctx.region() + ":" + ctx.account() + ":";
        if (in.get("ResourceArn") instanceof String arn) return List.of(arn);
        if (!(in.get("Name") instanceof String name)) return List.of();
        if (operation.endsWith("ScheduleGroup")) return List.of(prefix + "schedule-group/" + name);
        String group = in.get("GroupName") instanceof String g && !g.isEmpty() ? g : "default";
        return List.of(prefix + "schedule/" + group + "/" + name);
    }
}
