package io.dockyard.events.api;

import io.dockyard.events.scheduler.SchedulerAccess;
import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventsAccessTest {
    static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");

    @Test
    void rulesAreTheirArnsOnTheirBus() {
        EventsAccess events = new EventsAccess();
        assertThat(events.resources("PutRule", Map.of("Name", "nightly"), CTX)).containsExactly("arn:aws:events:eu-west-1:123456789012:rule/nightly");
        assertThat(events.resources("PutTargets", Map.of("Rule", "r", "EventBusName", "orders"), CTX)).containsExactly("arn:aws:events:eu-west-1:123456789012:rule/orders/r");
        assertThat(events.resources("PutEvents", Map.of(), CTX)).isEmpty();
        assertThat(events.resources("ListRules", Map.of("NamePrefix", "n"), CTX)).isEmpty();
        assertThat(events.resources("CreateEventBus", Map.of("Name", "orders"), CTX)).isEmpty();
    }

    @Test
    void schedulesAndGroupsAreTheirArns() {
        SchedulerAccess s = new SchedulerAccess();
        assertThat(s.resources("CreateSchedule", Map.of("Name", "n", "GroupName", "g"), CTX)).containsExactly("arn:aws:scheduler:eu-west-1:123456789012:schedule/g/n");
        assertThat(s.resources("GetSchedule", Map.of("Name", "n"), CTX)).containsExactly("arn:aws:scheduler:eu-west-1:123456789012:schedule/default/n");
        assertThat(s.resources("DeleteScheduleGroup", Map.of("Name", "g"), CTX)).containsExactly("arn:aws:scheduler:eu-west-1:123456789012:schedule-group/g");
        assertThat(s.resources("ListSchedules", Map.of(), CTX)).isEmpty();
    }
}
