package io.dockyard.events.api;

import io.dockyard.core.AwsException;
import io.dockyard.events.rules.Bus;
import io.dockyard.events.rules.RuleState;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** CreateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses. */
final class BusOperations {
    private final RuleState state;
    private final Names names;
    private final Clock clock;

    BusOperations(RuleState state, Names names, Clock clock) {
        this.state = state;
        this.names = names;
        this.clock = clock;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("CreateEventBus", this::create), NamedOperation.of("DeleteEventBus", this::delete),
                NamedOperation.of("DescribeEventBus", this::describe), NamedOperation.of("ListEventBuses", this::list));
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.required("Name");
        if (!Names.BUS_NAME.matcher(name).matches() || Names.DEFAULT.equals(name) || name.startsWith("aws.")) {
            throw in.constraint("name", name, "Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+");
        }
        synchronized (state) {
            if (state.bus(name) != null) throw new AwsException("ResourceAlreadyExistsException", 400, "Event bus " + name + " already exists.");
            state.putBus(new Bus(name, names.busArn(name), in.str("Description"), clock.instant(), Names.tags(in, "Tags")));
        }
        return Out.obj().with("EventBusArn", names.busArn(name));
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.required("Name");
        if (Names.DEFAULT.equals(name)) throw Names.validation("Cannot delete event bus default.");
        state.removeBus(name);
        return Out.obj();
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        Bus b = names.bus(new JsonInput(input), "Name");
        return Out.obj().with("Name", b.name()).with("Arn", b.arn()).with("Description", b.description()).with("CreationTime", b.created());
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String prefix = in.str("NamePrefix");
        List<Object> out = state.buses().stream().filter(b -> prefix == null || b.name().startsWith(prefix))
                .map(b -> (Object) Out.obj().with("Name", b.name()).with("Arn", b.arn()).with("Description", b.description())).toList();
        return Out.obj().with("EventBuses", out);
    }
}
