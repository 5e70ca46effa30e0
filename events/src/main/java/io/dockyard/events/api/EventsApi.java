package io.dockyard.events.api;

import io.dockyard.events.delivery.Dispatcher;
import io.dockyard.events.rules.RuleState;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** EventBridge's operations (JSON 1.1, target prefix {@code AWSEvents}, signing name {@code events}). */
public final class EventsApi {
    private EventsApi() {}

    public static JsonService service(RuleState state, Dispatcher dispatcher, Clock clock, String region, String account) {
        Names names = new Names(state, region, account);
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new BusOperations(state, names, clock).all());
        ops.addAll(new RuleOperations(state, names, clock).all());
        ops.addAll(new TargetOperations(state, names).all());
        ops.addAll(new EventOperations(state, dispatcher, clock).all());
        return JsonService.of("AWSEvents", "events", ops);
    }
}
