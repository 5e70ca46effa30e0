package io.dockyard.autoscaling.api;

import io.dockyard.protocol.JsonInput;
import io.dockyard.autoscaling.model.ScheduledAction;
import io.dockyard.autoscaling.model.TargetKey;
import io.dockyard.core.schedule.Schedule;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** PutScheduledAction, DescribeScheduledActions and DeleteScheduledAction. */
final class ScheduleOperations {
    /** The API's ScheduledActionName pattern: no leading or trailing space, no control characters, no {@code : / |}. */
    static final Pattern NAME = Pattern.compile("(?!((^[ ]+.*)|(.*([\\u0000-\\u001f]|[\\u007f-\\u009f]|[:/|])+.*)|(.*[ ]+$))).+");
    static final int MAX_ACTIONS = 200;

    private final Api api;

    ScheduleOperations(Api api) { this.api = api; }

    List<Operation> all() {
        return List.of(NamedOperation.of("PutScheduledAction", this::put), NamedOperation.of("DescribeScheduledActions", this::describe),
                NamedOperation.of("DeleteScheduledAction", this::delete));
    }

    private Object put(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.required("ScheduledActionName");
        if (name.length() > 256 || !NAME.matcher(name).matches()) {
            throw Errors.invalid("1 validation error detected: Value '" + name + "' at 'scheduledActionName' failed to satisfy constraint: Member must satisfy regular expression pattern");
        }
        TargetKey k = Api.key(in);
        String schedule = in.str("Schedule"), timezone = in.str("Timezone");
        Instant start = in.instant("StartTime"), end = in.instant("EndTime");
        JsonInput action = in.struct("ScalableTargetAction");
        Integer min = action == null ? null : action.integer("MinCapacity"), max = action == null ? null : action.integer("MaxCapacity");
        if (min != null && min < 0 || max != null && max < 0) throw Errors.invalid("MinCapacity and MaxCapacity must be greater than or equal to 0.");
        if (min != null && max != null && min > max) throw Errors.invalid("Minimum capacity cannot be greater than maximum capacity");
        if (start != null && end != null && !end.isAfter(start)) throw Errors.invalid("EndTime must be after StartTime.");
        try {
            if (schedule != null) Schedule.parse(schedule);
            Schedule.zone(timezone);
        } catch (Schedule.Invalid e) {
            throw Errors.invalid(e.getMessage());
        }
        api.registered(k);
        ScheduledAction old = api.state().scheduled(k, name);
        if (old == null && schedule == null) throw Errors.invalid("Schedule is required when creating a scheduled action.");
        if (old == null && min == null && max == null) throw Errors.invalid("ScalableTargetAction must set MinCapacity, MaxCapacity or both.");
        if (old == null && api.state().scheduled().stream().filter(a -> a.target().equals(k)).count() >= MAX_ACTIONS) {
            throw new io.dockyard.core.AwsException("LimitExceededException", 400, "A scalable target can have at most " + MAX_ACTIONS + " scheduled actions.");
        }
        String arn = old != null ? old.arn() : "arn:aws:autoscaling:" + ctx.region() + ":" + ctx.account() + ":scheduledAction:" + UUID.randomUUID()
                + ":resource/" + k.namespace() + "/" + k.resourceId() + ":scheduledActionName/" + name;
        ScheduledAction a = new ScheduledAction(name, arn, k, schedule != null ? schedule : old.schedule(),
                timezone != null ? timezone : old == null ? null : old.timezone(), start != null ? start : old == null ? null : old.startTime(),
                end != null ? end : old == null ? null : old.endTime(), action != null ? min : old.minCapacity(), action != null ? max : old.maxCapacity(),
                old != null ? old.created() : api.clock().instant());
        api.state().put(a);
        return Out.obj();
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String ns = Api.namespace(in);
        List<String> names = in.strings("ScheduledActionNames");
        String id = in.str("ResourceId");
        String dimension = Api.dimension(in, false);
        List<ScheduledAction> all = api.state().scheduled().stream()
                .filter(a -> a.target().namespace().equals(ns) && (names.isEmpty() || names.contains(a.name())) && (id == null || id.equals(a.target().resourceId()))
                        && (dimension == null || dimension.equals(a.target().dimension())))
                .toList();
        return Api.page(all, in, "ScheduledActions", Wire::scheduled);
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.required("ScheduledActionName");
        TargetKey k = Api.key(in);
        if (api.state().removeScheduled(k, name) == null) {
            throw Errors.notFound("No scheduled action found for service namespace: " + k.namespace() + ", resource ID: " + k.resourceId()
                    + ", scalable dimension: " + k.dimension() + ", scheduled action name: " + name);
        }
        return Out.obj();
    }
}
