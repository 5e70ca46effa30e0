package io.dockyard.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Where Dockyard's services put the events AWS services emit (ECS task and deployment state changes, CloudWatch alarm
 * state changes, ECR image actions): the default EventBridge bus of the account. {@link #NONE} drops them.
 */
public interface EventPublisher {
    /** One event: its source ({@code aws.ecs}), detail type, resource ARNs, the detail document (JSON) and its time. */
    record Event(String source, String detailType, List<String> resources, String detailJson, Instant time) {
        public Event {
            resources = resources == null ? List.of() : List.copyOf(resources);
        }
    }

    void publish(Event event);

    EventPublisher NONE = e -> {};
}
