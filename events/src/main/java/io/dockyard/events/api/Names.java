package io.dockyard.events.api;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.Tag;
import io.dockyard.events.rules.Bus;
import io.dockyard.events.rules.Rule;
import io.dockyard.events.rules.RuleState;
import io.dockyard.protocol.JsonInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What the EventBridge operations share: names, ARNs, lookups, tags and the errors. */
final class Names {
    static final String DEFAULT = "default";
    static final Pattern NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
    static final Pattern BUS_NAME = Pattern.compile("[/\\.\\-_A-Za-z0-9]{1,256}");

    private final RuleState state;
    private final String region;
    private final String account;

    Names(RuleState state, String region, String account) {
        this.state = state;
        this.region = region;
        this.account = account;
    }

    static AwsException validation(String message) { return new AwsException("ValidationException", 400, message); }

    static AwsException notFound(String message) { return new AwsException("ResourceNotFoundException", 400, message); }

    String busArn(String name) { return "arn:aws:events:" + region + ":" + account + ":event-bus/" + name; }

    String ruleArn(String bus, String name) {
        return "arn:aws:events:" + region + ":" + account + ":rule/" + (DEFAULT.equals(bus) ? "" : bus + "/") + name;
    }

    /** The bus a request names (its name or ARN; default when absent); ResourceNotFoundException when there is none. */
    Bus bus(JsonInput in, String member) {
        String v = in.str(member);
        String name = v == null || v.isEmpty() ? DEFAULT : v.startsWith("arn:") ? v.substring(v.indexOf(":event-bus/") + 11) : v;
        Bus b = state.bus(name);
        if (b == null) throw notFound("Event bus " + name + " does not exist.");
        return b;
    }

    Rule rule(Bus bus, String name) {
        Rule r = state.rule(bus.name(), name);
        if (r == null) throw notFound("Rule " + name + " does not exist on EventBus " + bus.name() + ".");
        return r;
    }

    static String ruleName(JsonInput in, String member) {
        String name = in.required(member);
        if (!NAME.matcher(name).matches()) throw in.constraint(member, name, "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        return name;
    }

    static List<Tag> tags(JsonInput in, String member) {
        List<Tag> out = new ArrayList<>();
        for (JsonInput t : in.structs(member)) out.add(new Tag(t.required("Key"), t.str("Value") == null ? "" : t.str("Value")));
        return out;
    }

    static List<Map<String, Object>> wire(List<Tag> tags) {
        return tags.stream().map(t -> Map.<String, Object>of("Key", t.key(), "Value", t.value())).toList();
    }
}
