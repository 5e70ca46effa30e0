package io.dockyard.events.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.core.port.EcsTaskRunner;
import io.dockyard.core.port.LogWriter;
import io.dockyard.core.port.QueueSender;
import io.dockyard.core.schedule.Schedule;
import io.dockyard.events.rules.Rule;
import io.dockyard.events.rules.RuleState;
import io.dockyard.events.rules.Target;
import io.dockyard.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes events put on a bus, matches them against the bus's rules and delivers them to each matching rule's targets —
 * ECS RunTask, an SQS queue, a log group, another bus — each delivery on a virtual thread of its own; a failed delivery is
 * retried with back-off within the target's RetryPolicy, then sent to its dead-letter queue. Scheduled rules fire from
 * {@link #fireSchedules} (on the leader), each occurrence once.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** An event on its way: the bus it was put on and the event document. */
    record Put(String bus, JsonNode event) {}

    /** What a delivery is for: a rule, or a Scheduler schedule (its name and ARN, and the startedBy of tasks it runs). */
    public record Origin(String name, String arn, String startedBy) {
        static Origin of(Rule r) { return new Origin(r.name(), r.arn(), "events-rule/" + r.name()); }
    }

    /** A delivery to retry at {@code due}. */
    record Retry(Origin rule, Target target, JsonNode event, int attempt, long due) implements Delayed {
        @Override public long getDelay(TimeUnit unit) { return unit.convert(due - System.currentTimeMillis(), TimeUnit.MILLISECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(due, ((Retry) o).due); }
    }

    private final RuleState state;
    private final Clock clock;
    private final String region;
    private final String account;
    private final EcsTaskRunner ecs;
    private final QueueSender queues;
    private final LogWriter logs;
    private final LinkedBlockingQueue<Put> inbox = new LinkedBlockingQueue<>();
    private final DelayQueue<Retry> retries = new DelayQueue<>();
    private final AtomicLong matched = new AtomicLong(), delivered = new AtomicLong(), failed = new AtomicLong();
    private volatile Duration firstRetry = Duration.ofSeconds(1);

    public Dispatcher(RuleState state, Clock clock, String region, String account, EcsTaskRunner ecs, QueueSender queues, LogWriter logs) {
        this.state = state;
        this.clock = clock;
        this.region = region;
        this.account = account;
        this.ecs = ecs;
        this.queues = queues;
        this.logs = logs;
    }

    /** The first retry's delay (doubling after each, at most a minute); tests shorten it. */
    public Dispatcher firstRetry(Duration d) {
        firstRetry = d;
        return this;
    }

    /** An event document as EventBridge builds it. */
    public ObjectNode event(String source, String detailType, List<String> resources, JsonNode detail, Instant time) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", detailType);
        e.put("source", source);
        e.put("account", account);
        e.put("time", time.atOffset(ZoneOffset.UTC).withNano(0).toInstant().toString());
        e.put("region", region);
        e.putArray("resources").addAll(resources.stream().map(r -> (JsonNode) Json.MAPPER.getNodeFactory().textNode(r)).toList());
        e.set("detail", detail == null ? Json.MAPPER.createObjectNode() : detail);
        return e;
    }

    /** Puts an event on a bus (delivered in the background). */
    public void put(String bus, JsonNode event) { inbox.add(new Put(bus, event)); }

    /** The loop body: matches and delivers what was put, and the retries that are due, until interrupted. */
    public void run() throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            Put p = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (p != null) dispatch(p);
            Retry r;
            while ((r = retries.poll()) != null) {
                Retry due = r;
                Thread.ofVirtual().start(() -> deliver(due.rule(), due.target(), due.event(), due.attempt()));
            }
        }
    }

    /** Matches one event against its bus's rules (indexed by source) and starts the deliveries. */
    void dispatch(Put p) {
        String source = p.event().path("source").asText(null);
        for (RuleState.Compiled c : state.candidates(p.bus(), source)) {
            if (!c.pattern().matches(p.event())) continue;
            matched.incrementAndGet();
            for (Target t : c.rule().targets()) Thread.ofVirtual().start(() -> deliver(Origin.of(c.rule()), t, p.event(), 0));
        }
    }

    /** Fires the scheduled rules whose next occurrence is due at {@code now}, each occurrence once (recorded in the rule). */
    public void fireSchedules() {
        Instant now = clock.instant();
        for (Rule r : state.scheduled()) {
            if (!r.enabled()) continue;
            Instant due;
            try {
                Schedule s = Schedule.parse(r.scheduleExpression(), true);
                Instant after = r.lastFired() != null ? r.lastFired() : r.scheduleAnchor();
                due = s.due(after, now, java.time.ZoneId.of("UTC"), r.scheduleAnchor());
            } catch (Schedule.Invalid e) {
                continue;
            }
            if (due == null) continue;
            if (!state.fire(r.bus(), r.name(), due)) continue;
            JsonNode event = event("aws.events", "Scheduled Event", List.of(r.arn()), null, due);
            matched.incrementAndGet();
            for (Target t : r.targets()) Thread.ofVirtual().start(() -> deliver(Origin.of(r), t, event, 0));
        }
    }

    /** Delivers (on the caller's thread) with retries and dead letters as for a rule's target. */
    public void deliver(Origin rule, Target t, JsonNode event, int attempt) {
        try {
            send(rule, t, event);
            delivered.incrementAndGet();
        } catch (RuntimeException e) {
            Target.Retry policy = t.retry() == null ? Target.Retry.DEFAULT : t.retry();
            Instant eventTime = Instant.parse(event.path("time").asText(clock.instant().toString()));
            long delay = Math.min(60_000, firstRetry.toMillis() << Math.min(attempt, 16));
            boolean expired = Duration.between(eventTime, clock.instant().plusMillis(delay)).getSeconds() > policy.maximumEventAgeSeconds();
            if (attempt < policy.maximumRetryAttempts() && !expired) {
                retries.add(new Retry(rule, t, event, attempt + 1, System.currentTimeMillis() + delay));
                return;
            }
            failed.incrementAndGet();
            log.info("event delivery failed rule={} target={} attempts={} error={}", rule.name(), t.id(), attempt + 1, e.getMessage());
            if (t.deadLetterArn() != null) {
                try {
                    queues.send(t.deadLetterArn(), Json.write(event), null, null);
                } catch (RuntimeException dlq) {
                    log.info("dead-letter queue refused the event rule={} target={} error={}", rule.name(), t.id(), dlq.getMessage());
                }
            }
        }
    }

    /** One attempt: the target by the service in its ARN. */
    private void send(Origin rule, Target t, JsonNode event) {
        String arn = t.arn();
        String input = Inputs.of(t, event, rule);
        if (arn.contains(":sqs:")) {
            String id = event.path("id").asText();
            queues.send(arn, input, t.sqsGroupId(), t.sqsGroupId() == null ? null : id);
        } else if (arn.contains(":logs:") && arn.contains(":log-group:")) {
            String group = arn.substring(arn.indexOf(":log-group:") + 11);
            if (group.endsWith(":*")) group = group.substring(0, group.length() - 2);
            logs.write(group, event.path("id").asText(), clock.instant(), input);
        } else if (arn.contains(":events:") && arn.contains(":event-bus/")) {
            String bus = arn.substring(arn.indexOf(":event-bus/") + 11);
            if (state.bus(bus) == null) throw new IllegalStateException("Event bus " + bus + " does not exist.");
            put(bus, event);
        } else if (arn.contains(":ecs:") && arn.contains(":cluster/")) {
            runTasks(t, arn, Inputs.configured(t) ? input : null, rule);
        } else {
            throw new IllegalStateException("Targets of this kind are not supported: " + arn);
        }
    }

    private void runTasks(Target t, String clusterArn, String overrides, Origin rule) {
        Target.Ecs p = t.ecs();
        if (p == null) throw new IllegalStateException("An ECS target needs EcsParameters.");
        List<EcsTaskRunner.StrategyItem> strategy = new ArrayList<>();
        if (p.capacityProviderStrategy() != null) {
            p.capacityProviderStrategy().forEach(s -> strategy.add(new EcsTaskRunner.StrategyItem(s.capacityProvider(), s.weight(), s.base())));
        }
        ecs.run(new EcsTaskRunner.Run(clusterArn, p.taskDefinitionArn(), Math.max(1, p.taskCount()), p.launchType(), strategy, p.subnets(),
                p.securityGroups(), p.assignPublicIp(), p.platformVersion(), p.group(), p.tags(), p.enableExecuteCommand(), p.propagateTags(),
                p.referenceId(), rule.startedBy(), overrides));
    }

    /** Events matched, deliveries made and deliveries given up since start. */
    public long[] counts() { return new long[]{matched.get(), delivered.get(), failed.get()}; }
}
