package io.dockyard.events.scheduler;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.Tag;
import io.dockyard.core.schedule.Schedule;
import io.dockyard.events.rules.Target;
import io.dockyard.protocol.Http;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.Out;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * EventBridge Scheduler's REST API (restJson1, signing name {@code scheduler}): {@code /schedules/{Name}} (POST create,
 * GET, PUT update, DELETE), {@code /schedules} (list), {@code /schedule-groups/{Name}} and {@code /schedule-groups},
 * {@code /tags/{ResourceArn}}. Errors carry {@code x-amzn-ErrorType} and {@code {"Message": …}} as the service does.
 */
public final class SchedulerApi extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(SchedulerApi.class);
    static final Pattern NAME = Pattern.compile("[0-9a-zA-Z\\-_.]{1,64}");

    private final Schedules schedules;
    private final Clock clock;
    private final String region;
    private final String account;
    private volatile io.dockyard.protocol.Gate gate = io.dockyard.protocol.Gate.LOCAL;

    public SchedulerApi(Schedules schedules, Clock clock, String region, String account) {
        this.schedules = schedules;
        this.clock = clock;
        this.region = region;
        this.account = account;
    }

    /** Who may call: every request is authenticated and authorized by the gate as the JSON and Query services are. */
    public SchedulerApi gate(io.dockyard.protocol.Gate gate) {
        this.gate = gate;
        return this;
    }

    /** Whether a request is for Scheduler: signed for the service {@code scheduler}. */
    public static boolean accepts(Request r) { return "scheduler".equals(io.dockyard.protocol.Family.signingService(r)); }

    static AwsException validation(String m) { return new AwsException("ValidationException", 400, m); }

    static AwsException notFound(String m) { return new AwsException("ResourceNotFoundException", 404, m); }

    static AwsException conflict(String m) { return new AwsException("ConflictException", 409, m); }

    String scheduleArn(String group, String name) { return "arn:aws:scheduler:" + region + ":" + account + ":schedule/" + group + "/" + name; }

    String groupArn(String name) { return "arn:aws:scheduler:" + region + ":" + account + ":schedule-group/" + name; }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String requestId = java.util.UUID.randomUUID().toString();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        int status = 200;
        Object body;
        try {
            body = route(request, requestId);
        } catch (AwsException e) {
            status = e.status();
            response.getHeaders().put("x-amzn-ErrorType", e.code());
            body = Out.obj().with("Message", e.getMessage());
        } catch (RuntimeException e) {
            log.error("scheduler request {} failed", requestId, e);
            status = 500;
            response.getHeaders().put("x-amzn-ErrorType", "InternalServerException");
            body = Out.obj().with("Message", "An internal error occurred (request " + requestId + ").");
        }
        Http.sendJson(response, callback, status, body);
        return true;
    }

    private Object route(Request request, String requestId) throws java.io.IOException {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Fields query = Request.extractQueryParameters(request);
        String[] parts = path.split("/");
        String first = parts.length > 1 ? parts[1] : "";
        String rest = parts.length > 2 ? URLDecoder.decode(path.substring(first.length() + 2), StandardCharsets.UTF_8) : null;
        Map<String, Object> in = Map.of();
        byte[] raw = Http.body(request);
        if (raw.length > 0) {
            try {
                @SuppressWarnings("unchecked") Map<String, Object> m = Json.MAPPER.readValue(raw, Map.class);
                in = m;
            } catch (java.io.IOException e) {
                throw new AwsException("SerializationException", 400, "The request body is not valid JSON.");
            }
        }
        JsonInput body = new JsonInput(in);
        String key = first + " " + method + " " + (rest == null ? "-" : "name");
        String operation = SchedulerAccess.OPERATIONS.get(key);
        if (operation == null) throw new AwsException("UnknownOperationException", 404, "No Scheduler operation answers " + method + " " + path + ".");
        io.dockyard.protocol.Gate.Caller caller = gate.authenticate(io.dockyard.protocol.Gate.signed(request, Http.raw(request)),
                io.dockyard.protocol.Gate.sourceIp(request), false);
        io.dockyard.protocol.RequestContext ctx = new io.dockyard.protocol.RequestContext(requestId, caller.region() != null ? caller.region() : region,
                caller.accessKeyId(), account);
        gate.authorize(caller, SchedulerAccess.SERVICE, operation, SchedulerAccess.input(key, rest, query.getValue("groupName"), in), ctx, false);
        return switch (key) {
            case "schedules POST name" -> createOrUpdate(rest, body, true);
            case "schedules PUT name" -> createOrUpdate(rest, body, false);
            case "schedules GET name" -> get(rest, query.getValue("groupName"));
            case "schedules DELETE name" -> delete(rest, query.getValue("groupName"));
            case "schedules GET -" -> list(query);
            case "schedule-groups POST name" -> createGroup(rest, body);
            case "schedule-groups GET name" -> groupOut(group(rest));
            case "schedule-groups DELETE name" -> deleteGroup(rest);
            case "schedule-groups GET -" -> Out.obj().with("ScheduleGroups", schedules.groups().stream().map(g -> (Object) groupOut(g)).toList());
            case "tags GET name" -> Out.obj().with("Tags", wire(group(groupOfArn(rest)).tags()));
            case "tags POST name" -> tag(groupOfArn(rest), tags(body, "Tags"), List.of());
            case "tags DELETE name" -> tag(groupOfArn(rest), List.of(), query.getValues("TagKeys"));
            default -> throw new AwsException("UnknownOperationException", 404, "No Scheduler operation answers " + method + " " + path + ".");
        };
    }

    private ScheduleGroup group(String name) {
        ScheduleGroup g = schedules.group(name == null || name.isEmpty() ? "default" : name);
        if (g == null) throw notFound("Schedule group " + name + " does not exist.");
        return g;
    }

    private String groupOfArn(String arn) {
        int i = arn.indexOf(":schedule-group/");
        if (i < 0) throw validation("Tags are supported on schedule groups: " + arn);
        return arn.substring(i + 16);
    }

    private Object createOrUpdate(String name, JsonInput in, boolean create) {
        if (!NAME.matcher(name).matches()) throw validation("Invalid schedule name " + name + ".");
        String groupName = in.str("GroupName") == null ? "default" : in.str("GroupName");
        group(groupName);
        String expression = in.required("ScheduleExpression");
        String tz = in.str("ScheduleExpressionTimezone");
        try {
            Schedule.parse(expression, true);
            Schedule.zone(tz);
        } catch (Schedule.Invalid e) {
            throw validation("Invalid Schedule Expression " + expression + ". " + e.getMessage());
        }
        JsonInput window = in.struct("FlexibleTimeWindow");
        if (window == null) throw validation("1 validation error detected: Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null");
        String mode = window.required("Mode");
        Integer max = window.integer("MaximumWindowInMinutes");
        if (!mode.equals("OFF") && !mode.equals("FLEXIBLE")) throw validation("Invalid FlexibleTimeWindow Mode " + mode + ".");
        if (mode.equals("FLEXIBLE") && (max == null || max < 1 || max > 1440)) {
            throw validation("MaximumWindowInMinutes must be between 1 and 1440 for a FLEXIBLE window.");
        }
        JsonInput t = in.struct("Target");
        if (t == null) throw validation("1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null");
        Target target = target(t);
        String state = in.str("State") == null ? "ENABLED" : in.str("State");
        if (!state.equals("ENABLED") && !state.equals("DISABLED")) throw validation("Invalid State " + state + ".");
        String after = in.str("ActionAfterCompletion") == null ? "NONE" : in.str("ActionAfterCompletion");
        if (!after.equals("NONE") && !after.equals("DELETE")) throw validation("Invalid ActionAfterCompletion " + after + ".");
        Instant start = in.instant("StartDate"), end = in.instant("EndDate");
        if (start != null && end != null && !end.isAfter(start)) throw validation("The EndDate must be after the StartDate.");
        Instant now = clock.instant();
        synchronized (schedules) {
            ScheduleSpec old = schedules.schedule(groupName, name);
            if (create && old != null) throw conflict("Schedule " + name + " already exists.");
            if (!create && old == null) throw notFound("Schedule " + name + " does not exist.");
            boolean same = old != null && old.expression().equals(expression);
            schedules.put(new ScheduleSpec(name, groupName, scheduleArn(groupName, name), expression, tz, mode, max == null ? 0 : max, target, start, end,
                    state, in.str("Description"), after, old == null ? now : (same ? old.created() : now), now, same ? old.lastFired() : null));
        }
        return Out.obj().with("ScheduleArn", scheduleArn(groupName, name));
    }

    private static Target target(JsonInput t) {
        String arn = t.required("Arn");
        String role = t.required("RoleArn");
        if (!arn.startsWith("arn:")) throw validation("Invalid Target Arn " + arn + ".");
        JsonInput e = t.struct("EcsParameters");
        if (arn.contains(":ecs:") && e == null) throw validation("EcsParameters must be specified for an ECS target.");
        Target.Ecs ecs = null;
        if (e != null) {
            List<Tag> tags = new ArrayList<>();
            if (e.raw("Tags") instanceof List<?> l) {
                for (Object o : l) if (o instanceof Map<?, ?> m) m.forEach((k, v) -> tags.add(new Tag(String.valueOf(k), String.valueOf(v))));
            }
            ecs = io.dockyard.events.api.TargetWire.ecs(e, tags);
        }
        Target.Retry retry = io.dockyard.events.api.TargetWire.retry(t.struct("RetryPolicy"));
        JsonInput dlq = t.struct("DeadLetterConfig");
        JsonInput sqs = t.struct("SqsParameters");
        return new Target("scheduler", arn, role, t.str("Input"), null, null, ecs, sqs == null ? null : sqs.str("MessageGroupId"), retry,
                dlq == null ? null : dlq.str("Arn"));
    }

    private Object get(String name, String groupName) {
        String g = groupName == null ? "default" : groupName;
        ScheduleSpec s = schedules.schedule(g, name);
        if (s == null) throw notFound("Schedule " + name + " does not exist.");
        Out window = Out.obj().with("Mode", s.flexibleMode());
        if (s.maxWindowMinutes() > 0) window.with("MaximumWindowInMinutes", s.maxWindowMinutes());
        return Out.obj().with("Arn", s.arn()).with("Name", s.name()).with("GroupName", s.group()).with("ScheduleExpression", s.expression())
                .with("ScheduleExpressionTimezone", s.timezone()).with("FlexibleTimeWindow", window).with("Target", wire(s.target()))
                .with("StartDate", s.startDate()).with("EndDate", s.endDate()).with("State", s.state()).with("Description", s.description())
                .with("ActionAfterCompletion", s.actionAfterCompletion()).with("CreationDate", s.created()).with("LastModificationDate", s.modified());
    }

    private static Out wire(Target t) {
        return io.dockyard.events.api.TargetWire.common(Out.obj().with("Arn", t.arn()).with("RoleArn", t.roleArn()).with("Input", t.input()), t);
    }

    private Object delete(String name, String groupName) {
        if (!schedules.remove(groupName == null ? "default" : groupName, name)) throw notFound("Schedule " + name + " does not exist.");
        return Out.obj();
    }

    private Object list(Fields q) {
        String group = q.getValue("ScheduleGroup"), prefix = q.getValue("NamePrefix"), state = q.getValue("State");
        List<Object> out = new ArrayList<>();
        for (ScheduleSpec s : schedules.all()) {
            if (group != null && !group.equals(s.group())) continue;
            if (prefix != null && !s.name().startsWith(prefix)) continue;
            if (state != null && !state.equals(s.state())) continue;
            out.add(Out.obj().with("Arn", s.arn()).with("Name", s.name()).with("GroupName", s.group()).with("State", s.state())
                    .with("CreationDate", s.created()).with("LastModificationDate", s.modified()).with("Target", Out.obj().with("Arn", s.target().arn())));
        }
        return Out.obj().with("Schedules", out);
    }

    private Object createGroup(String name, JsonInput in) {
        if (!NAME.matcher(name).matches()) throw validation("Invalid schedule group name " + name + ".");
        synchronized (schedules) {
            if (schedules.group(name) != null) throw conflict("Schedule group " + name + " already exists.");
            Instant now = clock.instant();
            schedules.putGroup(new ScheduleGroup(name, groupArn(name), "ACTIVE", now, now, tags(in, "Tags")));
        }
        return Out.obj().with("ScheduleGroupArn", groupArn(name));
    }

    private Object deleteGroup(String name) {
        if ("default".equals(name)) throw validation("The default schedule group cannot be deleted.");
        group(name);
        schedules.removeGroup(name);
        return Out.obj();
    }

    private static Out groupOut(ScheduleGroup g) {
        return Out.obj().with("Arn", g.arn()).with("Name", g.name()).with("State", g.state()).with("CreationDate", g.created())
                .with("LastModificationDate", g.modified());
    }

    private Object tag(String groupName, List<Tag> add, List<String> remove) {
        ScheduleGroup g = group(groupName);
        Map<String, String> m = new LinkedHashMap<>();
        g.tags().forEach(t -> m.put(t.key(), t.value()));
        add.forEach(t -> m.put(t.key(), t.value()));
        remove.forEach(m::remove);
        List<Tag> tags = new ArrayList<>();
        m.forEach((k, v) -> tags.add(new Tag(k, v)));
        schedules.putGroup(new ScheduleGroup(g.name(), g.arn(), g.state(), g.created(), clock.instant(), tags));
        return Out.obj();
    }

    private static List<Tag> tags(JsonInput in, String member) {
        List<Tag> out = new ArrayList<>();
        for (JsonInput t : in.structs(member)) out.add(new Tag(t.required("Key"), t.required("Value")));
        return out;
    }

    private static List<Object> wire(List<Tag> tags) {
        return tags.stream().map(t -> (Object) Map.of("Key", t.key(), "Value", t.value())).toList();
    }
}
