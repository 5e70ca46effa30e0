package io.dockyard.events;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.EcsTaskRunner;
import io.dockyard.core.port.EventPublisher;
import io.dockyard.core.port.LogWriter;
import io.dockyard.core.port.QueueSender;
import io.dockyard.events.api.EventsApi;
import io.dockyard.events.delivery.Dispatcher;
import io.dockyard.events.rules.Bus;
import io.dockyard.events.rules.RuleState;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonService;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Amazon EventBridge: buses, rules and schedules kept in the control plane's store (on PostgreSQL, shared by every
 * replica of a fleet: a rule made on one replica matches events put on any other); events put on a bus (by PutEvents, by other
 * buses' targets, by Dockyard's own services through {@link #publisher()}) are matched and delivered by the dispatcher
 * loop of the replica that got them; scheduled rules fire on the leader, each occurrence recorded with a compare-and-set
 * so it fires once even while two replicas briefly both lead.
 */
public final class Events {
    private final RuleState state;
    private final Dispatcher dispatcher;
    private final JsonService service;
    private final Bus defaultBus;

    private final io.dockyard.events.scheduler.Schedules schedules;
    private final io.dockyard.events.scheduler.SchedulerApi scheduler;

    private Events(RuleState state, Dispatcher dispatcher, JsonService service, Bus defaultBus, io.dockyard.events.scheduler.Schedules schedules,
                   io.dockyard.events.scheduler.SchedulerApi scheduler) {
        this.state = state;
        this.dispatcher = dispatcher;
        this.service = service;
        this.defaultBus = defaultBus;
        this.schedules = schedules;
        this.scheduler = scheduler;
    }

    /** Opens the rules and starts the dispatcher (on {@code supervisor}) and the schedules (on {@code leading}). */
    public static Events start(io.dockyard.core.port.Store store, Path dataDir, Clock clock, Supervisor supervisor, Supervisor leading, String region, String account, EcsTaskRunner ecs,
                               QueueSender queues, LogWriter logs) {
        Bus defaultBus = new Bus("default", "arn:aws:events:" + region + ":" + account + ":event-bus/default", null, clock.instant(), List.of());
        RuleState state = new RuleState(store, dataDir.resolve("events"), defaultBus);
        Dispatcher dispatcher = new Dispatcher(state, clock, region, account, ecs, queues, logs);
        var defaultGroup = new io.dockyard.events.scheduler.ScheduleGroup("default", "arn:aws:scheduler:" + region + ":" + account + ":schedule-group/default",
                "ACTIVE", clock.instant(), clock.instant(), List.of());
        var schedules = new io.dockyard.events.scheduler.Schedules(store, dataDir.resolve("events"), defaultGroup);
        Events events = new Events(state, dispatcher, EventsApi.service(state, dispatcher, clock, region, account), defaultBus, schedules,
                new io.dockyard.events.scheduler.SchedulerApi(schedules, clock, region, account));
        supervisor.start("events-dispatch", dispatcher::run);
        leading.every("events-schedules", Duration.ofMillis(250), dispatcher::fireSchedules);
        var runner = new io.dockyard.events.scheduler.SchedulerRunner(schedules, dispatcher, clock);
        leading.every("scheduler-schedules", Duration.ofMillis(250), runner::tick);
        return events;
    }

    public JsonService service() { return service; }

    /** Where Dockyard's services put their events: the default bus. */
    public EventPublisher publisher() {
        return e -> {
            com.fasterxml.jackson.databind.JsonNode detail;
            try {
                detail = Json.MAPPER.readTree(e.detailJson());
            } catch (java.io.IOException x) {
                throw new IllegalArgumentException("an event's detail must be JSON: " + x.getMessage(), x);
            }
            dispatcher.put("default", dispatcher.event(e.source(), e.detailType(), e.resources(), detail, e.time()));
        };
    }

    public Dispatcher dispatcher() { return dispatcher; }

    /** EventBridge Scheduler's REST API (an edge route: requests signed for {@code scheduler}). */
    public io.dockyard.events.scheduler.SchedulerApi scheduler() { return scheduler; }

    /** Deletes every rule and bus but the default one (the dev reset). */
    public void reset() {
        state.clear(defaultBus);
        schedules.clear();
    }
}
