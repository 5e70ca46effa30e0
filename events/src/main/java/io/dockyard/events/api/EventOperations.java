package io.dockyard.events.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.AwsException;
import io.dockyard.events.delivery.Dispatcher;
import io.dockyard.events.pattern.EventPattern;
import io.dockyard.events.rules.RuleState;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PutEvents and TestEventPattern. */
final class EventOperations {
    static final int MAX_ENTRY_BYTES = 256 * 1024;
    private final RuleState state;
    private final Dispatcher dispatcher;
    private final Clock clock;

    EventOperations(RuleState state, Dispatcher dispatcher, Clock clock) {
        this.state = state;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("PutEvents", this::put), NamedOperation.of("TestEventPattern", this::test));
    }

    /** Each entry is checked on its own: a bad one fails with its error code, the others go on. */
    private Object put(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        List<JsonInput> entries = in.structs("Entries");
        if (entries.isEmpty() || entries.size() > 10) {
            throw in.constraint("entries", entries.size(), "Member must have length less than or equal to 10 and greater than or equal to 1");
        }
        List<Object> results = new ArrayList<>();
        int failed = 0;
        for (JsonInput e : entries) {
            String[] error = check(e);
            if (error != null) {
                failed++;
                results.add(Out.obj().with("ErrorCode", error[0]).with("ErrorMessage", error[1]));
                continue;
            }
            String busName = e.str("EventBusName");
            String bus = busName == null || busName.isEmpty() ? Names.DEFAULT
                    : busName.startsWith("arn:") ? busName.substring(busName.indexOf(":event-bus/") + 11) : busName;
            if (state.bus(bus) == null) {
                failed++;
                results.add(Out.obj().with("ErrorCode", "ResourceNotFoundException").with("ErrorMessage", "Event bus " + bus + " does not exist."));
                continue;
            }
            JsonNode detail = parse(e.str("Detail"));
            Instant time = e.instant("Time") == null ? clock.instant() : e.instant("Time");
            JsonNode event = dispatcher.event(e.str("Source"), e.str("DetailType"), e.strings("Resources"), detail, time);
            dispatcher.put(bus, event);
            results.add(Out.obj().with("EventId", event.path("id").asText()));
        }
        return Out.obj().with("FailedEntryCount", failed).with("Entries", results);
    }

    /** The entry's error code and message, or null when it is valid. */
    private static String[] check(JsonInput e) {
        String source = e.str("Source"), type = e.str("DetailType"), detail = e.str("Detail");
        if (source == null || source.isEmpty()) return new String[]{"InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument."};
        if (type == null || type.isEmpty()) return new String[]{"InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument."};
        if (detail == null || detail.isEmpty()) return new String[]{"InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument."};
        JsonNode d = parse(detail);
        if (d == null || !d.isObject()) return new String[]{"MalformedDetail", "Detail is malformed."};
        long size = source.getBytes(StandardCharsets.UTF_8).length + type.getBytes(StandardCharsets.UTF_8).length + detail.getBytes(StandardCharsets.UTF_8).length;
        for (String r : e.strings("Resources")) size += r.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_ENTRY_BYTES) return new String[]{"EntryTooLarge", "Total size of the entries in the request is over the limit."};
        if (source.startsWith("aws.")) return new String[]{"NotAuthorizedForSourceException", "Not authorized for the source."};
        return null;
    }

    private static JsonNode parse(String s) {
        try {
            return s == null ? null : Json.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private Object test(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        EventPattern p;
        try {
            p = EventPattern.parse(in.required("EventPattern"));
        } catch (EventPattern.Invalid e) {
            throw new AwsException("InvalidEventPatternException", 400, e.getMessage());
        }
        JsonNode event = parse(in.required("Event"));
        if (event == null || !event.isObject()) throw Names.validation("Parameter Event is not valid.");
        for (String f : List.of("id", "account", "source", "time", "region", "detail-type")) {
            if (!event.has(f)) throw Names.validation("Parameter Event is not valid. Reason: Provided Event is missing required field " + f + ".");
        }
        return Out.obj().with("Result", p.matches(event));
    }
}
