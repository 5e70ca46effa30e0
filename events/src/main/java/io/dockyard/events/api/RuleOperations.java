package io.dockyard.events.api;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.Tag;
import io.dockyard.core.schedule.Schedule;
import io.dockyard.events.pattern.EventPattern;
import io.dockyard.events.rules.Bus;
import io.dockyard.events.rules.Rule;
import io.dockyard.events.rules.RuleState;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** PutRule, DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule, and the tags of rules and buses. */
final class RuleOperations {
    private final RuleState state;
    private final Names names;
    private final Clock clock;

    RuleOperations(RuleState state, Names names, Clock clock) {
        this.state = state;
        this.names = names;
        this.clock = clock;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("PutRule", this::put), NamedOperation.of("DescribeRule", this::describe),
                NamedOperation.of("ListRules", this::list), NamedOperation.of("EnableRule", (i, c) -> state(i, "ENABLED")),
                NamedOperation.of("DisableRule", (i, c) -> state(i, "DISABLED")), NamedOperation.of("DeleteRule", this::delete),
                NamedOperation.of("TagResource", this::tag), NamedOperation.of("UntagResource", this::untag),
                NamedOperation.of("ListTagsForResource", this::listTags));
    }

    private Object put(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = Names.ruleName(in, "Name");
        Bus bus = names.bus(in, "EventBusName");
        String pattern = in.str("EventPattern"), schedule = in.str("ScheduleExpression");
        if (pattern == null && schedule == null) throw Names.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        if (pattern != null) {
            try {
                EventPattern.parse(pattern);
            } catch (EventPattern.Invalid e) {
                throw new AwsException("InvalidEventPatternException", 400, e.getMessage());
            }
        }
        if (schedule != null) {
            if (!Names.DEFAULT.equals(bus.name())) throw Names.validation("ScheduleExpression is supported only on the default event bus.");
            try {
                Schedule s = Schedule.parse(schedule, true);
                if (s instanceof Schedule.At) throw new Schedule.Invalid("at() is a Scheduler expression");
            } catch (Schedule.Invalid e) {
                throw Names.validation("Parameter ScheduleExpression is not valid.");
            }
        }
        String st = in.str("State");
        if (st == null) st = "ENABLED";
        if (!st.equals("ENABLED") && !st.equals("DISABLED")) throw in.constraint("state", st, "Member must satisfy enum value set: [ENABLED, DISABLED]");
        String desc = in.str("Description");
        if (desc != null && desc.length() > 512) throw in.constraint("description", desc, "Member must have length less than or equal to 512");
        String state0 = st;
        synchronized (state) {
            Rule old = state.rule(bus.name(), name);
            Instant anchor = old != null && Objects.equals(old.scheduleExpression(), schedule) ? old.scheduleAnchor() : clock.instant();
            Instant fired = old != null && Objects.equals(old.scheduleExpression(), schedule) ? old.lastFired() : null;
            List<Tag> tags = old == null ? Names.tags(in, "Tags") : old.tags();
            state.putRule(new Rule(name, bus.name(), names.ruleArn(bus.name(), name), pattern, schedule, state0, desc, in.str("RoleArn"), tags,
                    old == null ? List.of() : old.targets(), anchor, fired));
        }
        return Out.obj().with("RuleArn", names.ruleArn(bus.name(), name));
    }

    static Out wire(Rule r) {
        return Out.obj().with("Name", r.name()).with("Arn", r.arn()).with("EventPattern", r.eventPattern()).with("ScheduleExpression", r.scheduleExpression())
                .with("State", r.state()).with("Description", r.description()).with("RoleArn", r.roleArn()).with("EventBusName", r.bus());
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Bus bus = names.bus(in, "EventBusName");
        return wire(names.rule(bus, in.required("Name"))).with("CreatedBy", ctx.account());
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Bus bus = names.bus(in, "EventBusName");
        String prefix = in.str("NamePrefix");
        Integer limit = in.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) throw in.constraint("limit", limit, "Member must have value between 1 and 100");
        List<Rule> rules = state.rules(bus.name()).stream().filter(r -> prefix == null || r.name().startsWith(prefix)).toList();
        int from = 0;
        String token = in.str("NextToken");
        if (token != null) {
            while (from < rules.size() && rules.get(from).name().compareTo(token) <= 0) from++;
        }
        int to = limit == null ? rules.size() : Math.min(rules.size(), from + limit);
        List<Object> out = new ArrayList<>();
        for (Rule r : rules.subList(from, to)) out.add(wire(r));
        return Out.obj().with("Rules", out).with("NextToken", to < rules.size() ? rules.get(to - 1).name() : null);
    }

    private Object state(Map<String, Object> input, String to) {
        JsonInput in = new JsonInput(input);
        Bus bus = names.bus(in, "EventBusName");
        Rule r = names.rule(bus, in.required("Name"));
        state.update(bus.name(), r.name(), x -> x.withState(to));
        return Out.obj();
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Bus bus = names.bus(in, "EventBusName");
        Rule r = state.rule(bus.name(), in.required("Name"));
        if (r == null) return Out.obj();
        if (!r.targets().isEmpty() && !Boolean.TRUE.equals(in.bool("Force"))) throw Names.validation("Rule can't be deleted since it has targets.");
        state.removeRule(bus.name(), r.name());
        return Out.obj();
    }

    /** A rule or bus by ARN: [bus, rule name or null]. */
    private String[] resource(String arn) {
        int i = arn == null ? -1 : arn.indexOf(":rule/");
        if (i >= 0) {
            String rest = arn.substring(i + 6);
            int slash = rest.lastIndexOf('/');
            String bus = slash < 0 ? Names.DEFAULT : rest.substring(0, slash);
            String rule = rest.substring(slash + 1);
            if (state.rule(bus, rule) == null) throw Names.notFound("Rule " + rule + " does not exist on EventBus " + bus + ".");
            return new String[]{bus, rule};
        }
        int b = arn == null ? -1 : arn.indexOf(":event-bus/");
        if (b >= 0 && state.bus(arn.substring(b + 11)) != null) return new String[]{arn.substring(b + 11), null};
        throw Names.notFound("Resource " + arn + " does not exist.");
    }

    private Object tag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String[] r = resource(in.required("ResourceARN"));
        List<Tag> add = Names.tags(in, "Tags");
        if (r[1] != null) state.update(r[0], r[1], x -> x.withTags(merge(x.tags(), add, List.of())));
        else {
            Bus b = state.bus(r[0]);
            state.putBus(new Bus(b.name(), b.arn(), b.description(), b.created(), merge(b.tags(), add, List.of())));
        }
        return Out.obj();
    }

    private Object untag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String[] r = resource(in.required("ResourceARN"));
        List<String> keys = in.strings("TagKeys");
        if (r[1] != null) state.update(r[0], r[1], x -> x.withTags(merge(x.tags(), List.of(), keys)));
        else {
            Bus b = state.bus(r[0]);
            state.putBus(new Bus(b.name(), b.arn(), b.description(), b.created(), merge(b.tags(), List.of(), keys)));
        }
        return Out.obj();
    }

    private Object listTags(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String[] r = resource(in.required("ResourceARN"));
        List<Tag> tags = r[1] != null ? state.rule(r[0], r[1]).tags() : state.bus(r[0]).tags();
        return Out.obj().with("Tags", Names.wire(tags));
    }

    private static List<Tag> merge(List<Tag> have, List<Tag> add, List<String> remove) {
        Map<String, String> m = new LinkedHashMap<>();
        have.forEach(t -> m.put(t.key(), t.value()));
        add.forEach(t -> m.put(t.key(), t.value()));
        remove.forEach(m::remove);
        List<Tag> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }
}
